"""workflow.change_status: the bulk action's step, within the workflow's rules."""

import pytest

from factcheck import workflow
from factcheck.models import Claim, Verdict
from tests.factories import ClaimFactory, VerdictFactory


def test_new_and_in_progress_swap(editor):
    claim = ClaimFactory()
    assert workflow.change_status(claim, status="in_progress", by=editor).status == "in_progress"
    assert workflow.change_status(claim, status="new", by=editor).status == "new"


def test_not_checkable_needs_a_reason_and_reopens(editor):
    claim = ClaimFactory()
    with pytest.raises(workflow.Conflict):
        workflow.change_status(claim, status="not_checkable", by=editor)
    claim = workflow.change_status(claim, status="not_checkable", by=editor, reason="Opinion")
    assert claim.status == Claim.Status.NOT_CHECKABLE
    claim = workflow.change_status(claim, status="in_progress", by=editor)
    assert (claim.status, claim.not_checkable_reason) == (Claim.Status.IN_PROGRESS, "")


@pytest.mark.parametrize("target", ["in_review", "reviewed", "bogus"])
def test_verdict_statuses_cannot_be_set_by_hand(editor, target):
    claim = ClaimFactory()
    with pytest.raises(workflow.Conflict):
        workflow.change_status(claim, status=target, by=editor)


def test_a_claim_in_review_keeps_its_status(editor):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    VerdictFactory(claim=claim, status=Verdict.Status.SUBMITTED)
    with pytest.raises(workflow.Conflict):
        workflow.change_status(claim, status="new", by=editor)


def test_a_claim_with_a_draft_is_not_new_again(editor):
    claim = ClaimFactory(status=Claim.Status.IN_PROGRESS)
    VerdictFactory(claim=claim, author=editor)
    with pytest.raises(workflow.Conflict):
        workflow.change_status(claim, status="new", by=editor)


def test_viewer_may_not(viewer):
    claim = ClaimFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.change_status(claim, status="in_progress", by=viewer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW
