"""Reviewed claims that look like a given claim, so a repeated claim is linked, not checked twice.

PostgreSQL: pg_trgm trigram similarity of the quotes. The ``%`` operator keeps the claims above
``pg_trgm.similarity_threshold`` (0.3 by default, as THRESHOLD) and can use the GIN trigram
index ``claim_quote_trgm_idx`` (migration 0006); ``similarity()`` orders them. SQLite: the
Jaccard index of the quotes' folded word sets, computed in Python over at most CANDIDATES
reviewed claims sharing a word with the claim. One query either way, ratings included.
"""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, F, FilteredRelation, Func, Q, Value

from factcheck.claims.search import fold
from factcheck.models import Claim, Rating, Verdict

THRESHOLD = 0.3
LIMIT = 5
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


def similar_reviewed(claim: Claim, *, exclude=(), limit: int = LIMIT) -> list[Claim]:
    """Up to ``limit`` reviewed claims whose quote looks like ``claim``'s, most similar first,
    other than ``claim`` and the claims in ``exclude`` (those already linked to it). Each has
    ``similarity`` (0-1) and ``rating`` (its current approved verdict's)."""
    candidates = (
        Claim.objects.reviewed()
        .exclude(pk__in={claim.pk, *exclude})
        .select_related("speaker", "article")
        # The rating comes in the same query: a join to the (only) approved verdict.
        .annotate(
            approved=FilteredRelation(
                "verdicts", condition=Q(verdicts__status=Verdict.Status.APPROVED)
            ),
            rating_slug=F("approved__rating__slug"),
            rating_label_en=F("approved__rating__label_en"),
            rating_label_fr=F("approved__rating__label_fr"),
        )
    )
    if connection.vendor == "postgresql":
        found = list(
            candidates.filter(TrigramMatches(F("quote"), Value(claim.quote)))
            .annotate(similarity=TrigramSimilarity("quote", claim.quote))
            .filter(similarity__gte=THRESHOLD)
            .order_by("-similarity", "-pk")[:limit]
        )
    else:
        found = _by_shared_words(claim, candidates, limit)
    for similar in found:
        # Enough of a Rating to show it (its label follows the reader's language).
        similar.rating = Rating(
            slug=similar.rating_slug,
            label_en=similar.rating_label_en,
            label_fr=similar.rating_label_fr,
        )
    return found


def _by_shared_words(claim: Claim, candidates, limit: int) -> list[Claim]:
    mine = words(claim.quote)
    if not mine:
        return []
    # Only claims sharing one of the longest words: the comparison stays bounded.
    shared = Q()
    for word in sorted(mine, key=len, reverse=True)[:10]:
        shared |= Q(search_text__contains=word)
    scored = []
    for other in candidates.filter(shared).order_by("-pk")[:CANDIDATES]:
        other.similarity = jaccard(mine, words(other.quote))
        if other.similarity >= THRESHOLD:
            scored.append(other)
    scored.sort(key=lambda c: (-c.similarity, -c.pk))
    return scored[:limit]
