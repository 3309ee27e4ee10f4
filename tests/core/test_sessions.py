"""Sessions (core/sessions.py): Django's database sessions, read by one plain statement, with
Django's rules: an expired, unknown or junk key is no session, and a logout ends it."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_session_is_read_with_one_statement_and_holds_the_user(editor):
    client = signed_in(editor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/claims/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    assert len(reads) == 1 and "expire_date" in reads[0]


def test_an_expired_session_is_no_session(editor):
    client = signed_in(editor)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/claims/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short",
        "x" * 40,
        # As a WSGI server hands over any header: its UTF-8 bytes read as Latin-1.
        ("é🎉« »\u00a0ש" * 3).encode().decode("latin-1"),
        "' OR 1=1 --",
        "a" * 5000,
    ],
)
def test_an_unknown_or_junk_key_is_no_session(editor, key):
    client = signed_in(editor)
    client.cookies["sessionid"] = key
    response = client.get("/claims/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_logout_ends_the_session(editor):
    client = signed_in(editor)
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    other = Client()
    other.cookies["sessionid"] = key
    assert other.get("/claims/").status_code == 302
