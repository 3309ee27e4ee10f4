"""The bounded paginator: counts as far as the page asked plus a margin, never past max_rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.core.paging import BoundedPaginator
from factcheck.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(db):
    return Tag.objects.bulk_create([Tag(name=f"thème {n} 🌍") for n in range(12)])


def paginate(page, **kwargs):
    paginator = BoundedPaginator(Tag.objects.order_by("pk"), 2, page=page, **kwargs)
    return paginator, paginator.get_page(page)


def test_a_short_list_is_counted_exactly(tags):
    paginator, page = paginate("1")
    assert (paginator.count, paginator.capped, paginator.num_pages) == (12, False, 6)
    assert [tag.name for tag in page] == ["thème 0 🌍", "thème 1 🌍"]


def test_a_long_list_is_counted_up_to_the_page_and_a_margin(tags):
    paginator, page = paginate("2", margin=3)
    assert (paginator.count, paginator.capped) == (7, True)
    assert page.number == 2 and page.has_next()
    with CaptureQueriesContext(connection) as queries:
        BoundedPaginator(Tag.objects.all(), 2, page="2", margin=3).count  # noqa: B018
    assert "LIMIT 8" in queries[0]["sql"]


def test_no_page_lies_deeper_than_max_rows(tags):
    paginator, page = paginate("5", max_rows=6)
    assert (paginator.count, paginator.capped, page.number) == (6, True, 3)
    assert [tag.name for tag in page] == ["thème 4 🌍", "thème 5 🌍"]
    assert not page.has_next()


@pytest.mark.parametrize(
    "junk", ["", "0", "-3", "abc", "1e9", "\u0000", "٣", "99999999999999999999999", "2\r\n", None]
)
def test_junk_page_numbers_give_a_page(tags, junk):
    paginator, page = paginate(junk)
    assert 1 <= page.number <= paginator.num_pages
