"""Search over claims: one function to call, PostgreSQL full-text search or a SQLite fallback.

Every claim keeps a ``search_text``: its quote, the desk's wording, its verdict summaries, its
speaker (with aliases) and its article's title, folded to lower case without accents by
``fold()`` in Python. Folding in Python rather than with PostgreSQL's ``unaccent`` keeps the
same rule on both databases and needs no extension (nor the rights some hosts require to create
one) nor an immutable wrapper around ``unaccent``. On PostgreSQL a trigger (migration 0003) keeps
``search_vector = to_tsvector('french', search_text)``, GIN-indexed; the stored vector keeps
ts_rank cheap on thousands of matches. French stemming works on folded words: "verites" and
"vérité" both become ``verit``.

The text is refreshed by signals (see ``connect_signals``) whenever a claim, its verdicts, its
speaker or its article change; bulk writes that skip ``save()`` call ``refresh_search_text``.
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.signals import post_save

# Letters NFKD does not split, and typography that should read as a plain separator.
_EXTRA_FOLDS = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "’": "'",
        "‘": "'",
        "«": " ",
        "»": " ",
        "“": " ",
        "”": " ",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

# Fields of a claim whose change alters its search text (others, like status, do not).
_CLAIM_FIELDS = {"quote", "claim_reviewed", "speaker", "speaker_id", "article", "article_id"}


def fold(text: str) -> str:
    """Lower case, no accents, plain spaces: "Exacte VÉRITÉ « Œuvre »" -> "exacte verite oeuvre"."""
    text = (text or "").translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def build_search_text(
    *, quote="", claim_reviewed="", summaries=(), speaker="", aliases="", article_title=""
) -> str:
    """The folded document a claim is searched by (quote first: it weighs most in the rank)."""
    parts = [quote, claim_reviewed, *summaries, speaker, aliases, article_title]
    return fold(" ".join(part for part in parts if part))


def refresh_search_text(claim_ids) -> None:
    """Recompute ``search_text`` for these claims: two reads, then one update per claim."""
    from .models import Claim, Verdict

    claim_ids = list(claim_ids)
    if not claim_ids:
        return
    summaries: dict[int, list[str]] = {}
    for claim_id, summary in (
        Verdict.objects.filter(claim_id__in=claim_ids)
        .exclude(status=Verdict.Status.SUPERSEDED)
        .exclude(summary="")
        .order_by("pk")
        .values_list("claim_id", "summary")
    ):
        summaries.setdefault(claim_id, []).append(summary)
    rows = Claim.objects.filter(pk__in=claim_ids).values_list(
        "pk", "quote", "claim_reviewed", "speaker__name", "speaker__aliases", "article__title"
    )
    for pk, quote, claim_reviewed, speaker, aliases, title in rows:
        text = build_search_text(
            quote=quote,
            claim_reviewed=claim_reviewed,
            summaries=summaries.get(pk, ()),
            speaker=speaker or "",
            aliases=aliases or "",
            article_title=title,
        )
        # update(), not save(): no signal loop, no history row for derived data.
        Claim.objects.filter(pk=pk).update(search_text=text)


def search_claims(queryset, q: str):
    """Claims of ``queryset`` matching every word of ``q``, annotated with ``search_rank``.

    PostgreSQL: French full-text search on the indexed ``to_tsvector('french', search_text)``,
    ranked by ``ts_rank``. A query made only of stop words ("tu as dit") has no lexeme, so it
    falls back to the substring match. SQLite: every folded word must appear in ``search_text``;
    the rank is 1 when the whole phrase appears, else 0.
    """
    folded = fold(q)
    if not folded:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql" and _has_lexemes(folded):
        # search_vector is kept by a trigger and GIN-indexed (migration 0003).
        query = SearchQuery(folded, config="french")
        return queryset.filter(search_vector=query).annotate(
            search_rank=SearchRank(F("search_vector"), query)
        )
    words = Q()
    for word in folded.split():
        words &= Q(search_text__contains=word)
    phrase = Q(search_text__contains=folded)
    rank = Case(When(phrase, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return queryset.filter(words).annotate(search_rank=rank)


def _has_lexemes(folded: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('french'::regconfig, %s))", [folded])
        return cursor.fetchone()[0] > 0


# Signals: keep search_text in step with the rows it is made of.


def _claim_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not (set(update_fields) & _CLAIM_FIELDS)):
        return
    refresh_search_text([instance.pk])


def _verdict_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not {"summary", "status"} & set(update_fields)):
        return
    refresh_search_text([instance.claim_id])


def _speaker_or_article_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    refresh_search_text(instance.claims.values_list("pk", flat=True))


def connect_signals() -> None:
    from .models import Article, Claim, Speaker, Verdict

    post_save.connect(_claim_saved, sender=Claim, dispatch_uid="search_claim")
    post_save.connect(_verdict_saved, sender=Verdict, dispatch_uid="search_verdict")
    post_save.connect(_speaker_or_article_saved, sender=Speaker, dispatch_uid="search_speaker")
    post_save.connect(_speaker_or_article_saved, sender=Article, dispatch_uid="search_article")
