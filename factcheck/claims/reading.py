"""Read queries of the article page: its claims with their current rating, as highlights."""

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

from factcheck.articles.highlighting import Highlight
from factcheck.models import Claim, Verdict


def _current_rating_slug():
    """The rating of the verdict readers see: the approved one, else the one being written."""
    verdicts = (
        Verdict.objects.filter(claim=OuterRef("pk"))
        .exclude(status=Verdict.Status.SUPERSEDED)
        .exclude(rating=None)
        .annotate(
            rank=Case(
                When(status=Verdict.Status.APPROVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-created_at")
    )
    return Subquery(verdicts.values("rating__slug")[:1])


PAGE_FIELDS = ("status", "anchor", "quote", "start_offset", "end_offset", "speaker__name")


def article_claims(article) -> list[Claim]:
    """The article's claims in reading order, each with ``rating_slug`` (or None)."""
    return list(
        Claim.objects.filter(article=article)
        .select_related("speaker")
        # What the page shows of each claim: a thousand full rows cost more than the page.
        .only(*PAGE_FIELDS)
        .annotate(rating_slug=_current_rating_slug())
        .order_by("start_offset", "pk")
    )


def highlight_of(claim) -> Highlight:
    classes = [f"claim-{claim.status}"]
    if claim.rating_slug:
        classes.append(f"rated rated-{claim.rating_slug}")
    if claim.anchor == Claim.Anchor.QUOTE_CHANGED:
        classes.append("quote-changed")
    return Highlight(
        claim.pk,
        claim.start_offset,
        claim.end_offset,
        " ".join(classes),
        orphaned=claim.anchor == Claim.Anchor.ORPHANED,
    )
