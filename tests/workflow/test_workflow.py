"""The review workflow's rules, on real rows: who may take each step and what it leaves behind."""

import pytest

from factcheck import workflow
from factcheck.models import Claim, Rating, Source, Verdict
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory


@pytest.fixture
def false_rating(db):
    return Rating.objects.get(slug="false")


def submitted(author, **fields):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    fields.setdefault("sourced", True)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED, **fields)


def test_mark_claim_finds_the_quote_with_curly_apostrophes_and_guillemets(editor):
    article = ArticleFactory()
    claim = workflow.mark_claim(article=article, quote="« mensonge  éhonté »", by=editor, hint=9999)
    assert claim.quote == "« mensonge éhonté »"
    assert article.body[claim.start_offset : claim.end_offset] == claim.quote
    assert claim.status == Claim.Status.NEW and claim.created_by == editor


def test_mark_claim_refuses_words_not_in_the_body(editor):
    with pytest.raises(workflow.QuoteNotFound):
        workflow.mark_claim(article=ArticleFactory(), quote="Le chômage a triplé", by=editor)
    assert not Claim.objects.exists()


def test_viewer_cannot_mark_a_claim(viewer):
    with pytest.raises(workflow.NotAllowed):
        workflow.mark_claim(article=ArticleFactory(), quote="mensonge", by=viewer)


def test_saving_a_verdict_takes_the_claim_in_progress(editor, false_rating):
    claim = ClaimFactory()
    verdict = workflow.save_verdict(
        claim, by=editor, rating=false_rating, summary=" Faux. ", rationale="<p>x</p>"
    )
    claim.refresh_from_db()
    assert (verdict.status, verdict.summary) == (Verdict.Status.DRAFT, "Faux.")
    assert (claim.status, claim.assignee) == (Claim.Status.IN_PROGRESS, editor)


def test_only_the_author_edits_an_open_verdict(editor, other_editor, false_rating):
    verdict = VerdictFactory(author=editor)
    with pytest.raises(workflow.NotAllowed):
        workflow.save_verdict(
            verdict.claim, by=other_editor, rating=false_rating, summary="x", rationale=""
        )


def test_submit_puts_the_claim_in_review_and_its_history_shows_it(editor):
    verdict = VerdictFactory(author=editor, sourced=True)
    workflow.submit(verdict, by=editor)
    verdict.claim.refresh_from_db()
    assert verdict.claim.status == Claim.Status.IN_REVIEW
    assert verdict.claim.history.first().status == Claim.Status.IN_REVIEW


def test_submit_needs_a_summary(editor):
    verdict = VerdictFactory(author=editor, summary="")
    with pytest.raises(workflow.Conflict):
        workflow.submit(verdict, by=editor)


def test_nobody_approves_their_own_verdict(reviewer):
    verdict = submitted(reviewer)
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(verdict, reviewer=reviewer)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_an_editor_cannot_approve(editor, other_editor):
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(submitted(other_editor), reviewer=editor)


def test_approve_reviews_the_claim(editor, reviewer):
    verdict = workflow.approve(submitted(editor), reviewer=reviewer)
    verdict.claim.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED and verdict.reviewer == reviewer
    assert verdict.claim.status == Claim.Status.REVIEWED
    assert list(Claim.objects.reviewed()) == [verdict.claim]


def test_a_second_approval_of_the_same_verdict_is_a_conflict(editor, reviewer, other_reviewer):
    verdict = submitted(editor)
    stale_copy = Verdict.objects.get(pk=verdict.pk)
    workflow.approve(verdict, reviewer=reviewer)
    with pytest.raises(workflow.Conflict):
        workflow.approve(stale_copy, reviewer=other_reviewer)
    assert Verdict.objects.filter(status=Verdict.Status.APPROVED).count() == 1
    assert Verdict.objects.get().reviewer == reviewer


def test_send_back_needs_a_comment_and_returns_the_claim_to_work(editor, reviewer):
    verdict = submitted(editor)
    with pytest.raises(workflow.Conflict):
        workflow.send_back(verdict, reviewer=reviewer, comment="  ")
    workflow.send_back(verdict, reviewer=reviewer, comment="Sources ?")
    verdict.refresh_from_db()
    verdict.claim.refresh_from_db()
    assert (verdict.status, verdict.review_comment) == (Verdict.Status.SENT_BACK, "Sources ?")
    assert verdict.claim.status == Claim.Status.IN_PROGRESS
    workflow.submit(verdict, by=editor)  # the author fixes it and submits again


