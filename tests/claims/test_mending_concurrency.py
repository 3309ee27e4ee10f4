"""Races on a published claim's facts, with two real PostgreSQL connections: a proposal on a
correction against its submission, and withdrawing against submitting. One order wins; nothing
is half-written and no step fails with a database error."""

import pytest
from django.db import connection

from factcheck import workflow
from factcheck.models import Claim, Verdict
from tests.core.test_concurrency import ROUNDS, race
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and two real concurrent connections",
    ),
]


def test_a_proposal_racing_the_corrections_submission_is_kept_whole_or_refused():
    author = UserFactory(username="edith", role="editor")
    remi = UserFactory(username="remi", role="reviewer")
    for round_ in range(ROUNDS):
        verdict = VerdictFactory(author=author, sourced=True)
        workflow.submit(verdict, by=author)
        workflow.approve(verdict, reviewer=remi)
        claim = Claim.objects.get(pk=verdict.claim_id)
        correction = workflow.start_correction(claim, by=author, reason="Formulation")
        wording = f"Nouvelle formulation {round_}"
        results = race(
            lambda c=claim, w=wording: workflow.edit_claim(c, by=author, claim_reviewed=w),
            lambda v=correction: workflow.submit(v, by=author),
        )
        proposed, submitted = results
        assert isinstance(submitted, Verdict), results
        correction.refresh_from_db()
        if isinstance(proposed, Claim):  # proposed first: the reviewer sees it
            assert correction.claim_changes == {"claim_reviewed": wording}
        else:  # submitted first: refused, nothing proposed
            assert isinstance(proposed, workflow.Conflict), results
            assert correction.claim_changes == {}
        claim.refresh_from_db()
        assert claim.claim_reviewed != wording and claim.status == Claim.Status.IN_REVIEW


def test_withdrawing_racing_a_submission_leaves_one_of_them():
    author = UserFactory(username="edith", role="editor")
    other = UserFactory(username="eric", role="editor")
    for _ in range(ROUNDS):
        claim = ClaimFactory()
        verdict = VerdictFactory(claim=claim, author=author)
        results = race(
            lambda c=claim: workflow.withdraw(c, by=other, reason="Marquée par erreur"),
            lambda v=verdict: workflow.submit(v, by=author),
        )
        claim.refresh_from_db()
        verdict.refresh_from_db()
        withdrawn, submitted = results
        if isinstance(withdrawn, Claim):
            assert isinstance(submitted, workflow.Conflict), results
            assert (claim.status, verdict.status) == (Claim.Status.WITHDRAWN, Verdict.Status.DRAFT)
        else:
            assert isinstance(withdrawn, workflow.Conflict), results
            assert isinstance(submitted, Verdict), results
            assert (claim.status, verdict.status) == (
                Claim.Status.IN_REVIEW,
                Verdict.Status.SUBMITTED,
            )
