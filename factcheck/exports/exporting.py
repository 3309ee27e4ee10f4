"""What goes out: the claims CSV (web and command line alike) and schema.org ClaimReview objects.

The CSV is streamed, a thousand rows at a time, from a fixed number of queries whatever the
number of rows, so memory does not grow with it: on PostgreSQL one query (tags and sources
aggregated by the database), elsewhere three ordered queries read side by side (claims, their
tags, their approved verdict's sources). Verdict columns come from the claim's current approved verdict, and stay empty
for a claim without one. Labels are in the site's language (``LANGUAGE_CODE``), not the
reader's, so the web and the command line give the same bytes.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.filters import ClaimFilter, has_filters
from factcheck.core.partial_dates import format_partial
from factcheck.core.sanitize import html_to_text
from factcheck.models import Claim, ClaimLink, Source, Verdict

HEADER = [
    "claim_id",
    "claim_url",
    "status",
    "speaker",
    "quote",
    "claim_reviewed",
    "claim_kind",
    "claimed_on",
    "tags",
    "article_title",
    "article_outlet",
    "article_url",
    "article_published",
    "article_language",
    "rating",
    "rating_value",
    "verdict_summary",
    "verdict_rationale",
    "sources",
    "verdict_author",
    "reviewer",
    "reviewed_at",
]

# ``?layout=full``: the default columns, then the claim's links and its verdict's corrections,
# then its place in the desk's queue.
FULL_HEADER = [*HEADER, "related_claims", "corrections", "priority", "due_on"]
LAYOUTS = {"default": HEADER, "full": FULL_HEADER}

BOM = "\ufeff".encode()
CHUNK_ROWS = 1000  # rows read per database round trip and written per response chunk

# A spreadsheet runs a cell starting with these as a formula (OWASP's CSV injection list, and
# the fullwidth equals sign, which some spreadsheets take for "=").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d")


class InvalidFilters(ValueError):
    """The query string or the command's options do not validate; ``errors`` says which."""

    def __init__(self, errors):
        super().__init__(str(dict(errors)))
        self.errors = errors


# Where a spreadsheet may start a cell: the cell's start, and after any separator a reader may
# be set to (comma, semicolon, tab) or a line break, since a reader that splits on ";" or tab
# cuts a comma-separated cell into pieces, and a multi-line cell is read line by line by some.
# Quotes are looked through: a piece `"=1"` is read as the quoted field `=1`.
_PIECE_STARTS = ",;\t\r\n"
_FORMULA = re.escape("".join(FORMULA_STARTS))
_FORMULA_PIECE = re.compile(f'(?:^|[{_PIECE_STARTS}])(?="*[{_FORMULA}])')
# The same, found anywhere in a row's cells joined by line breaks (each cell start follows one).
_FORMULA_IN_ROW = re.compile(f'[{_PIECE_STARTS}]"*[{_FORMULA}]')


def neutralize(cell: str) -> str:
    """Make a cell inert in a spreadsheet whatever separator it is opened with: a ``'`` before
    every piece (the cell, each line, each part between separators) that would start a formula.
    ``Says that x;=2+3`` becomes ``Says that x;'=2+3``; other text is left as it is."""
    return _FORMULA_PIECE.sub("\\g<0>'", cell)


def neutralize_row(row: list[str]) -> list[str]:
    """``neutralize()`` on every cell of a row; one search over the whole row first, since most
    rows have nothing to neutralize (a regex call a cell would make the export 5 times slower)."""
    if _FORMULA_IN_ROW.search("\n" + "\n".join(row)) is None:
        return row
    return [neutralize(cell) for cell in row]


def claims_to_export(params, *, reviewed_by_default: bool = True):
    """Claims the query string selects, as the list filters them; only reviewed ones when the
    query string narrows nothing (``all=1`` lifts that, for the list's export button). Claims of
    archived articles stay in the export of reviewed claims; a filtered export shows what the
    list shows, so it leaves them out unless ``archived`` is ticked too."""
    mirrors_list = has_filters(params) or bool(params.get("all"))
    filterset = ClaimFilter(params, hide_archived=mirrors_list)
    if not filterset.is_valid():
        raise InvalidFilters(filterset.errors)
    claims = filterset.qs
    if reviewed_by_default and not has_filters(params) and not params.get("all"):
        claims = claims.filter(approved__isnull=False)
    return claims


