"""The desk's roles, once: who each test user is. The fixtures in tests/conftest.py, the
permission table (tests/core/test_permission_table.py) and the rule walk
(tests/workflow/test_offer_matches_rules.py) all make their users here."""

from tests.factories import UserFactory

# name -> the user's fields; "role" is the group (tests/factories.py UserFactory); None: nobody
# logged in.
USERS = {
    "anonymous": None,
    "nobody": {"username": "nadia"},  # logged in, in no group
    "viewer": {"username": "vera", "role": "viewer"},
    "editor": {"username": "edith", "role": "editor"},
    "other_editor": {"username": "eric", "role": "editor"},
    "reviewer": {"username": "remi", "role": "reviewer"},
    "other_reviewer": {"username": "rosa", "role": "reviewer"},
    "administrator": {"username": "ada", "is_staff": True, "is_superuser": True},
}

# One user of each kind of account, for tables that need no "other" of a role.
ROLES = ["anonymous", "nobody", "viewer", "editor", "reviewer", "administrator"]


def make_user(name: str):
    """The user called ``name`` in USERS (created once per test), or None for anonymous."""
    fields = USERS[name]
    return None if fields is None else UserFactory(**fields)
