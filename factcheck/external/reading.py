"""What the external list shows: the newest imported fact-checks, or those matching a search
(the same folding as the desk's search; a fixed number of rows, one query)."""

from django.db.models import Q

from factcheck.claims.search import fold
from factcheck.external.models import ExternalReview

SHOWN = 100


def listed(q: str = "") -> list[ExternalReview]:
    reviews = ExternalReview.objects.all()
    for word in fold(q).split()[:8]:
        reviews = reviews.filter(Q(search_text__contains=word) | Q(publisher__icontains=word))
    return list(reviews.order_by("-reviewed_on", "-pk")[:SHOWN])


def total() -> int:
    return ExternalReview.objects.count()
