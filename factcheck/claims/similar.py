"""Reviewed claims that look like a given claim, so a repeated claim is linked, not checked twice.

The suggestions are found once per quote and stored (SimilarClaim, SimilarList): the panel reads
them with one indexed query, and compares the quote with the reviewed claims only when the
claim's quote is not the one they were found for. When a claim is reviewed, or a reviewed
claim's quote changes, it is added to the stored suggestions of the claims it looks like, and
removed from those it was in before (``connect_signals``).

Finding them compares the quote with every reviewed quote: 0.8 s at a million claims. On
PostgreSQL a request gives it ``SIMILAR_INLINE_SECONDS`` (its statement timeout, in a
savepoint); past that the comparison goes to the task queue (``claims/tasks.py``) and the panel
says it is looking, then fetches the suggestions once they are stored. An approval does the
same for the lists the approved claim joins.

Finding them, PostgreSQL: pg_trgm trigram similarity of the quotes. The ``%`` operator keeps the claims above
``pg_trgm.similarity_threshold`` (0.3 by default, as THRESHOLD) and can use the GIN trigram
index ``claim_quote_trgm_idx`` (migration 0006); ``similarity()`` orders them. SQLite: the
Jaccard index of the quotes' folded word sets, computed in Python over at most CANDIDATES
reviewed claims sharing a word with the claim.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, F, FilteredRelation, Func, Q, Value
from django.db.models.signals import post_save
from psycopg.errors import QueryCanceled

from factcheck.claims.search import fold
from factcheck.core.locking import updated
from factcheck.models import Claim, Rating, SimilarClaim, SimilarList, Verdict

THRESHOLD = 0.3
LIMIT = 5
# Stored per claim: more than shown, so that the claims linked to it (left out) leave enough.
STORED = 20
# A newly reviewed claim joins the stored suggestions of at most this many claims, the closest.
JOINS = 500
CANDIDATES = 300  # SQLite: reviewed claims compared in Python, at most
_WORD = re.compile(r"\w+")


class TrigramMatches(Func):
    """``quote % 'text'``: true when pg_trgm finds the two similar enough (index-assisted)."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def words(text: str) -> set[str]:
    """Folded words of three letters or more: "l’exacte vérité" -> {"exacte", "verite"}."""
    return {word for word in _WORD.findall(fold(text)) if len(word) >= 3}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _with_rating(claims):
    # The rating comes in the same query: a join to the (only) approved verdict. A row names
    # the claim's article; the article's text stays in the database.
    return (
        claims.select_related("speaker", "article")
        .defer("article__body")
        .annotate(
            approved=FilteredRelation(
                "verdicts", condition=Q(verdicts__status=Verdict.Status.APPROVED)
            ),
            rating_slug=F("approved__rating__slug"),
            rating_label_en=F("approved__rating__label_en"),
            rating_label_fr=F("approved__rating__label_fr"),
        )
    )


def similar_reviewed(
    claim: Claim, *, exclude=(), limit: int = LIMIT, compare: bool = True
) -> list[Claim]:
    """Up to ``limit`` reviewed claims whose quote looks like ``claim``'s, most similar first,
    other than ``claim`` and the claims in ``exclude`` (those already linked to it). Each has
    ``similarity`` (0-1) and ``rating`` (its current approved verdict's). None while they are
    being looked for: the comparison outran the request's budget, or ``compare`` is False (a
    claim just marked: the panel asks for them in a request of their own)."""
    if not stored_for_quote(claim) and not (
        compare and within_budget(refresh, claim, later=_refresh_later)
    ):
        return None  # being looked for
    found = list(
        _with_rating(Claim.objects.reviewed().exclude(pk__in={claim.pk, *exclude}))
        .annotate(stored=FilteredRelation("similar_of", condition=Q(similar_of__claim=claim)))
        .filter(stored__isnull=False)
        .annotate(similarity=F("stored__similarity"))
        .order_by("-similarity", "-pk")[:limit]
    )
    for similar in found:
        # Enough of a Rating to show it (its label follows the reader's language).
        similar.rating = Rating(
            slug=similar.rating_slug,
            label_en=similar.rating_label_en,
            label_fr=similar.rating_label_fr,
        )
    return found


def stored_for_quote(claim: Claim) -> bool:
    return SimilarList.objects.filter(claim=claim, quote=claim.quote).exists()


