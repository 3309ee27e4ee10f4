"""Mending what was marked, on real rows: a claim's facts, the rule that published words change
only through an approved correction, withdrawing and restoring a claim."""

import datetime

import pytest

from factcheck import workflow
from factcheck.core import locking
from factcheck.core.partial_dates import PartialDate, Precision
from factcheck.exports.exporting import claimreview_for
from factcheck.models import Claim, Speaker, Verdict
from tests.factories import ClaimFactory, SpeakerFactory, TagFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def approved_claim(author, reviewer, **claim_fields):
    claim = ClaimFactory(**claim_fields)
    verdict = VerdictFactory(claim=claim, author=author, sourced=True)
    workflow.submit(verdict, by=author)
    workflow.approve(verdict, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


def claimreview(claim):
    return claimreview_for(claim.pk, base_url="https://desk.example.org")


def facts_of(claim):
    claim.refresh_from_db()
    return (
        claim.claim_reviewed,
        claim.speaker_id,
        claim.kind,
        claim.claimed,
        sorted(claim.tags.values_list("name", flat=True)),
        claim.version,
    )


# ---- Editing facts -----------------------------------------------------------------------------


def test_an_editor_fixes_a_wrongly_attributed_speaker_kind_date_and_tags(editor):
    claim = ClaimFactory(speaker=SpeakerFactory(name="Elon Musk"))
    white_house = SpeakerFactory(name="Maison Blanche")
    tags = [TagFactory(name="Israël"), TagFactory(name="réseaux 😀")]
    workflow.edit_facts(
        claim,
        by=editor,
        speaker=white_house,
        kind=Claim.Kind.REPORTED,
        claimed=PartialDate.parse("2023-11-17"),
        tags=tags,
        expected=claim.version,
    )
    claim.refresh_from_db()
    assert claim.speaker == white_house and claim.kind == Claim.Kind.REPORTED
    assert (claim.claimed_on, claim.claimed_precision) == (datetime.date(2023, 11, 17), "day")
    assert sorted(t.name for t in claim.tags.all()) == ["Israël", "réseaux 😀"]
    assert claim.version == 2
    record = claim.history.first()
    assert (record.speaker_id, record.kind, record.history_user) == (
        white_house.pk,
        Claim.Kind.REPORTED,
        editor,
    )


def test_a_date_keeps_its_precision_and_can_be_cleared(editor):
    claim = ClaimFactory()
    workflow.edit_facts(
        claim, by=editor, speaker=None, kind=claim.kind, claimed=PartialDate.parse("2023"), tags=[]
    )
    claim.refresh_from_db()
    assert (claim.claimed, claim.claimed_precision, claim.speaker) == ("2023", Precision.YEAR, None)
    workflow.edit_facts(claim, by=editor, speaker=None, kind=claim.kind, claimed=None, tags=[])
    claim.refresh_from_db()
    assert (claim.claimed_on, claim.claimed_precision) == (None, "")


def test_a_stale_facts_form_is_refused_and_changes_nothing(editor, other_editor):
    claim = ClaimFactory()
    opened = claim.version
    workflow.edit_claim(claim, by=other_editor, claim_reviewed="Autre formulation", expected=opened)
    before = facts_of(claim)
    with pytest.raises(locking.StaleEdit):
        workflow.edit_facts(
            claim,
            by=editor,
            speaker=SpeakerFactory(name="Quelqu’un"),
            kind=claim.kind,
            claimed=None,
            tags=[TagFactory()],
            expected=opened,
        )
    assert facts_of(claim) == before


def test_a_viewer_cannot_edit_facts(viewer):
    claim = ClaimFactory()
    before = facts_of(claim)
    with pytest.raises(workflow.NotAllowed):
        workflow.edit_facts(
            claim, by=viewer, speaker=None, kind=Claim.Kind.PARAPHRASE, claimed=None, tags=[]
        )
    assert facts_of(claim) == before


# ---- Published words change only through an approved correction -------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"claim_reviewed": "Zorglub mentait"},
        {"speaker": "other"},
        {"kind": Claim.Kind.PARAPHRASE},
        {"claimed": "2023-11-20"},
    ],
    ids=["wording", "speaker", "kind", "date"],
)
def test_a_reviewed_claims_published_facts_are_refused_directly(
    editor, other_editor, reviewer, change
):
    claim = approved_claim(other_editor, reviewer)
    before = facts_of(claim)
    published = claimreview(claim)
    with pytest.raises(workflow.Conflict):
        if "claim_reviewed" in change:
            workflow.edit_claim(claim, by=editor, claim_reviewed=change["claim_reviewed"])
        else:
            workflow.edit_facts(
                claim,
                by=editor,
                speaker=SpeakerFactory(name="Autre") if "speaker" in change else claim.speaker,
                kind=change.get("kind", claim.kind),
                claimed=PartialDate.parse(change.get("claimed") or "2023"),
                tags=[],
            )
    assert facts_of(claim) == before
    assert claimreview(Claim.objects.get(pk=claim.pk)) == published


