"""Concurrent clicks with two real database connections: each thread has its own connection,
a barrier lines them up, and the outcome must be one winner and one refusal, nothing lost.

PostgreSQL only: SQLite has no row locks (select_for_update is a no-op) and its test database is
shared-cache memory, where a second writer fails with "database table is locked" instead of
waiting, so a race there tests SQLite's table lock, not ours."""

import threading

import pytest
from django.db import connection

from factcheck import workflow
from factcheck.core import locking
from factcheck.models import Claim, Rating, Verdict
from factcheck.verdicts import sources
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and two real concurrent connections",
    ),
]
ROUNDS = 5


def race(*steps):
    """Run each step in its own thread and connection, all released at once; the results are
    what each returned or raised, in order."""
    barrier = threading.Barrier(len(steps))
    results = [None] * len(steps)

    def run(index, step):
        try:
            barrier.wait(timeout=10)
            results[index] = step()
        except Exception as error:  # the outcome under test, a refusal or anything unexpected
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def people():
    return (
        UserFactory(username="edith", role="editor"),
        UserFactory(username="remi", role="reviewer"),
        UserFactory(username="rosa", role="reviewer"),
    )


def submitted(author):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED, sourced=True)


def test_two_reviewers_approving_at_once_leave_exactly_one_approval():
    author, remi, rosa = people()
    for _ in range(ROUNDS):
        verdict = submitted(author)
        results = race(
            lambda v=verdict: workflow.approve(v, reviewer=remi),
            lambda v=verdict: workflow.approve(v, reviewer=rosa),
        )
        winners = [r for r in results if isinstance(r, Verdict)]
        refused = [r for r in results if isinstance(r, workflow.Conflict)]
        assert len(winners) == 1 and len(refused) == 1, results
        verdict.refresh_from_db()
        assert verdict.status == Verdict.Status.APPROVED
        assert verdict.reviewer == winners[0].reviewer
        assert verdict.claim.status == Claim.Status.REVIEWED
        approvals = verdict.history.filter(status=Verdict.Status.APPROVED)
        assert approvals.count() == 1


def test_approve_and_send_back_at_once_leave_one_outcome():
    author, remi, rosa = people()
    for _ in range(ROUNDS):
        verdict = submitted(author)
        results = race(
            lambda v=verdict: workflow.approve(v, reviewer=remi),
            lambda v=verdict: workflow.send_back(v, reviewer=rosa, comment="Sources ?"),
        )
        assert sum(isinstance(r, Verdict) for r in results) == 1, results
        assert sum(isinstance(r, workflow.Conflict) for r in results) == 1, results
        verdict.refresh_from_db()
        expected_claim = {
            Verdict.Status.APPROVED: Claim.Status.REVIEWED,
            Verdict.Status.SENT_BACK: Claim.Status.IN_PROGRESS,
        }[verdict.status]
        assert verdict.claim.status == expected_claim


def test_two_stale_edits_of_the_same_verdict_one_wins_one_is_refused():
    author, _, _ = people()
    rating = Rating.objects.get(slug="false")
    for _ in range(ROUNDS):
        verdict = VerdictFactory(author=author, summary="Début")

        def edit(summary, v=verdict):
            return workflow.save_verdict(
                v.claim, by=author, rating=rating, summary=summary, rationale="", expected=1
            )

        results = race(lambda: edit("Onglet un"), lambda: edit("Onglet deux"))
        winners = [r for r in results if isinstance(r, Verdict)]
        refused = [r for r in results if isinstance(r, locking.StaleEdit)]
        assert len(winners) == 1 and len(refused) == 1, results
        verdict.refresh_from_db()
        assert verdict.version == 2 and verdict.summary == winners[0].summary
        # Nothing lost: the refused one is told what is saved, and its own text comes back.
        assert refused[0].current.summary == verdict.summary
        assert refused[0].typed["summary"] in {"Onglet un", "Onglet deux"} - {verdict.summary}
        assert verdict.history.filter(summary=verdict.summary, version=2).count() == 1


def test_submit_racing_approve_leaves_a_consistent_verdict_and_claim():
    author, remi, _ = people()
    for _ in range(ROUNDS):
        claim = ClaimFactory(status=Claim.Status.IN_PROGRESS)
        verdict = VerdictFactory(claim=claim, author=author, sourced=True)
        results = race(
            lambda v=verdict: workflow.submit(v, by=author),
            lambda v=verdict: workflow.approve(v, reviewer=remi),
        )
        assert isinstance(results[0], Verdict), results  # submitting a draft always works
        verdict.refresh_from_db()
        claim.refresh_from_db()
        if isinstance(results[1], Verdict):  # the approval waited for the submission's lock
            assert (verdict.status, claim.status) == (
                Verdict.Status.APPROVED,
                Claim.Status.REVIEWED,
            )
        else:  # the approval came first and found a draft
            assert isinstance(results[1], workflow.Conflict), results
            assert (verdict.status, claim.status) == (
                Verdict.Status.SUBMITTED,
                Claim.Status.IN_REVIEW,
            )


def test_submit_racing_a_source_removal_never_sends_a_verdict_short_of_the_evidence_rule():
    author, _, _ = people()
    for _ in range(ROUNDS):
        claim = ClaimFactory(status=Claim.Status.IN_PROGRESS)
        verdict = VerdictFactory(claim=claim, author=author, sourced=True)
        source = verdict.sources.first()
        results = race(
            lambda v=verdict: workflow.submit(v, by=author),
            lambda s=source: sources.remove_source(s, by=author),
        )
        verdict.refresh_from_db()
        if verdict.status == Verdict.Status.SUBMITTED:  # the removal waited, found it frozen
            assert isinstance(results[1], workflow.Conflict), results
            assert verdict.sources.count() == 2
        else:  # the removal came first: the submission counted one publisher and refused
            assert isinstance(results[0], workflow.Conflict), results
            assert "cannot be submitted yet" in results[0].message
            assert (verdict.status, verdict.sources.count()) == (Verdict.Status.DRAFT, 1)
