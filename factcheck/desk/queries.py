"""Reads that feed the dashboard and the articles list, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext_lazy

from factcheck.collab import queue
from factcheck.models import Article, Claim, Rating, RatingTally, StatusTally, Verdict

# ---- Articles list ---------------------------------------------------------------------------


def articles_with_claim_counts(search: str = "", *, archived: bool = False) -> QuerySet:
    """Articles, newest first, each with ``claims_total`` and ``claims_<status>`` counts; the
    archived ones only when ``archived``, the others otherwise.

    One query: conditional aggregation over the claims, so a page of 50 articles costs the same
    as a page of one.
    """
    counts = {
        f"claims_{status.value}": Count("claims", filter=Q(claims__status=status))
        for status in Claim.Status
    }
    articles = Article.objects.archived() if archived else Article.objects.current()
    articles = articles.annotate(claims_total=Count("claims"), **counts)
    search = search.strip()
    if search:
        articles = articles.filter(Q(title__icontains=search) | Q(outlet__icontains=search))
    return articles.only("pk", "title", "outlet", "published_on", "published_precision").order_by(
        F("published_on").desc(nulls_last=True), "-imported_at", "-pk"
    )


# A number of claims with their status, in words that agree with the number ("4 nouvelles").
COUNTED_STATUS = {
    Claim.Status.NEW: ngettext_lazy("%(count)d new", "%(count)d new", "count"),
    Claim.Status.IN_PROGRESS: ngettext_lazy(
        "%(count)d in progress", "%(count)d in progress", "count"
    ),
    Claim.Status.IN_REVIEW: ngettext_lazy("%(count)d in review", "%(count)d in review", "count"),
    Claim.Status.REVIEWED: ngettext_lazy("%(count)d reviewed", "%(count)d reviewed", "count"),
    Claim.Status.NOT_CHECKABLE: ngettext_lazy(
        "%(count)d not checkable", "%(count)d not checkable", "count"
    ),
    Claim.Status.WITHDRAWN: ngettext_lazy("%(count)d withdrawn", "%(count)d withdrawn", "count"),
}


def status_counts(article) -> list[tuple[Claim.Status, int, str]]:
    """The non-zero ``claims_<status>`` counts of an article from ``articles_with_claim_counts``,
    each with its words: (status, count, "4 new")."""
    pairs = [(status, getattr(article, f"claims_{status.value}")) for status in Claim.Status]
    return [
        (status, count, COUNTED_STATUS[status] % {"count": count})
        for status, count in pairs
        if count
    ]


# ---- Dashboard -------------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: Claim.Status
    total: int
    mine: int


def claim_counts_by_status(user) -> list[StatusCount]:
    """Every status with the desk's count and the user's (assigned to them), in workflow order:
    read from the kept counts (a few dozen rows), never from the claims table."""
    total: dict[str, int] = {}
    mine: dict[str, int] = {}
    for status, assignee_id, claims in StatusTally.objects.values_list(
        "status", "assignee_id", "claims"
    ):
        total[status] = total.get(status, 0) + claims
        if assignee_id == user.pk:
            mine[status] = claims
    return [
        StatusCount(status, total.get(status, 0), mine.get(status, 0)) for status in Claim.Status
    ]


def rating_counts() -> QuerySet:
    """Every rating of the scale with ``reviewed``: how many claims it is the current verdict of
    (the kept count of approved verdicts; a claim has at most one)."""
    kept = RatingTally.objects.filter(rating_id=OuterRef("pk")).values("verdicts")[:1]
    return Rating.objects.annotate(reviewed=Coalesce(Subquery(kept), 0)).order_by("order")


def _verdicts_with_claims() -> QuerySet:
    return Verdict.objects.select_related(
        "claim__article", "claim__speaker", "rating", "author", "reviewer"
    )


def my_open_claims(user, limit: int = 10) -> QuerySet:
    """My queue: claims assigned to the user that still need work (new or in progress), due
    first with the overdue ones at the top, then the most pressing (factcheck.collab.queue)."""
    return queue.queue_of(user, limit=limit)


def sent_back_to(user, limit: int = 10) -> QuerySet:
    """The user's verdicts a reviewer sent back, with the comment to act on."""
    return (
        _verdicts_with_claims()
        .filter(author=user, status=Verdict.Status.SENT_BACK)
        .order_by("-reviewed_at", "-pk")[:limit]
    )


def waiting_for_review_by(user) -> QuerySet:
    """Submitted verdicts by others, oldest first: what this reviewer can approve now."""
    return (
        _verdicts_with_claims()
        .filter(status=Verdict.Status.SUBMITTED)
        .exclude(author=user)
        .order_by("submitted_at", "pk")
    )


def recently_reviewed(limit: int = 10) -> QuerySet:
    """The latest approved verdicts across the desk."""
    return (
        _verdicts_with_claims()
        .filter(status=Verdict.Status.APPROVED)
        .order_by("-reviewed_at", "-pk")[:limit]
    )
