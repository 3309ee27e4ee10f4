"""Guards on every request: NUL bytes answered 400, a role required to see anything, cache and
Permissions-Policy headers, the language cookie's flags in production."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from factcheck.models import Article, Claim
from tests.core.test_settings import ROOT, UNSET
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nobody(db):
    """A logged-in user in no group, not a superuser: no role."""
    return UserFactory(username="nadia")


def test_nul_bytes_in_any_parameter_are_a_clear_400(client_for, editor, seeded):
    client = client_for(editor)
    claim = Claim.objects.first()
    for path in [
        "/articles/?q=%00",
        "/articles/?q=a%00b",
        "/speakers/search/?speaker_name=%00",
        f"/claims/{claim.pk}/links/candidates/?find=%00",
        "/claims/?q=%00",
        "/claims/export.csv?q=x%00",
        "/claims/?x%00=1",
    ]:
        response = client.get(path)
        assert response.status_code == 400, path
        assert "NUL" in response.content.decode()
    before = Claim.objects.get(pk=claim.pk).claim_reviewed
    response = client.post(
        reverse("claim_edit", args=[claim.pk]), {"claim_reviewed": "x\x00y", "version": 1}
    )
    assert response.status_code == 400
    assert Claim.objects.get(pk=claim.pk).claim_reviewed == before


def test_text_without_nul_passes_the_guard(client_for, editor, seeded):
    response = client_for(editor).get("/articles/", {"q": "Musk 🙂 \u202e\u00a0"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/", "/claims/", "/claims/export.csv", "/claims/claimreview.json", "/admin/"],
)
def test_a_user_without_a_role_sees_only_a_page_that_says_so(client_for, nobody, seeded, path):
    response = client_for(nobody).get(path)
    assert response.status_code == 403
    assert "no role" in response.content.decode()
    assert "Musk" not in response.content.decode()


def test_a_user_without_a_role_cannot_write(client_for, nobody, seeded):
    client = client_for(nobody)
    article = Article.objects.get()
    count = Claim.objects.count()
    response = client.post(reverse("mark_claim", args=[article.pk]), {"quote": "Musk"})
    assert response.status_code == 403
    assert Claim.objects.count() == count
    assert client.post(reverse("logout")).status_code == 302  # logging out still works


def test_a_user_given_a_role_sees_the_pages(client_for, nobody, seeded):
    from django.contrib.auth.models import Group

    nobody.groups.add(Group.objects.get(name="viewer"))
    assert client_for(nobody).get("/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/claims/", "/claims/export.csv", "/claims/claimreview.json"]
)
def test_authenticated_pages_and_exports_are_not_stored(client_for, viewer, seeded, path):
    response = client_for(viewer).get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_every_response_has_a_permissions_policy(client, viewer):
    for response in [client.get(reverse("login")), client.get("/")]:
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


def test_the_language_cookie_is_secure_and_http_only_in_production():
    base = {k: v for k, v in os.environ.items() if k not in UNSET}
    code = (
        "from django.conf import settings;"
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_HTTPONLY)"
    )
    env = {**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "SECRET_KEY": "k" * 60}
    production = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DEBUG": "0"},
        check=True,
    )
    assert production.stdout.split() == ["True", "True"]


def test_the_language_switch_sets_an_http_only_cookie(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.cookies["django_language"]["httponly"]
