"""The verdict steps of the claim panel (write, submit, review, correct) and sources, per role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Claim, Rating, Source, Verdict
from tests.factories import ClaimFactory, SourceFactory, UserFactory, VerdictFactory
from tests.htmx import HTMX


def verdict_data(**extra):
    data = {
        "rating": Rating.objects.get(slug="false").pk,
        "summary": "Faux : aucune source ne le montre.",
        "rationale": '<div>Selon <strong>l’Insee</strong>, <a href="https://insee.fr">voir</a>.<br>'
        "<script>alert(1)</script></div>",
    }
    data.update(extra)
    return data


def submitted_by(author):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED, sourced=True)


WRITE_ROLES = [
    (None, 302),
    ("viewer", 403),
    ("editor", 200),
    ("reviewer", 200),
    ("admin_user", 200),
]


@pytest.mark.parametrize("role,expected", WRITE_ROLES)
def test_save_verdict_per_role(db, as_role, role, expected):
    client, user = as_role(role)
    claim = ClaimFactory()
    response = client.post(reverse("verdict_save", args=[claim.pk]), verdict_data(), **HTMX)
    assert response.status_code == expected
    assert claim.verdicts.exists() == (expected == 200)
    if expected == 200:
        verdict = claim.verdicts.get()
        assert verdict.author == user
        assert "<strong>l’Insee</strong>" in verdict.rationale and "<div>" in verdict.rationale
        assert "<script>" not in verdict.rationale and "alert" not in verdict.rationale
        assert 'rel="noopener noreferrer nofollow"' in verdict.rationale


def test_the_author_edits_the_draft_in_place(db, editor, client_for):
    claim = ClaimFactory()
    client = client_for(editor)
    client.post(reverse("verdict_save", args=[claim.pk]), verdict_data(), **HTMX)
    client.post(reverse("verdict_save", args=[claim.pk]), verdict_data(summary="Nuancé."), **HTMX)
    assert list(claim.verdicts.values_list("summary", flat=True)) == ["Nuancé."]


def test_someone_else_cannot_edit_the_draft(db, editor, other_editor, client_for):
    verdict = VerdictFactory(author=editor)
    response = client_for(other_editor).post(
        reverse("verdict_save", args=[verdict.claim_id]),
        verdict_data(summary="Pris."),
        **HTMX,
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#panel-alert"
    verdict.refresh_from_db()
    assert verdict.summary != "Pris."


@pytest.mark.parametrize("role,expected", WRITE_ROLES)
def test_submit_own_verdict_per_role(db, as_role, role, expected):
    client, user = as_role(role)
    verdict = VerdictFactory(author=user or UserFactory(role="editor"), sourced=True)
    response = client.post(reverse("verdict_submit", args=[verdict.pk]), **HTMX)
    assert response.status_code == expected
    verdict.refresh_from_db()
    assert (verdict.status == Verdict.Status.SUBMITTED) == (expected == 200)


def test_submitting_without_a_summary_is_a_conflict_in_the_panel(db, editor, client_for):
    verdict = VerdictFactory(author=editor, summary="")
    response = client_for(editor).post(reverse("verdict_submit", args=[verdict.pk]), **HTMX)
    assert response.status_code == 409
    assert "summary" in response.content.decode()


REVIEW_ROLES = [
    (None, 302),
    ("viewer", 403),
    ("editor", 403),
    ("reviewer", 200),
    ("admin_user", 200),
]


@pytest.mark.parametrize("role,expected", REVIEW_ROLES)
def test_approve_per_role(db, as_role, other_editor, role, expected):
    client, _ = as_role(role)
    verdict = submitted_by(other_editor)
    response = client.post(reverse("verdict_approve", args=[verdict.pk]), **HTMX)
    assert response.status_code == expected
    verdict.refresh_from_db()
    assert (verdict.status == Verdict.Status.APPROVED) == (expected == 200)
    if expected == 200:
        assert 'data-status="reviewed"' in response.content.decode()


@pytest.mark.parametrize("role,expected", REVIEW_ROLES)
def test_send_back_per_role(db, as_role, other_editor, role, expected):
    client, _ = as_role(role)
    verdict = submitted_by(other_editor)
    url = reverse("verdict_send_back", args=[verdict.pk])
    response = client.post(url, {"comment": "Il manque la source."}, **HTMX)
    assert response.status_code == expected
    verdict.refresh_from_db()
    assert (verdict.status == Verdict.Status.SENT_BACK) == (expected == 200)


def test_reviewer_cannot_approve_own_verdict_even_by_hand(db, reviewer, client_for):
    verdict = submitted_by(reviewer)
    response = client_for(reviewer).post(reverse("verdict_approve", args=[verdict.pk]))
    assert response.status_code == 403
    assert "Nobody approves their own verdict" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_own_verdict_shows_no_approve_button(db, reviewer, client_for):
    verdict = submitted_by(reviewer)
    html = (
        client_for(reviewer)
        .get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX)
        .content.decode()
    )
    assert 'data-action="approve"' not in html and "Waiting for another reviewer" in html


def test_double_approve_leaves_one_approval(db, editor, reviewer, other_reviewer, client_for):
    verdict = submitted_by(editor)
    url = reverse("verdict_approve", args=[verdict.pk])
    assert client_for(reviewer).post(url, **HTMX).status_code == 200
    second = client_for(other_reviewer).post(url, **HTMX)
    assert second.status_code == 409
    verdict.refresh_from_db()
    assert verdict.reviewer == reviewer


def test_send_back_needs_a_comment(db, editor, reviewer, client_for):
    verdict = submitted_by(editor)
    response = client_for(reviewer).post(
        reverse("verdict_send_back", args=[verdict.pk]), {"comment": ""}, **HTMX
    )
    assert response.status_code == 422
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_correction_per_role_and_old_verdict_stays_readable(
    db, editor, reviewer, viewer, client_for
):
    verdict = submitted_by(editor)
    client_for(reviewer).post(reverse("verdict_approve", args=[verdict.pk]), **HTMX)
    url = reverse("correction_start", args=[verdict.claim_id])
    reason = {"reason": "L’Insee a révisé « ses chiffres »."}
    assert client_for(viewer).post(url, reason, **HTMX).status_code == 403
    response = client_for(editor).post(url, {"reason": " "}, **HTMX)
    assert response.status_code == 422 and not Verdict.objects.filter(supersedes=verdict).exists()
    assert "This field is required" in response.content.decode()
    response = client_for(editor).post(url, reason, **HTMX)
    assert response.status_code == 200
    correction = Verdict.objects.get(supersedes=verdict)
    assert correction.correction_reason == "L’Insee a révisé « ses chiffres »."
    html = response.content.decode()
    assert f'data-verdict-id="{verdict.pk}"' in html  # the published verdict, still shown
    assert 'data-action="save-verdict"' in html

    client = client_for(editor)
    client.post(reverse("verdict_save", args=[verdict.claim_id]), verdict_data(), **HTMX)
    client.post(reverse("verdict_submit", args=[correction.pk]), **HTMX)
    client_for(reviewer).post(reverse("verdict_approve", args=[correction.pk]), **HTMX)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUPERSEDED
    html = client.get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX).content.decode()
    assert "1 earlier verdict" in html and f'data-verdict-id="{verdict.pk}"' in html


# --- Sources --------------------------------------------------------------------------------

SOURCE = {
    "url": "https://www.insee.fr/fr/statistiques/1",
    "title": "Taux de chômage « BIT »",
    "publisher": "Insee",
    "kind": "dataset",
}


@pytest.mark.parametrize("role,expected", WRITE_ROLES)
def test_add_source_to_own_draft_per_role(db, as_role, role, expected):
    client, user = as_role(role)
    verdict = VerdictFactory(author=user or UserFactory(role="editor"))
    response = client.post(reverse("source_add", args=[verdict.pk]), SOURCE, **HTMX)
    assert response.status_code == expected
    assert verdict.sources.filter(title="Taux de chômage « BIT »").exists() == (expected == 200)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://insee.fr/x", "pas une adresse"])
def test_source_url_must_be_http_or_https(db, editor, client_for, url):
    verdict = VerdictFactory(author=editor)
    response = client_for(editor).post(
        reverse("source_add", args=[verdict.pk]), {**SOURCE, "url": url}, **HTMX
    )
    assert response.status_code == 422
    assert "http:// or https://" in response.content.decode()
    assert not verdict.sources.exists()


def test_source_without_scheme_gets_https(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    client_for(editor).post(
        reverse("source_add", args=[verdict.pk]), {**SOURCE, "url": "insee.fr/x"}, **HTMX
    )
    assert verdict.sources.get().url == "https://insee.fr/x"


def test_edit_a_source_in_place(db, editor, client_for):
    source = SourceFactory(verdict=VerdictFactory(author=editor))
    client = client_for(editor)
    url = reverse("source_edit", args=[source.pk])
    form = client.get(url, **HTMX).content.decode()
    assert 'class="source-form"' in form and f'id="source-{source.pk}"' in form
    row = client.post(url, {**SOURCE, "title": "Nouveau titre"}, **HTMX)
    assert row.status_code == 200
    # The row itself comes first; the evidence and the history follow, out of band.
    row = row.content.decode().split("hx-swap-oob")[0]
    assert "Nouveau titre" in row and "<form" not in row
    bad = client.post(url, {**SOURCE, "url": "javascript:x"}, **HTMX)
    assert bad.status_code == 422
    source.refresh_from_db()
    assert source.title == "Nouveau titre"


def test_remove_a_source(db, editor, client_for):
    source = SourceFactory(verdict=VerdictFactory(author=editor))
    response = client_for(editor).post(reverse("source_delete", args=[source.pk]), **HTMX)
    assert response.status_code == 200
    assert not Source.objects.filter(pk=source.pk).exists()
    html = response.content.decode()
    assert f"removed the source “{source.title}”" in html  # the history keeps it
    assert f'id="source-{source.pk}"' not in html


def test_sources_of_someone_elses_or_submitted_verdict_are_frozen(
    db, editor, other_editor, client_for
):
    source = SourceFactory(verdict=VerdictFactory(author=editor))
    other = client_for(other_editor)
    assert other.get(reverse("source_edit", args=[source.pk]), **HTMX).status_code == 403
    assert other.post(reverse("source_delete", args=[source.pk]), **HTMX).status_code == 403
    assert other.post(reverse("source_edit", args=[source.pk]), SOURCE, **HTMX).status_code == 403
    Verdict.objects.filter(pk=source.verdict_id).update(status=Verdict.Status.SUBMITTED)
    mine = client_for(editor)
    assert mine.post(reverse("source_delete", args=[source.pk]), **HTMX).status_code == 409
    assert Source.objects.filter(pk=source.pk).exists()


def test_viewer_cannot_touch_sources(db, viewer, client_for):
    source = SourceFactory()
    client = client_for(viewer)
    assert client.post(reverse("source_delete", args=[source.pk])).status_code == 403
    assert client.get(reverse("source_edit", args=[source.pk])).status_code == 403


# --- History and query counts ---------------------------------------------------------------


def test_history_lists_who_did_what(db, editor, reviewer, client_for):
    claim = ClaimFactory()
    client = client_for(editor)
    client.post(reverse("verdict_save", args=[claim.pk]), verdict_data(), **HTMX)
    verdict = claim.verdicts.get()
    client.post(reverse("source_add", args=[verdict.pk]), SOURCE, **HTMX)
    other = {**SOURCE, "url": "https://ec.europa.eu/eurostat/1", "publisher": "Eurostat"}
    client.post(reverse("source_add", args=[verdict.pk]), other, **HTMX)
    client.post(reverse("verdict_submit", args=[verdict.pk]), **HTMX)
    html = client_for(reviewer).post(reverse("verdict_approve", args=[verdict.pk]), **HTMX)
    html = html.content.decode()
    history = html[html.index('class="history"') :]
    assert "<strong>remi</strong> changed the verdict" in history
    assert "submitted for review → approved" in history
    assert "<strong>edith</strong> added the source “Taux de chômage « BIT »”" in history
    assert "new → in progress" in history


def panel_queries(client, claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_claim_panel_runs_a_fixed_number_of_queries(db, editor, reviewer, client_for):
    client = client_for(editor)
    # Both claims have one of everything (so the same lookups run); the big one has many.
    small, big = ClaimFactory(), ClaimFactory()
    SourceFactory(
        verdict=VerdictFactory(
            claim=small, author=editor, status=Verdict.Status.SUPERSEDED, reviewer=reviewer
        )
    )
    VerdictFactory(claim=small, author=editor)
    for _ in range(3):
        old = VerdictFactory(
            claim=big, author=editor, status=Verdict.Status.SUPERSEDED, reviewer=reviewer
        )
        SourceFactory.create_batch(20, verdict=old)
    current = VerdictFactory(claim=big, author=editor)
    SourceFactory.create_batch(20, verdict=current)
    for n in range(30):
        big.claim_reviewed = f"version {n}"
        big.save()
    # Warm the user's permission cache the same way for both, and store their similar claims
    # (found once per quote, on the first render).
    panel_queries(client, small)
    panel_queries(client, big)
    # 17, plus 1 for the evidence rules, 4 for the linked and similar claims (links, their
    # verdicts, whether the stored similar claims fit the quote, the similar claims) and 1 for
    # the sources' snapshots, whatever their number; 3 for the notes, whether the user follows
    # the claim, and the notes in its history; 2 for other desks' fact-checks (those linked,
    # those that match, tests/external counts them with many imported).
    assert panel_queries(client, small) == panel_queries(client, big) <= 28
