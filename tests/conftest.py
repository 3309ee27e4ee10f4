"""Fixtures shared by every test: one user per role, logged-in clients, the seed article."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow by design; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def viewer(db):
    return UserFactory(username="vera", role="viewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="edith", role="editor")


@pytest.fixture
def other_editor(db):
    return UserFactory(username="eric", role="editor")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="remi", role="reviewer")


@pytest.fixture
def other_reviewer(db):
    return UserFactory(username="rosa", role="reviewer")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


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
def seeded(db):
    """Everything under seeds/ loaded, as ``make run`` does."""
    call_command("load_seeds", verbosity=0)