def test_a_claim_in_review_keeps_its_wording(editor):
    verdict = VerdictFactory(author=editor, sourced=True)
    workflow.submit(verdict, by=editor)
    with pytest.raises(workflow.Conflict):
        workflow.edit_claim(verdict.claim, by=editor, claim_reviewed="Autre chose")
    verdict.claim.refresh_from_db()
    assert verdict.claim.claim_reviewed == "Le chômage a baissé de 10 % en un an."


def test_a_reviewed_claims_tags_stay_editable(editor, other_editor, reviewer):
    claim = approved_claim(other_editor, reviewer)
    workflow.edit_facts(
        claim,
        by=editor,
        speaker=claim.speaker,
        kind=claim.kind,
        claimed=None,
        tags=[TagFactory(name="économie")],
    )
    assert [t.name for t in claim.tags.all()] == ["économie"]


def test_a_new_wording_goes_through_the_correction_and_a_reviewer(editor, reviewer):
    claim = approved_claim(editor, reviewer)
    white_house = SpeakerFactory(name="Maison Blanche", kind=Speaker.Kind.ORGANISATION)
    correction = workflow.start_correction(claim, by=editor, reason="Mauvaise attribution")
    workflow.edit_claim(claim, by=editor, claim_reviewed="Zorglub mentait")
    workflow.edit_facts(
        claim,
        by=editor,
        speaker=white_house,
        kind=Claim.Kind.REPORTED,
        claimed=PartialDate.parse("2023-11"),
        tags=[],
    )
    # Proposed, not published: the claim, its ClaimReview and its version stay as they were.
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Le chômage a baissé de 10 % en un an."
    assert claim.speaker != white_house
    assert claimreview(claim)["claimReviewed"] == claim.claim_reviewed
    correction.refresh_from_db()
    assert correction.claim_changes == {
        "claim_reviewed": "Zorglub mentait",
        "speaker": white_house.pk,
        "kind": "reported",
        "claimed": "2023-11",
    }
    workflow.submit(correction, by=editor)
    workflow.approve(correction, reviewer=reviewer)
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.speaker, claim.kind, claim.claimed) == (
        "Zorglub mentait",
        white_house,
        Claim.Kind.REPORTED,
        "2023-11",
    )
    assert claimreview(claim)["claimReviewed"] == "Zorglub mentait"
    changed = claim.history.filter(claim_reviewed="Zorglub mentait").order_by("history_id")
    assert changed.first().history_user == reviewer


def test_a_proposal_equal_to_the_claim_is_dropped(editor, reviewer):
    claim = approved_claim(editor, reviewer)
    correction = workflow.start_correction(claim, by=editor, reason="Formulation")
    workflow.edit_claim(claim, by=editor, claim_reviewed="Zorglub mentait")
    workflow.edit_claim(claim, by=editor, claim_reviewed=claim.claim_reviewed)
    correction.refresh_from_db()
    assert correction.claim_changes == {}


def test_only_the_corrections_author_proposes(editor, other_editor, reviewer):
    claim = approved_claim(editor, reviewer)
    correction = workflow.start_correction(claim, by=editor, reason="Formulation")
    with pytest.raises(workflow.Conflict):
        workflow.edit_claim(claim, by=other_editor, claim_reviewed="Zorglub mentait")
    correction.refresh_from_db()
    assert correction.claim_changes == {}


