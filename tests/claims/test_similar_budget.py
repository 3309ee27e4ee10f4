"""A similar-claims comparison that outruns its budget goes to the task queue: the panel says it
is looking and fetches the suggestions once a real worker has stored them; an approval returns
without waiting and the approved claim joins the other claims' lists afterwards (PostgreSQL:
the budget is its statement timeout)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from factcheck import workflow
from factcheck.claims import similar
from factcheck.models import Rating, SimilarClaim, SimilarList
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory
from tests.reviewed import reviewed_elsewhere

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the budget is PostgreSQL's"),
]

MUSK = "Tu as dit l’exacte vérité"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def slow(monkeypatch, settings):
    """Every comparison takes 0.3 s of the database's time, against a budget of 0.05 s."""
    settings.SIMILAR_INLINE_SECONDS = 0.05
    find = similar.find

    def slow_find(quote, candidates, limit):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.3)")
        return find(quote, candidates, limit)

    monkeypatch.setattr(similar, "find", slow_find)


def test_the_panel_looks_in_the_background_then_shows_them(slow, client_for, editor):
    earlier = reviewed_elsewhere(MUSK, 1)
    claim = ClaimFactory(article=ArticleFactory(body=f"« {MUSK} ! »"), quote=MUSK + " !")
    client = client_for(editor)

    panel = client.get(reverse("claim_detail", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    html = panel.content.decode()
    assert 'data-role="similar-pending"' in html
    assert reverse("claim_similar", args=[claim.pk]) in html
    assert not SimilarList.objects.filter(claim=claim).exists()

    still = client.get(reverse("claim_similar", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert 'data-role="similar-pending"' in still.content.decode()  # no worker yet

    run_worker()
    assert SimilarList.objects.filter(claim=claim, quote=claim.quote).exists()
    found = client.get(reverse("claim_similar", args=[claim.pk]), HTTP_HX_REQUEST="true")
    html = found.content.decode()
    assert 'data-role="similar-pending"' not in html
    assert f'data-similar-claim="{earlier.pk}"' in html


def test_within_the_budget_the_panel_shows_them_at_once(client_for, editor, settings):
    settings.SIMILAR_INLINE_SECONDS = 5
    earlier = reviewed_elsewhere(MUSK, 1)
    claim = ClaimFactory(article=ArticleFactory(body=f"« {MUSK} ! »"), quote=MUSK + " !")
    panel = client_for(editor).get(reverse("claim_detail", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert f'data-similar-claim="{earlier.pk}"' in panel.content.decode()
    # The request's own time limit is back to the workbench's afterwards.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "5s"


def test_an_approval_does_not_wait_and_the_claim_joins_the_lists_later(slow, editor, reviewer):
    waiting = ClaimFactory(article=ArticleFactory(body=f"« {MUSK} ! »"), quote=MUSK + " !")
    similar.refresh(waiting)  # its list is stored, empty: no claim is reviewed yet
    assert not SimilarClaim.objects.filter(claim=waiting).exists()

    claim = workflow.mark_claim(article=ArticleFactory(body=f"« {MUSK} »"), quote=MUSK, by=editor)
    verdict = workflow.save_verdict(
        claim,
        by=editor,
        rating=Rating.objects.get(slug="false"),
        summary="Faux.",
        rationale="<p>Faux.</p>",
    )
    for publisher in ("Insee", "Eurostat"):
        SourceFactory(verdict=verdict, publisher=publisher)
    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)  # past its budget: handed to the queue
    assert not SimilarClaim.objects.filter(claim=waiting, similar=claim).exists()

    run_worker()
    assert SimilarClaim.objects.filter(claim=waiting, similar=claim).exists()
