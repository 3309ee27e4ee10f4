"""Which external fact-checks look like a claim: what the claim panel lists beside the desk's
own similar claims.

Both sides are cut into *keys*: folded words (``claims.search.fold``, the desk's one folding of
accents) of four letters or more, stop words aside, cut to their first five letters. The cut is
a crude stemmer that also crosses between French and English where the words are cousins:
"approuvant" and "approving", "antisémite" and "antisemitic", "message", "Israël" and "Israeli"
share a key, and names and numbers are the same in both languages. An external review matches
when it shares at least ``MIN_SHARED`` keys with the claim (its quote, the desk's wording and
its speaker's names) or when its text holds the whole quote (folded), as a same-language
review quoting the claim does.

PostgreSQL: the candidates come from the GIN index on ``to_tsvector('simple', match_keys)`` (any
key, ``|``) or the GIN trigram index on ``search_text`` (``quote <% search_text``, word
similarity), ranked by ``ts_rank`` in the database, ``CANDIDATES`` at most. SQLite: the reviews
holding one of the claim's longest keys, newest first, ``CANDIDATES`` at most. Either way one
query, then the keys shared are counted in Python over that bounded set.
"""

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from factcheck.claims.search import fold
from factcheck.external.models import ExternalLink, ExternalReview
from factcheck.workflow import rules

LIMIT = 5
MIN_SHARED = 3
CANDIDATES = 200
QUERY_KEYS = 24  # keys of a claim a query asks for, the longest first
KEY_LENGTH = 5
_WORD = re.compile(r"[^\W_]+")


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


# Words of four letters or more that say nothing about what a claim is about.
STOP_WORDS = _folded_words(
    """
    alors aussi autre autres avait avant avec cela celle celles celui cette ceux chez comme dans
    depuis donc elle elles encore entre etait etaient etre fait faire leur leurs lors mais meme
    moins notre nous pour quand quel quelle quels sans selon sera sont sous tous tout toute
    toutes tres vous votre avoir sera ainsi dont ceci cela apres plus peut contre vers pendant
    parce lorsque puis
    about after also been before being both could does from have having here into just more
    most much only other over said says some such than that their them then there these they
    this those through very were what when where which while will with would your claim
    claims post posts shared video image photo article against between because under
    without should
    """
)
FRENCH_HINTS = _folded_words(
    "le la les des du un une est et que qui pas pour dans sur avec au aux ce cette son sa ses "
    "nous vous ils elle sont ont été"
)
ENGLISH_HINTS = _folded_words(
    "the of and is are was were to in that this with for on not by it its has have be from "
    "at an as which said"
)


def keys(text: str) -> set[str]:
    """``"Elon Musk approuvant l’antisémitisme"`` -> {"elon", "musk", "appro", "antis"}."""
    return {
        word[:KEY_LENGTH]
        for word in _WORD.findall(fold(text))
        if (len(word) >= 4 or (word.isdigit() and len(word) >= 2)) and word not in STOP_WORDS
    }


def guess_language(text: str) -> str:
    """ "fr" or "en" from the little words of ``text``: a feed that names no language."""
    words = fold(text).replace("'", " ").split()
    french = sum(word in FRENCH_HINTS for word in words)
    english = sum(word in ENGLISH_HINTS for word in words)
    return "en" if english > french else "fr"


def review_text(*, claim_reviewed: str, claimant: str, publisher: str) -> str:
    """What an external review is searched and matched by (its publisher's name aside from the
    keys: every review of one desk would share it)."""
    return fold(" ".join(part for part in (claim_reviewed, claimant) if part))


def review_keys(*, claim_reviewed: str, claimant: str) -> str:
    """The stored keys, space-separated with a space at each end (SQLite looks for " key ")."""
    found = keys(f"{claim_reviewed} {claimant}")
    return f" {' '.join(sorted(found))} " if found else ""


def claim_keys(claim) -> set[str]:
    speaker = claim.speaker
    names = f"{speaker.name} {speaker.aliases}" if speaker else ""
    return keys(f"{claim.quote} {claim.claim_reviewed} {names}")


def _postgres_candidates(found: set[str], quote: str):
    # The expression is the GIN index's (migration 0011), so the planner uses the index.
    vector = "to_tsvector('simple'::regconfig, match_keys)"
    tsquery = "to_tsquery('simple'::regconfig, %s)"
    query = " | ".join(sorted(found, key=lambda k: (-len(k), k))[:QUERY_KEYS])
    condition = Q(RawSQL(f"({vector} @@ {tsquery})", [query], output_field=BooleanField()))
    folded = fold(quote)
    if len(folded) >= 8:
        # Word similarity of the quote within the text; the trigram index answers "<%".
        condition |= Q(RawSQL("(%s <%% search_text)", [folded], output_field=BooleanField()))
    rank = RawSQL(f"ts_rank({vector}, {tsquery})", [query], output_field=FloatField())
    return ExternalReview.objects.filter(condition).annotate(rank=rank).order_by("-rank", "-pk")


def _sqlite_candidates(found: set[str]):
    shared = Q()
    for key in sorted(found, key=lambda k: (-len(k), k))[:QUERY_KEYS]:
        shared |= Q(match_keys__contains=f" {key} ")
    return ExternalReview.objects.filter(shared).order_by("-pk")


def matching_reviews(claim, *, exclude=(), limit: int = LIMIT) -> list[ExternalReview]:
    """Up to ``limit`` external reviews that look like ``claim``, best first, other than those
    in ``exclude`` (already linked): one query. Each has ``shared`` (keys in common)."""
    found = claim_keys(claim)
    if not found:
        return []
    if connection.vendor == "postgresql":
        candidates = _postgres_candidates(found, claim.quote)
    else:
        candidates = _sqlite_candidates(found)
    if exclude:
        candidates = candidates.exclude(pk__in=list(exclude))
    folded_quote = fold(claim.quote)
    scored = []
    for review in candidates.defer("search_text")[:CANDIDATES]:
        shared = found & set(review.match_keys.split())
        review.shared = len(shared)
        quoted = len(folded_quote) >= 8 and folded_quote in fold(review.claim_reviewed)
        if review.shared >= MIN_SHARED or quoted:
            scored.append(review)
    scored.sort(key=lambda r: (-r.shared, -r.pk))
    return scored[:limit]


def external_context(claim, user) -> dict:
    """The panel's "Other desks' fact-checks": the linked ones and the matching ones, two
    queries whatever their number."""
    linked = list(ExternalLink.objects.filter(claim=claim).select_related("external_review"))
    return {
        "external_links": linked,
        "external_matches": matching_reviews(
            claim, exclude={link.external_review_id for link in linked}
        ),
        "can_link_external": rules.link_claims(user) is None,
        "can_unlink_external": rules.unlink(user) is None,
    }