def test_not_checkable_needs_a_reason_and_reopen_brings_it_back(editor):
    claim = ClaimFactory()
    with pytest.raises(workflow.Conflict):
        workflow.set_not_checkable(claim, by=editor, reason=" ")
    workflow.set_not_checkable(claim, by=editor, reason="Une prédiction.")
    claim.refresh_from_db()
    assert (claim.status, claim.not_checkable_reason) == (
        Claim.Status.NOT_CHECKABLE,
        "Une prédiction.",
    )
    workflow.reopen(claim, by=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.not_checkable_reason) == (Claim.Status.NEW, "")


def test_a_claim_in_review_cannot_be_set_aside(editor):
    verdict = submitted(editor)
    with pytest.raises(workflow.Conflict):
        workflow.set_not_checkable(verdict.claim, by=editor, reason="Opinion")


def test_a_correction_supersedes_on_approval_and_the_old_verdict_stays(editor, reviewer):
    original = workflow.approve(submitted(editor), reviewer=reviewer)
    correction = workflow.start_correction(
        original.claim, by=editor, reason="Un nouveau chiffre de l’Insee."
    )
    assert correction.correction_reason == "Un nouveau chiffre de l’Insee."
    assert correction.supersedes == original and correction.status == Verdict.Status.DRAFT
    assert [s.publisher for s in correction.sources.all()] == ["Insee", "Eurostat"]
    assert Source.objects.filter(verdict=original).count() == 2
    original.refresh_from_db()
    assert original.status == Verdict.Status.APPROVED  # still published while corrected

    workflow.save_verdict(
        original.claim,
        by=editor,
        rating=Rating.objects.get(slug="misleading"),
        summary="Trompeur plutôt que faux.",
        rationale="<p>Corrigé.</p>",
    )
    workflow.submit(correction, by=editor)
    workflow.approve(correction, reviewer=reviewer)
    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == Verdict.Status.SUPERSEDED
    assert original.summary == "Le chômage a baissé de 2 %, pas de 10 %."
    assert correction.status == Verdict.Status.APPROVED
    assert correction.rating.slug == "misleading"


def test_a_correction_needs_an_approved_verdict_and_no_open_one(editor, reviewer):
    with pytest.raises(workflow.Conflict):
        workflow.start_correction(
            ClaimFactory(), by=editor, reason="Un nouveau chiffre de l’Insee."
        )
    original = workflow.approve(submitted(editor), reviewer=reviewer)
    with pytest.raises(workflow.Conflict, match="Say why"):
        workflow.start_correction(original.claim, by=editor, reason="  ")
    workflow.start_correction(original.claim, by=editor, reason="Un nouveau chiffre de l’Insee.")
    with pytest.raises(workflow.Conflict):
        workflow.start_correction(
            original.claim, by=editor, reason="Un nouveau chiffre de l’Insee."
        )
    # Writing a new verdict over the approved one without a correction is refused too.
    Verdict.objects.filter(claim=original.claim, status="draft").delete()
    with pytest.raises(workflow.Conflict, match="start a correction"):
        workflow.save_verdict(
            original.claim, by=editor, rating=original.rating, summary="x", rationale=""
        )


def test_assign_takes_a_new_claim_in_progress_and_refuses_viewers(editor, viewer):
    claim = ClaimFactory()
    workflow.assign(claim, assignee=editor, by=editor)
    claim.refresh_from_db()
    assert (claim.assignee, claim.status) == (editor, Claim.Status.IN_PROGRESS)
    with pytest.raises(workflow.NotAllowed):
        workflow.assign(claim, assignee=viewer, by=editor)
    with pytest.raises(workflow.NotAllowed):
        workflow.assign(claim, assignee=editor, by=viewer)


def test_edit_claim_rewords_it_for_editors_only(editor, viewer):
    claim = ClaimFactory()
    workflow.edit_claim(claim, by=editor, claim_reviewed="  Le chômage a baissé.  ")
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Le chômage a baissé."
    with pytest.raises(workflow.NotAllowed):
        workflow.edit_claim(claim, by=viewer, claim_reviewed="x")