def export_filename(today: datetime.date | None = None) -> str:
    return f"claims-{(today or timezone.localdate()).isoformat()}.csv"


def _label_field() -> str:
    return "label_fr" if settings.LANGUAGE_CODE.startswith("fr") else "label_en"


def _person(first: str | None, last: str | None, username: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or (username or "")


def _iso(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


class _ClaimUrls:
    """Absolute claim URLs without a reverse() per row (100,000 reverses cost a second)."""

    def __init__(self, base_url: str):
        marker = "987654321"
        before, after = reverse("claim_detail", args=[marker]).split(marker)
        self.prefix, self.suffix = base_url.rstrip("/") + before, after

    def __call__(self, pk: int) -> str:
        return f"{self.prefix}{pk}{self.suffix}"


CLAIM_COLUMNS = (
    "pk",
    "status",
    "speaker__name",
    "quote",
    "claim_reviewed",
    "kind",
    "claimed_on",
    "claimed_precision",
    "article__title",
    "article__outlet",
    "article__url",
    "article__published_on",
    "article__published_precision",
    "article__language",
    "approved__rating__value",
    "approved__summary",
    "approved__rationale",
    "approved__author__first_name",
    "approved__author__last_name",
    "approved__author__username",
    "approved__reviewer__first_name",
    "approved__reviewer__last_name",
    "approved__reviewer__username",
    "approved__reviewed_at",
)


def _grouped(rows: Iterable[tuple]) -> Iterator[tuple[int, list[tuple]]]:
    for claim_id, group in groupby(rows, key=lambda row: row[0]):
        yield claim_id, [row[1:] for row in group]


class _SideRows:
    """Rows grouped by claim id (first item), read alongside the claims in the same id order:
    ``take(pk)`` returns the group of claim ``pk`` (or []) and skips those of earlier ids."""

    def __init__(self, rows: Iterable[tuple]):
        self._groups = _grouped(rows)
        self._next = next(self._groups, None)

    def take(self, pk: int) -> list[tuple]:
        while self._next is not None and self._next[0] < pk:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != pk:
            return []
        group = self._next[1]
        self._next = next(self._groups, None)
        return group


def _merged(claim_rows, ids) -> Iterator[tuple[tuple, str, str]]:
    """Each claim row with its tags and sources text, from two more cursors read side by side
    (SQLite before 3.44 cannot order inside group_concat, so it aggregates here)."""
    tag_rows = (
        Claim.tags.through.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "tag__name")
        .values_list("claim_id", "tag__name")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    source_rows = (
        Source.objects.filter(verdict__claim_id__in=ids, verdict__status=Verdict.Status.APPROVED)
        .order_by("verdict__claim_id", "pk")
        .values_list("verdict__claim_id", "title", "url")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    tags, sources = _SideRows(tag_rows), _SideRows(source_rows)
    for row in claim_rows:
        tag_text = "; ".join(name for (name,) in tags.take(row[0]))
        source_text = "\n".join(f"{title} <{url}>" for title, url in sources.take(row[0]))
        yield row, tag_text, source_text


def _aggregated(claims) -> Iterator[tuple[tuple, str, str]]:
    """PostgreSQL: tags and sources aggregated by the database, one cursor for everything."""
    from django.contrib.postgres.aggregates import StringAgg

    tags = (
        Claim.tags.through.objects.filter(claim_id=OuterRef("pk"))
        .values("claim_id")
        .annotate(text=StringAgg("tag__name", "; ", order_by="tag__name"))
        .values("text")
    )
    sources = (
        Source.objects.filter(verdict_id=OuterRef("approved__id"))
        .values("verdict_id")
        .annotate(
            text=StringAgg(
                Concat("title", Value(" <"), "url", Value(">"), output_field=TextField()),
                "\n",
                order_by="pk",
            )
        )
        .values("text")
    )
    rows = (
        claims.order_by("pk")
        .annotate(tag_text=Subquery(tags), source_text=Subquery(sources))
        .values_list(
            *CLAIM_COLUMNS, f"approved__rating__{_label_field()}", "tag_text", "source_text"
        )
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for row in rows:
        yield row[:-2], row[-2] or "", row[-1] or ""


def _rows(claims) -> Iterator[list[str]]:
    """One list of cells a claim, in HEADER order (before neutralizing), in claim id order."""
    if connection.vendor == "postgresql":
        joined = _aggregated(claims)
    else:
        claim_rows = (
            claims.order_by("pk")
            .values_list(*CLAIM_COLUMNS, f"approved__rating__{_label_field()}")
            .iterator(chunk_size=CHUNK_ROWS)
        )
        joined = _merged(claim_rows, claims.order_by().values("pk"))
    for row, tag_text, source_text in joined:
        (
            pk,
            status,
            speaker,
            quote,
            claim_reviewed,
            kind,
            claimed_on,
            claimed_precision,
            title,
            outlet,
            article_url,
            published_on,
            published_precision,
            language,
            rating_value,
            summary,
            rationale,
            author_first,
            author_last,
            author_name,
            reviewer_first,
            reviewer_last,
            reviewer_name,
            reviewed_at,
            rating_label,
        ) = row
        yield [
            str(pk),
            "",  # claim_url, filled by the caller who knows the site
            status,
            speaker or "",
            quote,
            claim_reviewed,
            kind,
            format_partial(claimed_on, claimed_precision),
            tag_text,
            title,
            outlet,
            article_url,
            format_partial(published_on, published_precision),
            language,
            rating_label or "",
            "" if rating_value is None else str(rating_value),
            summary or "",
            html_to_text(rationale, cleaned=True) if rationale else "",
            source_text,
            _person(author_first, author_last, author_name),
            _person(reviewer_first, reviewer_last, reviewer_name),
            _iso(reviewed_at),
        ]


# How the target of a link reads it: "answered_by #12" on Musk's reply for the White House's
# "responds_to #7".
INVERSE_CODES = {
    ClaimLink.Relation.RESPONDS_TO: "answered_by",
    ClaimLink.Relation.REPEATS: "repeated_by",
    ClaimLink.Relation.CONTRADICTS: "contradicted_by",
    ClaimLink.Relation.CONTEXT_FOR: "given_context_by",
}


def _full_columns(claims, claim_url) -> Callable[[int], tuple[str, str, str, str]]:
    """``cells(pk)``: the ``related_claims``, ``corrections``, ``priority`` and ``due_on`` of
    claim ``pk``, to be asked in increasing pk order, read from four more cursors (links from,
    links to, corrections, the queue) whatever the number of claims.

    related_claims: one line a link, ``<relation> #<id> <url>``, the claim's own links first
    (responds_to, repeats, contradicts, context_for), then those made on other claims
    (answered_by, repeated_by, contradicted_by, given_context_by), each in link order.
    corrections: one line a correction, oldest first,
    ``<date>: <old rating> → <new rating>: <reason>``."""
    ids = claims.order_by().values("pk")
    outgoing = _SideRows(
        ClaimLink.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "pk")
        .values_list("claim_id", "relation", "target_id")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    incoming = _SideRows(
        ClaimLink.objects.filter(target_id__in=ids)
        .order_by("target_id", "pk")
        .values_list("target_id", "relation", "claim_id")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    corrections = _SideRows(_correction_rows(claims))
    queued = _SideRows(
        Claim.objects.filter(pk__in=ids)
        .exclude(priority__isnull=True, due_on__isnull=True)
        .order_by("pk")
        .values_list("pk", "priority", "due_on")
        .iterator(chunk_size=CHUNK_ROWS)
    )

    def cells(pk: int) -> tuple[str, str, str, str]:
        links = [f"{relation} #{other} {claim_url(other)}" for relation, other in outgoing.take(pk)]
        links += [
            f"{INVERSE_CODES[relation]} #{other} {claim_url(other)}"
            for relation, other in incoming.take(pk)
        ]
        fixes = [
            f"{_iso(at)[:10]}: {old} → {new}: {' '.join(reason.split())}"
            for at, reason, old, new in corrections.take(pk)
        ]
        priority, due_on = next(iter(queued.take(pk)), (None, None))
        priority = Claim.Priority(priority).name.lower() if priority else ""
        return "\n".join(links), "\n".join(fixes), priority, due_on.isoformat() if due_on else ""

    return cells


class _Buffer(io.StringIO):
    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def csv_chunks(
    claims, *, base_url: str, excel: bool = False, layout: str = "default"
) -> Iterator[bytes]:
    """The CSV of ``claims`` as UTF-8 byte chunks: header, then ``CHUNK_ROWS`` rows a chunk.
    ``layout`` is a key of LAYOUTS; "full" adds related_claims and corrections."""
    claim_url = _ClaimUrls(base_url)
    buffer = _Buffer()
    writer = csv.writer(buffer, lineterminator="\r\n")  # QUOTE_MINIMAL is RFC 4180's quoting
    writer.writerow(LAYOUTS[layout])
    yield (BOM if excel else b"") + buffer.take().encode()
    full_cells = _full_columns(claims, claim_url) if layout == "full" else None
    for count, row in enumerate(_rows(claims), start=1):
        row[1] = claim_url(row[0])
        if full_cells is not None:
            row.extend(full_cells(int(row[0])))
        writer.writerow(neutralize_row(row))
        if count % CHUNK_ROWS == 0:
            yield buffer.take().encode()
    rest = buffer.take()
    if rest:
        yield rest.encode()


# schema.org ClaimReview, as Google's fact-check markup documents it.

CLAIMREVIEW_COLUMNS = (
    "pk",
    "quote",
    "claim_reviewed",
    "claimed_on",
    "claimed_precision",
    "speaker__name",
    "speaker__kind",
    "article__title",
    "article__outlet",
    "article__url",
    "article__published_on",
    "article__published_precision",
    "article__language",
    "approved__rating__value",
    "approved__reviewed_at",
    "article_id",
)


def _appearance(title, language, article_url, published_on, published_precision, outlet) -> dict:
    appearance = {"@type": "NewsArticle", "headline": title, "inLanguage": language}
    if article_url:
        appearance["url"] = article_url
    if published_on:
        appearance["datePublished"] = format_partial(published_on, published_precision)
    if outlet:
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    return appearance


REPEAT_ARTICLE_COLUMNS = (
    "pk",
    "title",
    "language",
    "url",
    "published_on",
    "published_precision",
    "outlet",
)


def _repeat_appearances(claims, base_url: str) -> dict[int, list[tuple[int, dict]]]:
    """Claim id -> (article id, appearance) of the claims it repeats or that repeat it, for
    ``itemReviewed.appearance``: one query for the whole export (links are few next to claims).
    An article without a URL appears with its page in the workbench."""
    from django.db.models import Q

    from factcheck.models import ClaimLink

    ids = claims.order_by().values("pk")
    ends = ("claim", "target")
    columns = [f"{end}__article__{column}" for end in ends for column in REPEAT_ARTICLE_COLUMNS]
    rows = (
        ClaimLink.objects.filter(relation=ClaimLink.Relation.REPEATS)
        .filter(Q(claim_id__in=ids) | Q(target_id__in=ids))
        .order_by("pk")
        .values_list("claim_id", "target_id", *columns)
    )
    base = base_url.rstrip("/")
    width = len(REPEAT_ARTICLE_COLUMNS)
    found: dict[int, list[tuple[int, dict]]] = {}
    for claim_id, target_id, *articles in rows:
        # Each end of the link appears in the other end's article.
        for mine, article in ((claim_id, articles[width:]), (target_id, articles[:width])):
            article_id, title, language, url, published_on, precision, outlet = article
            url = url or base + reverse("article_detail", args=[article_id])
            appearance = _appearance(title, language, url, published_on, precision, outlet)
            found.setdefault(mine, []).append((article_id, appearance))
    return found


def _claimreview(row: tuple, claim_url: _ClaimUrls, repeats=(), base_url: str = "") -> dict:
    (
        pk,
        quote,
        claim_reviewed,
        claimed_on,
        claimed_precision,
        speaker,
        speaker_kind,
        title,
        outlet,
        article_url,
        published_on,
        published_precision,
        language,
        rating_value,
        reviewed_at,
        article_id,
        rating_label,
    ) = row
    appearance = _appearance(
        title, language, article_url, published_on, published_precision, outlet
    )
    item = {"@type": "Claim"}
    if speaker:
        kind = "Organization" if speaker_kind == "organisation" else "Person"
        item["author"] = {"@type": kind, "name": speaker}
    if claimed_on:
        item["datePublished"] = format_partial(claimed_on, claimed_precision)
    item["appearance"] = appearance
    item["firstAppearance"] = appearance
    if repeats:
        # A repeated claim: every article it appears in (its own first), each article once.
        seen = {article_id}
        every = [appearance]
        for other_article, other in repeats:
            if other_article not in seen:
                seen.add(other_article)
                every.append(other)
        if len(every) > 1:
            if "url" not in appearance:
                appearance["url"] = base_url.rstrip("/") + reverse(
                    "article_detail", args=[article_id]
                )
            item["appearance"] = every
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url(pk),
        "claimReviewed": claim_reviewed or quote,
        "datePublished": reviewed_at.astimezone(datetime.UTC).date().isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.NEWSROOM_NAME,
            "url": settings.NEWSROOM_URL,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating_value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating_label,
        },
        "itemReviewed": item,
    }


def claimreviews(claims, *, base_url: str) -> Iterator[dict]:
    """ClaimReview objects for the reviewed claims among ``claims``, in claim id order."""
    claim_url = _ClaimUrls(base_url)
    rows = (
        claims.filter(approved__isnull=False)
        .order_by("pk")
        .values_list(*CLAIMREVIEW_COLUMNS, f"approved__rating__{_label_field()}")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    repeats = _repeat_appearances(claims.filter(approved__isnull=False), base_url)
    corrections = _SideRows(_correction_rows(claims))
    for row in rows:
        review = _claimreview(row, claim_url, repeats.get(row[0], ()), base_url)
        fixes = corrections.take(row[0])
        if fixes:
            review["correction"] = [_correction_comment(*fix) for fix in fixes]
        yield review


def _correction_rows(claims):
    """(claim id, approved at, reason, old rating, new rating) of the approved corrections of
    ``claims``, in claim id then date order: one cursor read alongside the claims."""
    label = _label_field()
    return (
        Verdict.objects.filter(
            claim_id__in=claims.order_by().values("pk"),
            supersedes__isnull=False,
            status__in=(Verdict.Status.APPROVED, Verdict.Status.SUPERSEDED),
        )
        .order_by("claim_id", "reviewed_at", "pk")
        .values_list(
            "claim_id",
            "reviewed_at",
            "correction_reason",
            f"supersedes__rating__{label}",
            f"rating__{label}",
        )
        .iterator(chunk_size=CHUNK_ROWS)
    )


def _correction_comment(approved_at, reason: str, old_rating, new_rating) -> dict:
    """A schema.org CorrectionComment: the editor's reason, and the rating change if any."""
    text = " ".join(reason.split())
    if old_rating != new_rating:
        text = f"{text} ({old_rating} → {new_rating})".strip()
    return {
        "@type": "CorrectionComment",
        "text": text,
        "datePublished": _iso(approved_at)[:10],
    }


def claimreview_for(claim_id: int, *, base_url: str) -> dict | None:
    """The ClaimReview of one claim, or None when it has no approved verdict."""
    from factcheck.claims.filters import listing_queryset

    return next(claimreviews(listing_queryset().filter(pk=claim_id), base_url=base_url), None)


def json_array_chunks(objects: Iterable[dict]) -> Iterator[bytes]:
    """A JSON array streamed one object at a time."""
    yield b"["
    for index, item in enumerate(objects):
        yield (b"," if index else b"") + json.dumps(item, ensure_ascii=False).encode()
    yield b"]"