def within_budget(work, claim: Claim, *, later) -> bool:
    """Run ``work(claim)`` now if it ends within ``SIMILAR_INLINE_SECONDS`` (PostgreSQL's
    statement timeout, in a savepoint that a timeout rolls back); otherwise hand the claim to
    ``later`` once the request's transaction commits, and say so (False)."""
    if connection.vendor != "postgresql":
        work(claim)  # SQLite compares at most CANDIDATES claims: bounded already
        return True
    milliseconds = max(1, int(settings.SIMILAR_INLINE_SECONDS * 1000))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            [before] = cursor.fetchone()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
            work(claim)
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        transaction.on_commit(lambda: later(claim.pk))
        return False
    return True


def _refresh_later(claim_id: int) -> None:
    from factcheck.claims.tasks import find_similar

    find_similar.enqueue(claim_id)


def _join_later(claim_id: int) -> None:
    from factcheck.claims.tasks import join_similar

    join_similar.enqueue(claim_id)


def refresh(claim: Claim) -> None:
    """Find the reviewed claims that look like ``claim`` now and store them for its quote."""
    found = find(claim.quote, Claim.objects.reviewed().exclude(pk=claim.pk), STORED)
    with transaction.atomic():
        SimilarClaim.objects.filter(claim=claim).delete()
        SimilarClaim.objects.bulk_create(
            [SimilarClaim(claim=claim, similar_id=pk, similarity=value) for pk, value in found],
            ignore_conflicts=True,  # another request storing the same suggestions at once
        )
        SimilarList.objects.bulk_create(
            [SimilarList(claim=claim, quote=claim.quote)],
            update_conflicts=True,
            unique_fields=["claim"],
            update_fields=["quote"],
        )


def find(quote: str, candidates, limit: int) -> list[tuple[int, float]]:
    """(pk, similarity) of up to ``limit`` of ``candidates`` whose quote looks like ``quote``,
    most similar first: the one comparison with many claims."""
    if connection.vendor == "postgresql":
        return list(
            candidates.filter(TrigramMatches(F("quote"), Value(quote)))
            .annotate(similarity=TrigramSimilarity("quote", quote))
            .filter(similarity__gte=THRESHOLD)
            .order_by("-similarity", "-pk")
            .values_list("pk", "similarity")[:limit]
        )
    return _by_shared_words(quote, candidates, limit)


def joined(claim: Claim) -> None:
    """``claim`` is reviewed, or its quote changed: it leaves the suggestions it was in and joins
    those of the claims it looks like now (their stored lists, kept for their own quotes)."""
    SimilarClaim.objects.filter(similar=claim).delete()
    if not Claim.objects.reviewed().filter(pk=claim.pk).exists():
        return
    found = find(
        claim.quote,
        Claim.objects.filter(similar_list__quote=F("quote")).exclude(pk=claim.pk),
        JOINS,
    )
    SimilarClaim.objects.bulk_create(
        [SimilarClaim(claim_id=pk, similar=claim, similarity=value) for pk, value in found],
        update_conflicts=True,
        unique_fields=["claim", "similar"],
        update_fields=["similarity"],
    )


def _claim_saved(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and "quote" not in update_fields:
        return
    previous = getattr(instance, "_loaded_quote", None)
    instance._loaded_quote = instance.quote
    # A new claim is in no one's suggestions and has no verdict yet.
    if not created and previous != instance.quote:
        within_budget(joined, instance, later=_join_later)


def _verdict_saved(sender, instance, created, update_fields=None, **kwargs):
    if instance.status != Verdict.Status.APPROVED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    within_budget(
        joined, Claim.objects.only("pk", "quote").get(pk=instance.claim_id), later=_join_later
    )


def _claim_updated(sender, instance, fields, **kwargs):
    # update_if_current writes with a queryset update (no post_save) and says what it changed.
    if "quote" in fields:
        instance._loaded_quote = instance.quote
        within_budget(joined, instance, later=_join_later)


def connect_signals() -> None:
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid="similar_claim_saved")
    updated.connect(_claim_updated, sender=Claim, dispatch_uid="similar_claim_updated")
    post_save.connect(_verdict_saved, sender=Verdict, dispatch_uid="similar_verdict_saved")


def _by_shared_words(quote: str, candidates, limit: int) -> list[tuple[int, float]]:
    mine = words(quote)
    if not mine:
        return []
    # Only claims sharing one of the longest words: the comparison stays bounded.
    shared = Q()
    for word in sorted(mine, key=len, reverse=True)[:10]:
        shared |= Q(search_text__contains=word)
    scored = []
    for pk, other in (
        candidates.filter(shared).order_by("-pk").values_list("pk", "quote")[:CANDIDATES]
    ):
        similarity = jaccard(mine, words(other))
        if similarity >= THRESHOLD:
            scored.append((pk, similarity))
    scored.sort(key=lambda found: (-found[1], -found[0]))
    return scored[:limit]
