"""Marking does not wait for the comparison with every reviewed claim: the new claim's panel says
it is looking and asks for its similar claims at once in a request of its own, which compares
within the budget; polling a panel that handed the comparison to the task queue only reads."""

import pytest
from django.urls import reverse

from factcheck.models import SimilarList
from tests.claims.test_mark_form import seed_article, selection
from tests.htmx import HTMX
from tests.reviewed import reviewed_elsewhere

QUOTE = "Tu as dit l’exacte vérité"
PENDING = 'data-role="similar-pending"'


@pytest.fixture
def earlier(db):
    """The same words, checked before by the desk."""
    return reviewed_elsewhere(QUOTE)


def test_marking_shows_the_panel_then_its_similar_claims(seeded, earlier, editor, client_for):
    client = client_for(editor)
    article = seed_article()
    data = {**selection(), "kind": "direct_quote", "claim_reviewed": "Musk approuve 😀"}
    response = client.post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    claim = article.claims.get(created_by=editor)
    html = response.content.decode()
    assert PENDING in html
    url = reverse("claim_similar", args=[claim.pk]) + "?compare=1"
    assert f'hx-get="{url}" hx-trigger="load"' in html
    assert not SimilarList.objects.filter(claim=claim).exists()  # not compared by the mark

    found = client.get(url, **HTMX)
    assert found.status_code == 200
    assert PENDING not in found.content.decode()
    assert f'data-similar-claim="{earlier.pk}"' in found.content.decode()
    assert SimilarList.objects.filter(claim=claim, quote=claim.quote).exists()


@pytest.mark.parametrize("value", ["", "0", "true", " 1", "💥", "1" * 300])
def test_polling_without_compare_only_reads(seeded, earlier, editor, client_for, value):
    client = client_for(editor)
    article = seed_article()
    data = {**selection(), "kind": "direct_quote"}
    client.post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    claim = article.claims.get(created_by=editor)
    url = reverse("claim_similar", args=[claim.pk])
    polled = client.get(url, {"compare": value}, **HTMX)
    assert polled.status_code == 200
    assert PENDING in polled.content.decode()
    assert f'hx-get="{url}" hx-trigger="load delay:2s"' in polled.content.decode()
    assert not SimilarList.objects.filter(claim=claim).exists()
    refused = client.get(url, {"compare": "1\x00"}, **HTMX)
    assert refused.status_code == 400  # the guard on every parameter: no comparison, no 500
    assert not SimilarList.objects.filter(claim=claim).exists()