def test_a_sent_back_correction_keeps_its_proposal_and_the_claim_its_words(editor, reviewer):
    claim = approved_claim(editor, reviewer)
    correction = workflow.start_correction(claim, by=editor, reason="Formulation")
    workflow.edit_claim(claim, by=editor, claim_reviewed="Zorglub mentait")
    workflow.submit(correction, by=editor)
    with pytest.raises(workflow.Conflict):  # submitted: frozen for the reviewer
        workflow.edit_claim(claim, by=editor, claim_reviewed="Encore autre chose")
    workflow.send_back(correction, reviewer=reviewer, comment="Non")
    claim.refresh_from_db()
    correction.refresh_from_db()
    assert claim.claim_reviewed == "Le chômage a baissé de 10 % en un an."
    assert correction.claim_changes == {"claim_reviewed": "Zorglub mentait"}


# ---- Withdrawing -------------------------------------------------------------------------------


def test_a_mis_marked_claim_is_withdrawn_with_its_draft_and_restored(editor):
    draft = VerdictFactory(author=editor)
    claim = draft.claim
    workflow.withdraw(claim, by=editor, reason="Marquée par erreur")
    claim.refresh_from_db()
    assert (claim.status, claim.withdrawn_reason) == (Claim.Status.WITHDRAWN, "Marquée par erreur")
    assert Verdict.objects.filter(pk=draft.pk, status=Verdict.Status.DRAFT).exists()
    assert claim.history.first().status == Claim.Status.WITHDRAWN
    assert claim not in Claim.objects.reviewed()
    with pytest.raises(workflow.Conflict):
        workflow.save_verdict(claim, by=editor, rating=None, summary="x", rationale="")
    with pytest.raises(workflow.Conflict):
        workflow.edit_claim(claim, by=editor, claim_reviewed="Autre")
    workflow.restore(claim, by=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.withdrawn_reason) == (Claim.Status.IN_PROGRESS, "")


def test_a_set_aside_claim_comes_back_set_aside(editor):
    claim = ClaimFactory()
    workflow.set_not_checkable(claim, by=editor, reason="Une opinion")
    workflow.withdraw(claim, by=editor, reason="Doublon")
    workflow.restore(claim, by=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NOT_CHECKABLE


def test_withdrawing_needs_a_reason(editor):
    claim = ClaimFactory()
    with pytest.raises(workflow.Conflict):
        workflow.withdraw(claim, by=editor, reason=" \u00a0\u202f ")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_a_reviewed_or_in_review_claim_cannot_be_withdrawn(editor, other_editor, reviewer):
    reviewed = approved_claim(other_editor, reviewer)
    in_review = VerdictFactory(author=editor, sourced=True)
    workflow.submit(in_review, by=editor)
    for claim in (reviewed, in_review.claim):
        status = Claim.objects.get(pk=claim.pk).status
        with pytest.raises(workflow.Conflict):
            workflow.withdraw(claim, by=editor, reason="Erreur")
        assert Claim.objects.get(pk=claim.pk).status == status


def test_a_viewer_cannot_withdraw(viewer):
    claim = ClaimFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.withdraw(claim, by=viewer, reason="Erreur")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_only_a_withdrawn_claim_is_restored(editor):
    claim = ClaimFactory()
    with pytest.raises(workflow.Conflict):
        workflow.restore(claim, by=editor)


def test_the_claims_history_tells_what_was_mended_and_why_it_was_withdrawn(editor):
    from factcheck.verdicts.history import claim_history

    claim = ClaimFactory(speaker=SpeakerFactory(name="Elon Musk"))
    workflow.edit_facts(
        claim,
        by=editor,
        speaker=SpeakerFactory(name="Maison Blanche"),
        kind=claim.kind,
        claimed=PartialDate.parse("2023-11-17"),
        tags=[],
    )
    workflow.withdraw(claim, by=editor, reason="Doublon")
    changes = {
        (str(c.field), c.old, c.new) for entry in claim_history(claim) for c in entry.changes
    }
    assert ("speaker", "Elon Musk", "Maison Blanche") in changes
    assert ("claimed on", "—", "2023-11-17") in changes
    assert ("why withdrawn", "—", "Doublon") in changes
    assert ("status", "new", "withdrawn") in changes
