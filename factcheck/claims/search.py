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
speaker or its article change: ``post_save`` for ``save()``, and ``locking.updated`` for the
edits written by ``locking.update_if_current`` (an UPDATE, which sends no ``post_save``). Other
bulk writes that skip ``save()`` call ``refresh_search_text``.
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
    # Control characters (NUL above all: PostgreSQL refuses it in text) fold to nothing.
    | dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
)

# Fields whose change alters the search text of the claims they belong to (others do not).
_CLAIM_FIELDS = {"quote", "claim_reviewed", "speaker", "speaker_id", "article", "article_id"}
_VERDICT_FIELDS = {"summary", "status", "claim", "claim_id"}
_SPEAKER_FIELDS = {"name", "aliases"}
_ARTICLE_FIELDS = {"title"}


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
    from factcheck.models import Claim, Verdict

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


def many(queryset, limit: int) -> bool:
    """Whether ``queryset`` holds more than ``limit`` rows, counting no further."""
    return queryset.order_by()[limit : limit + 1].exists()


def _has_lexemes(folded: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('french'::regconfig, %s))", [folded])
        return cursor.fetchone()[0] > 0


# Signals: keep search_text in step with the rows it is made of.


def _claims_of(instance) -> list[int]:
    """The claims whose search text holds ``instance`` (a claim, verdict, speaker or article)."""
    from factcheck.models import Article, Claim, Speaker, Verdict

    if isinstance(instance, Claim):
        return [instance.pk]
    if isinstance(instance, Verdict):
        return [instance.claim_id]
    if isinstance(instance, Speaker | Article):
        return list(instance.claims.values_list("pk", flat=True))
    return []


def _relevant_fields(sender) -> set[str]:
    from factcheck.models import Article, Claim, Speaker, Verdict

    return {
        Claim: _CLAIM_FIELDS,
        Verdict: _VERDICT_FIELDS,
        Speaker: _SPEAKER_FIELDS,
        Article: _ARTICLE_FIELDS,
    }[sender]


def _saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None and not set(update_fields) & _relevant_fields(sender):
        return
    if created and sender._meta.model_name in {"speaker", "article"}:
        return  # no claim points at a new speaker or article yet
    refresh_search_text(_claims_of(instance))


def _updated(sender, instance, fields, **kwargs):
    """After ``locking.update_if_current``: an UPDATE sends no post_save."""
    if fields & _relevant_fields(sender):
        refresh_search_text(_claims_of(instance))


def connect_signals() -> None:
    from factcheck.core import locking
    from factcheck.models import Article, Claim, Speaker, Verdict

    for model in (Claim, Verdict, Speaker, Article):
        uid = f"search_{model._meta.model_name}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        locking.updated.connect(_updated, sender=model, dispatch_uid=f"{uid}_updated")
