"""Reviewed claims that look like a given claim, so a repeated claim is linked, not checked twice.

PostgreSQL: pg_trgm trigram similarity of the quotes. The ``%`` operator keeps the claims above
``pg_trgm.similarity_threshold`` (0.3 by default, as THRESHOLD) and can use the GIN trigram
index ``claim_quote_trgm_idx`` (migration 0006); ``similarity()`` orders them. SQLite: the
Jaccard index of the quotes' folded word sets, computed in Python over at most CANDIDATES
reviewed claims sharing a word with the claim. Two queries either way: the claims, their ratings.
"""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

from .models import Claim, Verdict
from .search import fold

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
    ratings = {
        verdict.claim_id: verdict.rating
        for verdict in Verdict.objects.filter(
            claim_id__in=[c.pk for c in found], status=Verdict.Status.APPROVED
        ).select_related("rating")
    }
    for similar in found:
        similar.rating = ratings.get(similar.pk)
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
