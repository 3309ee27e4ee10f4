"""The dashboard's kept counts stay equal to a count of the tables through every step that moves
a claim or a verdict: the workflow, bulk updates, deletes, a user's deletion, a recount."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from factcheck import workflow
from factcheck.desk import queries, tallies
from factcheck.models import Claim, Rating, RatingTally, StatusTally, Verdict
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def kept():
    statuses = {
        (row.status, row.assignee_id): row.claims for row in StatusTally.objects.all() if row.claims
    }
    ratings = {row.rating_id: row.verdicts for row in RatingTally.objects.all() if row.verdicts}
    return statuses, ratings


def counted():
    statuses = {
        (row["status"], row["assignee_id"] or 0): row["n"]
        for row in Claim.objects.values("status", "assignee_id").annotate(n=Count("pk"))
    }
    ratings = {
        row["rating_id"]: row["n"]
        for row in Verdict.objects.filter(status=Verdict.Status.APPROVED)
        .values("rating_id")
        .annotate(n=Count("pk"))
    }
    return statuses, ratings


def check():
    assert kept() == counted()


def sourced(verdict):
    for publisher in ("Insee", "Eurostat"):
        SourceFactory(verdict=verdict, publisher=publisher)


def test_every_workflow_step_keeps_the_counts(editor, other_editor, reviewer):
    false, wrong = Rating.objects.get(slug="false"), Rating.objects.get(slug="mostly-false")
    article = ArticleFactory()
    claim = workflow.mark_claim(article=article, quote="mensonge", by=editor)
    check()
    workflow.assign(claim, assignee=editor, by=editor)
    check()
    workflow.assign(claim, assignee=other_editor, by=editor)
    check()
    verdict = workflow.save_verdict(
        claim, by=other_editor, rating=false, summary="Faux.", rationale="<p>Faux.</p>"
    )
    sourced(verdict)
    check()
    workflow.submit(verdict, by=other_editor)
    check()
    workflow.send_back(verdict, reviewer=reviewer, comment="Une source de plus 🙏")
    check()
    workflow.submit(verdict, by=other_editor)
    workflow.approve(verdict, reviewer=reviewer)
    check()
    assert kept()[1] == {false.pk: 1}
    correction = workflow.start_correction(claim, by=other_editor, reason="Chiffres révisés.")
    check()
    workflow.save_verdict(
        claim, by=other_editor, rating=wrong, summary="Plutôt faux.", rationale="<p>3 %.</p>"
    )
    workflow.submit(correction, by=other_editor)
    check()
    workflow.approve(correction, reviewer=reviewer)
    check()
    assert kept()[1] == {wrong.pk: 1}  # the superseded verdict no longer counts

    other = workflow.mark_claim(article=article, quote="« mensonge", by=editor)
    workflow.set_not_checkable(other, by=editor, reason="Une opinion.")
    check()
    workflow.reopen(other, by=editor)
    check()
    workflow.withdraw(other, by=editor, reason="Marquée par erreur.")
    check()
    workflow.restore(other, by=editor)
    check()
    workflow.change_status(other, status=Claim.Status.IN_PROGRESS, by=editor)
    check()


def test_bulk_updates_deletes_and_a_deleted_assignee_keep_the_counts(editor):
    leaving = UserFactory(username="leon", role="editor")
    claims = [ClaimFactory(assignee=leaving) for _ in range(3)]
    check()
    Claim.objects.filter(pk__in=[c.pk for c in claims[:2]]).update(status=Claim.Status.IN_PROGRESS)
    check()
    Claim.objects.filter(pk=claims[2].pk).update(quote="mensonge")  # no count moves
    check()
    get_user_model().objects.filter(pk=leaving.pk).delete()  # assignee set to nobody
    check()
    assert kept()[0] == {("in_progress", 0): 2, ("new", 0): 1}
    Claim.objects.filter(pk=claims[0].pk).delete()
    check()


def test_recount_repairs_counts_and_the_dashboard_reads_them(editor):
    ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS)
    ClaimFactory()
    StatusTally.objects.update(claims=99)
    tallies.recount()
    check()
    rows = {row.status: (row.total, row.mine) for row in queries.claim_counts_by_status(editor)}
    assert rows[Claim.Status.IN_PROGRESS] == (1, 1)
    assert rows[Claim.Status.NEW] == (1, 0)
    assert rows[Claim.Status.REVIEWED] == (0, 0)
