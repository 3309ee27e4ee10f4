"""Fixtures shared by every test: one user per role, logged-in clients, the seed article."""

import secrets

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from factcheck.core import kept
from tests.roles import make_user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow by design; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default(settings):
    # The desk works in French by default; tests read English unless they switch (cookie,
    # Accept-Language or translation.override), which keeps their assertions readable.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def no_kept_fragments():
    # Kept page fragments (core/kept.py) live in the process's memory, shared with the live
    # server's thread.
    cache.clear()


@pytest.fixture(scope="session")
def reference_data(django_db_setup, django_db_blocker):
    """The rows the migrations create (roles, permissions, rating scale), serialized once."""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def reference_rows(request):
    """Put the migrations' rows back for tests that run in real transactions.

    Such a test (live server, concurrency, backups) is followed by a flush that empties every
    table. Django's serialized_rollback would restore them, but its copy does not survive
    Playwright's event loop, so the suite keeps its own."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if not transactional:
        return
    data = request.getfixturevalue("reference_data")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        # The flush recreated content types and permissions with new ids: start from empty.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(data)
    # The flush started the content generation again, and the ids too (SQLite): an earlier
    # test's page, still rendering in the live server's thread, would keep its fragment under
    # a generation and address this test reaches. A generation never goes back in production;
    # here each test starts far from the others.
    kept.move_generation(past=secrets.randbelow(2**48))


@pytest.fixture
def viewer(db):
    return make_user("viewer")


@pytest.fixture
def editor(db):
    return make_user("editor")


@pytest.fixture
def other_editor(db):
    return make_user("other_editor")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer")


@pytest.fixture
def other_reviewer(db):
    return make_user("other_reviewer")


@pytest.fixture
def admin_user(db):
    return make_user("administrator")


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user`` (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def as_role(request, client_for):
    """``as_role("editor")``: the client logged in as that fixture's user (None: anonymous)."""

    def login(role):
        user = request.getfixturevalue(role) if role else None
        return client_for(user), user

    return login


@pytest.fixture
def seeded(db):
    """Everything under seeds/ loaded, as ``make run`` does."""
    call_command("load_seeds", verbosity=0)


@pytest.fixture(scope="session")
def web_server():
    """The local web server of tests/web.py, for the whole run."""
    from tests.web import WebServer

    with WebServer() as server:
        yield server


@pytest.fixture
def web(web_server, settings):
    """The local web server, its host (localhost) allowed past the public-address rule; the
    address 127.0.0.1 itself stays refused, so a redirect to it shows the rule at work."""
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    settings.FETCH_CONNECT_TIMEOUT = 2
    settings.FETCH_TIMEOUT = 2
    settings.FETCH_MAX_BYTES = 1024 * 1024
    return web_server
