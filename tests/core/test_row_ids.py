"""Ids in URLs: a number too big for the database is a 404 on every route, never an overflow in
the driver (SQLite raises OverflowError past 2**63 - 1)."""

import re

import pytest
from django.urls import get_resolver

from factcheck import urls

pytestmark = pytest.mark.django_db

HUGE = ["100000000000000000000", "9223372036854775808", "999999999999999999"]


def routes_with_ids() -> list[str]:
    """Every workbench route that takes an id, as a pattern string: "claims/<id:pk>/"."""
    return [
        str(pattern.pattern)
        for pattern in get_resolver(urls).url_patterns
        if "<id:" in str(pattern.pattern)
    ]


def test_every_id_in_a_url_is_a_bounded_row_id():
    assert routes_with_ids()
    assert not [
        str(p.pattern) for p in get_resolver(urls).url_patterns if "<int:" in str(p.pattern)
    ]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("route", routes_with_ids())
def test_a_huge_id_is_a_404(client_for, viewer, editor, route, number):
    slots = re.findall(r"<id:\w+>", route)
    for huge in range(len(slots)):  # the huge number in each slot in turn, 1 in the others
        values = iter(number if index == huge else "1" for index in range(len(slots)))
        path = "/" + re.sub(r"<id:\w+>", lambda _match, values=values: next(values), route)
        for user in (viewer, editor):
            client = client_for(user)
            assert client.get(path).status_code in {403, 404, 405}, path
            assert client.post(path, {}).status_code in {403, 404, 405}, path
