"""The API: tokens an administrator issues and revokes, the permission table for each role,
the claims page's filters and pages, imports and marks, the OpenAPI description."""

import pytest
from django.urls import reverse

from factcheck.api import tokens
from factcheck.models import ApiToken, Article, Claim
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db
SEED_TEXT = "date 2023-11 Le président a dit : « Tout va bien. »\n\nL’opposition répond 🙂."


@pytest.fixture
def bearer(client):
    """``bearer(user)``: a client function sending that user's fresh token."""

    def make(user):
        _, secret = tokens.issue(user=user, name="test")
        headers = {"Authorization": f"Bearer {secret}"}

        class Api:
            def get(self, path, params=None):
                return client.get(f"/api{path}", params or {}, headers=headers)

            def post(self, path, payload):
                return client.post(
                    f"/api{path}", payload, content_type="application/json", headers=headers
                )

        return Api()

    return make


def test_no_token_a_wrong_one_or_a_revoked_one_is_401(client, viewer):
    assert client.get("/api/claims").status_code == 401
    for header in ["Bearer nope", "Bearer ", "Basic abc", "Bearer " + "x" * 5000, "Bearer 🙂"]:
        assert client.get("/api/claims", headers={"Authorization": header}).status_code == 401
    token, secret = tokens.issue(user=viewer, name="cms")
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/claims", headers=auth).status_code == 200
    tokens.revoke(ApiToken.objects.filter(pk=token.pk))
    assert client.get("/api/claims", headers=auth).status_code == 401


def test_a_deactivated_person_s_token_stops_working(client, editor):
    _, secret = tokens.issue(user=editor, name="cms")
    editor.is_active = False
    editor.save()
    assert (
        client.get("/api/claims", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_only_the_hash_is_kept(viewer):
    token, secret = tokens.issue(user=viewer, name="cms")
    assert secret not in {token.key_hash, token.prefix} and secret.startswith(token.prefix)


def test_a_person_with_no_role_reads_nothing(bearer):
    nobody = UserFactory(username="nobody")
    ClaimFactory()
    assert bearer(nobody).get("/claims").status_code == 403


def test_a_viewer_reads_claims_verdicts_articles_and_corrections(bearer, viewer):
    verdict = VerdictFactory(sourced=True)
    api = bearer(viewer)
    claims = api.get("/claims").json()
    assert claims["count"] == 1 and claims["items"][0]["quote"] == verdict.claim.quote
    assert api.get(f"/claims/{verdict.claim_id}").json()["speaker"] == verdict.claim.speaker.name
    verdicts = api.get(f"/claims/{verdict.claim_id}/verdicts").json()
    assert [len(v["sources"]) for v in verdicts] == [2]
    assert api.get(f"/verdicts/{verdict.pk}").json()["rating"] == "false"
    assert api.get("/articles").json()["count"] == 1
    assert "chômage" in api.get(f"/articles/{verdict.claim.article_id}").json()["body"]
    assert api.get("/corrections").json()["count"] == 0
    assert api.get("/claims/999999").status_code == 404


def test_the_claims_page_filters_and_pages(bearer, viewer):
    article = ArticleFactory()
    for _ in range(55):
        ClaimFactory(article=article)
    ClaimFactory(article=article, status=Claim.Status.IN_REVIEW, priority=4)
    api = bearer(viewer)
    first = api.get("/claims").json()
    assert first["count"] == 56 and len(first["items"]) == 50
    assert len(api.get("/claims", {"page": 2}).json()["items"]) == 6
    assert api.get("/claims", {"status": "in_review"}).json()["count"] == 1
    assert api.get("/claims", {"sort": "-priority"}).json()["items"][0]["priority"] == 4
    assert api.get("/claims", {"q": "chômage"}).json()["count"] == 56


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"sort": "password"},
        {"speaker": "abc"},
        {"page": "0"},
        {"q": "\x00"},
    ],
)
def test_junk_filters_are_refused_clearly(bearer, viewer, params):
    response = bearer(viewer).get("/claims", params)
    assert response.status_code in (400, 422)


def test_a_viewer_may_not_import_or_mark(bearer, viewer):
    api = bearer(viewer)
    assert api.post("/articles", {"text": SEED_TEXT}).status_code == 403
    article = ArticleFactory()
    assert api.post(f"/articles/{article.pk}/claims", {"quote": "chômage"}).status_code == 403
    assert not Claim.objects.exists()


def test_an_editor_imports_an_article_and_marks_a_claim(bearer, editor):
    api = bearer(editor)
    response = api.post("/articles", {"text": SEED_TEXT, "outlet": "Le Quotidien"})
    assert response.status_code == 201, response.content
    article = Article.objects.get(pk=response.json()["id"])
    assert article.body.endswith("🙂.") and response.json()["published"] == "2023-11"
    assert api.post("/articles", {"text": SEED_TEXT}).status_code == 409  # same text again
    response = api.post(
        f"/articles/{article.pk}/claims",
        {"quote": "« Tout va bien. »", "claim_reviewed": "Tout va bien."},
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert (claim.created_by, response.json()["quote"]) == (editor, "« Tout va bien. »")
    missing = api.post(f"/articles/{article.pk}/claims", {"quote": "absent"})
    assert missing.status_code == 422 and "not in the article" in missing.json()["detail"]
    assert api.post("/articles", {"text": ""}).status_code == 422
    assert api.post("/articles", {"text": "date 2023-13 x"}).status_code == 422


def test_the_openapi_description_lists_every_endpoint(client, admin_user):
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/claims/{claim_id}/verdicts",
        "/api/verdicts/{verdict_id}",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/claims",
        "/api/corrections",
    }
    assert client.get("/api/docs").status_code == 302  # the page needs a login
    client.force_login(admin_user)
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in page.content.decode()


def test_an_administrator_issues_a_token_once_and_revokes_it(client_for, admin_user, editor):
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:factcheck_apitoken_add"), {"user": editor.pk, "name": "CMS"}, follow=True
    )
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    secret = next(word for m in shown for word in m.split() if word.startswith(token.prefix))
    assert tokens.user_for(secret) == editor
    client.post(
        reverse("admin:factcheck_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert tokens.user_for(secret) is None
    assert client.get(reverse("admin:factcheck_apitoken_changelist")).status_code == 200


@pytest.mark.parametrize("number", ["9223372036854775808", "100000000000000000000", "0"])
def test_an_id_no_row_can_have_is_refused_not_a_server_error(bearer, viewer, number):
    api = bearer(viewer)
    for path in (f"/claims/{number}", f"/verdicts/{number}", f"/articles/{number}"):
        assert api.get(path).status_code in (404, 422)
