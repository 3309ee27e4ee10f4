"""The "Statements found" list and its buttons over HTTP: roles checked on the server, junk
in every parameter answered with a sentence, never a 500, and the list in French."""

import json

import pytest
from django.urls import reverse

from factcheck.articles.body_versions import latest_number
from factcheck.models import Claim, DismissedStatement
from factcheck.statements import services
from tests.statements.conftest import MUSK, PRESIDENCY, WHITE_HOUSE

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def position(article, quote):
    found = next(p for p in services.proposals_for(article) if p.quote == quote)
    return {"start": found.start, "end": found.end, "body_version": latest_number(article)}


def test_article_without_claims_loads_the_list(client_for, editor, seed_article):
    page = client_for(editor).get(seed_article.get_absolute_url()).content.decode()
    assert reverse("statement_list", args=[seed_article.pk]) in page
    assert 'hx-trigger="load"' in page


def test_article_with_claims_offers_the_list_on_request(client_for, editor, seed_article):
    client = client_for(editor)
    client.post(reverse("statement_accept", args=[seed_article.pk]), position(seed_article, MUSK))
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert 'data-action="find-statements"' in page and 'hx-trigger="load"' not in page
    page = client.get(seed_article.get_absolute_url(), {"statements": "1"}).content.decode()
    assert 'hx-trigger="load"' in page


def test_list_fragment_names_quotes_speakers_and_kinds(client_for, editor, seed_article):
    response = client_for(editor).get(reverse("statement_list", args=[seed_article.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    for quote in (MUSK, WHITE_HOUSE, PRESIDENCY):
        assert quote in html
    assert "Elon Musk" in html and "Maison Blanche" in html and "direct quote" in html
    assert html.count('data-action="accept-statement"') == html.count("<blockquote")


def test_plain_get_answers_the_same_fragment(client_for, viewer, seed_article):
    response = client_for(viewer).get(reverse("statement_list", args=[seed_article.pk]))
    assert response.status_code == 200 and MUSK in response.content.decode()


def test_viewer_sees_the_list_without_buttons_and_cannot_post(client_for, viewer, seed_article):
    client = client_for(viewer)
    html = client.get(reverse("statement_list", args=[seed_article.pk]), **HTMX).content.decode()
    assert MUSK in html and "accept-statement" not in html
    for name in ("statement_accept", "statement_dismiss"):
        response = client.post(
            reverse(name, args=[seed_article.pk]), position(seed_article, MUSK), **HTMX
        )
        assert response.status_code == 403
        assert "not allowed" in response.content.decode()
    assert not Claim.objects.exists() and not DismissedStatement.objects.exists()


def test_accept_answers_the_list_and_refreshes_the_body(client_for, editor, seed_article):
    response = client_for(editor).post(
        reverse("statement_accept", args=[seed_article.pk]), position(seed_article, MUSK), **HTMX
    )
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.quote == MUSK and claim.speaker.name == "Elon Musk"
    triggers = json.loads(response["HX-Trigger-After-Swap"])
    assert "claims-changed" in triggers
    assert MUSK not in response.content.decode()


def test_plain_post_redirects_to_the_article(client_for, editor, seed_article):
    response = client_for(editor).post(
        reverse("statement_dismiss", args=[seed_article.pk]), position(seed_article, WHITE_HOUSE)
    )
    assert response.status_code == 302
    assert DismissedStatement.objects.get().quote == WHITE_HOUSE


def test_a_stale_proposal_is_a_conflict_with_a_sentence(client_for, editor, seed_article):
    client = client_for(editor)
    url = reverse("statement_accept", args=[seed_article.pk])
    data = position(seed_article, MUSK)
    assert client.post(url, data, **HTMX).status_code == 200
    response = client.post(url, data, **HTMX)
    assert response.status_code == 409
    assert "no longer proposed" in response.content.decode()
    assert Claim.objects.count() == 1


JUNK = [
    {},
    {"start": "", "end": ""},
    {"start": "abc", "end": "12"},
    {"start": "-1", "end": "4"},
    {"start": "5", "end": "99999999999999999999999"},
    {"start": "١٢", "end": "٣٤"},
    {"start": "1e3", "end": "2"},
    {"start": "🙂", "end": "‮12"},
    {"start": "3\u00a0", "end": "\r\n4"},
    {"start": ["1", "2"], "end": "5", "body_version": "x"},
]


@pytest.mark.parametrize("data", JUNK)
@pytest.mark.parametrize("name", ["statement_accept", "statement_dismiss"])
def test_junk_is_a_sentence_never_a_500(client_for, editor, seed_article, name, data):
    response = client_for(editor).post(reverse(name, args=[seed_article.pk]), data, **HTMX)
    assert response.status_code in (409, 422)
    assert "form-error" in response.content.decode()
    assert not Claim.objects.exists() and not DismissedStatement.objects.exists()


def test_nul_bytes_are_refused(client_for, editor, seed_article):
    url = reverse("statement_accept", args=[seed_article.pk])
    response = client_for(editor).post(url, {"start": "1\x00", "end": "2"}, **HTMX)
    assert response.status_code == 400
    assert not Claim.objects.exists()


def test_unknown_article_is_a_404(client_for, editor):
    client = client_for(editor)
    assert client.post(reverse("statement_accept", args=[999999]), {}, **HTMX).status_code == 404
    assert client.get(reverse("statement_list", args=[999999]), **HTMX).status_code == 404


def test_the_list_in_french(client_for, editor, seed_article):
    client = client_for(editor)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("statement_list", args=[seed_article.pk]), **HTMX).content.decode()
    assert "Déclarations trouvées" in html and "Accepter" in html and "Écarter" in html
    assert "citation directe" in html
    for english in ("Statements found", "Accept<", "Dismiss", "direct quote", "new person"):
        assert english not in html
