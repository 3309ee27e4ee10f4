"""The corrections log: a superseded verdict's replacement with its date, reason, ratings and
diffs, on the claim panel and the corrections page (filterable by date, fixed queries)."""

import datetime

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, Rating, Verdict
from factcheck.verdicts import corrections
from tests.factories import ClaimFactory, VerdictFactory
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db
REASON = "L’Insee a révisé « ses chiffres » le 3 novembre."


def corrected(editor, reviewer, *, reason=REASON, summary="Plutôt faux : 3 %, pas 10 %."):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    original = VerdictFactory(
        claim=claim, author=editor, status=Verdict.Status.SUBMITTED, sourced=True
    )
    workflow.approve(original, reviewer=reviewer)
    correction = workflow.start_correction(claim, by=editor, reason=reason)
    workflow.save_verdict(
        claim,
        by=editor,
        rating=Rating.objects.get(slug="mostly-false"),
        summary=summary,
        rationale="<p>Les chiffres de l’Insee montrent une <strong>baisse de 3 %</strong>.</p>",
    )
    workflow.submit(correction, by=editor)
    workflow.approve(correction, reviewer=reviewer)
    correction.refresh_from_db()
    return original, correction


def test_a_correction_has_its_date_reason_ratings_and_diffs(editor, reviewer):
    original, correction = corrected(editor, reviewer)
    [found] = corrections.of(corrections.corrections())
    assert found.verdict == correction and found.previous == original
    assert found.reason == REASON and found.date == correction.reviewed_at
    assert (found.old_rating.slug, found.new_rating.slug) == ("false", "mostly-false")
    assert [(p.op, p.text) for p in found.summary_diff] == [
        ("delete", "Le chômage a baissé de 2"),
        ("insert", "Plutôt faux : 3"),
        ("equal", "%, pas"),
        ("delete", "de"),
        ("equal", "10 %."),
    ]
    assert ("delete", "2") in [(p.op, p.text) for p in found.rationale_diff]
    assert ("insert", "3") in [(p.op, p.text) for p in found.rationale_diff]


def test_an_open_correction_is_not_in_the_log_yet(editor, reviewer):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    original = VerdictFactory(claim=claim, author=editor, status="submitted", sourced=True)
    workflow.approve(original, reviewer=reviewer)
    workflow.start_correction(claim, by=editor, reason="Erreur de chiffre.")
    assert corrections.of(corrections.corrections()) == []


def test_the_corrections_page_lists_a_superseded_verdict_with_its_reason(
    editor, reviewer, viewer, client_for
):
    original, correction = corrected(editor, reviewer)
    response = client_for(viewer).get(reverse("correction_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "L’Insee a révisé « ses chiffres » le 3 novembre." in html
    assert (
        'data-role="old-rating">False<' in html and 'data-role="new-rating">Mostly false<' in html
    )
    assert "<del>Le chômage a baissé de 2</del> <ins>Plutôt faux : 3</ins>" in html
    assert f'href="{reverse("claim_detail", args=[correction.claim_id])}"' in html
    assert 'aria-current="page">Corrections</a>' in html


def test_the_claim_panel_lists_its_corrections(editor, reviewer, client_for):
    original, correction = corrected(editor, reviewer)
    html = client_for(editor).get(reverse("claim_detail", args=[correction.claim_id]), **HTMX)
    html = html.content.decode()
    assert 'data-role="corrections"' in html and "1 correction" in html
    assert REASON.replace("’", "’") in html


def test_filter_by_date(editor, reviewer, client_for):
    _, old = corrected(editor, reviewer, reason="Ancienne correction.")
    Verdict.objects.filter(pk=old.pk).update(
        reviewed_at=datetime.datetime(2024, 1, 15, 12, tzinfo=datetime.UTC)
    )
    corrected(editor, reviewer, reason="Nouvelle correction.")
    client = client_for(editor)

    def listed(**params):
        html = client.get(reverse("correction_list"), params, **HTMX).content.decode()
        return [r for r in ("Ancienne correction.", "Nouvelle correction.") if r in html]

    assert listed() == ["Ancienne correction.", "Nouvelle correction."]
    assert listed(approved_after="2024-01-01", approved_before="2024-01-31") == [
        "Ancienne correction."
    ]
    assert listed(approved_after="2024-02-01") == ["Nouvelle correction."]
    assert listed(approved_before="2023-12-31") == []
    # An htmx request aimed at the results gets them alone.
    partial = client.get(
        reverse("correction_list"), HTTP_HX_TARGET="listing-results", **HTMX
    ).content.decode()
    assert "<h1>" not in partial and "Nouvelle correction." in partial


def test_a_malformed_date_is_said_not_crashed(editor, client_for):
    response = client_for(editor).get(reverse("correction_list"), {"approved_after": "hier"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_page_runs_a_fixed_number_of_queries(
    editor, reviewer, client_for, django_assert_max_num_queries
):
    client = client_for(editor)
    corrected(editor, reviewer)
    client.get(reverse("correction_list"))  # warm the session and permissions

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("correction_list")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(5):
        corrected(editor, reviewer)
    # 7: session, user, the user's permissions (two: the role every page needs), the count, the
    # corrections, the header's role badge; 8 with the header's unread notifications.
    assert count() == one <= 8
