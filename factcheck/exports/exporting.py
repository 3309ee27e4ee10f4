"""What goes out: the claims CSV (web and command line alike) and schema.org ClaimReview objects.

Each CSV column is declared once, in COLUMNS: its header and its cell, an expression that the
database turns into the cell's text (factcheck.exports.cells), the same characters on
PostgreSQL and SQLite. One query reads a whole layout, rows in claim id order, so memory does
not grow with the number of rows. Python's csv writer writes the rows, ``CHUNK_ROWS`` a chunk;
on PostgreSQL ``COPY ... TO STDOUT`` streams them instead (factcheck.exports.copying), the
same bytes at the database's speed. Either way ``neutralize()`` makes formulas harmless.
Verdict columns come from the claim's current approved verdict, and stay empty for a claim
without one. Labels are in the site's language (``LANGUAGE_CODE``), not the reader's, so the
web and the command line give the same bytes.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db import connection
from django.db.models import Case, Expression, F, Max, Min, OuterRef, TextField, Value, When
from django.db.models.functions import Cast, Concat, NullIf
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.filters import ClaimFilter, has_filters
from factcheck.core.partial_dates import format_partial
from factcheck.exports import cells, copying
from factcheck.models import Claim, ClaimLink, ExternalLink, Rating, Source, Verdict

BOM = "\ufeff".encode()
CHUNK_ROWS = 1000  # rows read per database round trip and written per response chunk
ID_SPAN = (
    20_000  # claim ids a COPY reads (PostgreSQL): a span's rows leave in a fraction of a second
)

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
_FORMULA_CELL = re.compile(f'"*[{_FORMULA}]')
# Led by a character class, so that the regex engine skips ahead to the candidates.
_FORMULA_PIECE = re.compile(f'[\x00{_PIECE_STARTS}](?="*[{_FORMULA}])')


def neutralize(cell: str) -> str:
    """Make a cell inert in a spreadsheet whatever separator it is opened with: a ``'`` before
    every piece (the cell, each line, each part between separators) that would start a formula.
    ``Says that x;=2+3`` becomes ``Says that x;'=2+3``; other text is left as it is."""
    cell = _FORMULA_PIECE.sub("\\g<0>'", cell)
    return "'" + cell if _FORMULA_CELL.match(cell) else cell


_SUSPECT_LINES = copying.SuspectLines(FORMULA_STARTS, _PIECE_STARTS)


def neutralize_row(row: list[str]) -> list[str]:
    """``neutralize()`` on every cell of a row, in one call over the row's cells joined by NUL
    (a regex call a cell would make the export 5 times slower); the row itself when nothing
    changes. NUL is a piece start to ``neutralize()`` and no cell holds one (PostgreSQL text
    cannot, the guards refuse it); if one does, each cell is neutralized alone."""
    joined = "\x00".join(row)
    neutral = neutralize(joined)
    if len(neutral) == len(joined):  # neutralize only ever adds quotes
        return row
    cells_ = neutral.split("\x00")
    if len(cells_) != len(row):
        return [neutralize(cell) for cell in row]
    return cells_


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
    return Rating.label_field(settings.LANGUAGE_CODE)


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

    def of(self, pk) -> Concat:
        """The same URL built by the database, for the claim id ``pk`` (an expression)."""
        return Concat(
            Value(self.prefix), Cast(pk, TextField()), Value(self.suffix), output_field=TextField()
        )


@dataclass(frozen=True)
class Column:
    """One CSV column: its header and its cell, read and formatted by the database as text
    (``site`` gives the claim URLs and the rating label's language)."""

    header: str
    cell: Callable[["_Site"], Expression]


@dataclass(frozen=True)
class _Site:
    urls: _ClaimUrls
    label: str  # label_fr or label_en


def _field(path: str) -> Callable[[_Site], Expression]:
    return lambda site: cells.text(F(path))


# How the target of a link reads it: "answered_by #12" on Musk's reply for the White House's
# "responds_to #7".
INVERSE_CODES = {
    ClaimLink.Relation.RESPONDS_TO: "answered_by",
    ClaimLink.Relation.REPEATS: "repeated_by",
    ClaimLink.Relation.CONTRADICTS: "contradicted_by",
    ClaimLink.Relation.CONTEXT_FOR: "given_context_by",
}


def _tags(site: _Site) -> Expression:
    return cells.text(
        cells.JoinedText(
            Claim.tags.through.objects.filter(claim_id=OuterRef("pk")),
            text=F("tag__name"),
            order=[F("tag__name")],
            separator="; ",
        )
    )


def _sources(site: _Site) -> Expression:
    """``Title <url>`` a line, in the order they were added, of the approved verdict."""
    return cells.text(
        cells.JoinedText(
            Source.objects.filter(verdict_id=OuterRef("approved__id")),
            text=Concat("title", Value(" <"), "url", Value(">"), output_field=TextField()),
            order=[F("pk")],
            separator="\n",
        )
    )


def _related_claims(site: _Site) -> Expression:
    """One line a link, ``<relation> #<id> <url>``: the claim's own links first (responds_to,
    repeats, contradicts, context_for), then those made on other claims (answered_by,
    repeated_by, contradicted_by, given_context_by), each in link order."""
    inverse = Case(
        *(When(relation=code, then=Value(inverse)) for code, inverse in INVERSE_CODES.items()),
        output_field=TextField(),
    )

    def lines(end: str, other: str, relation) -> cells.JoinedText:
        return cells.JoinedText(
            ClaimLink.objects.filter(**{end: OuterRef("pk")}),
            text=Concat(
                relation,
                Value(" #"),
                Cast(other, TextField()),
                Value(" "),
                site.urls.of(F(other)),
                output_field=TextField(),
            ),
            order=[F("pk")],
            separator="\n",
        )

    own, others = (
        lines("claim_id", "target_id", F("relation")),
        lines("target_id", "claim_id", inverse),
    )
    return Case(
        When(IsNull(own, True), then=cells.text(others)),
        When(IsNull(others, True), then=own),
        default=Concat(own, Value("\n"), others, output_field=TextField()),
        output_field=TextField(),
    )


def _corrections(site: _Site) -> Expression:
    """One line a correction, oldest first: ``<date>: <old rating> → <new rating>: <reason>``."""
    return cells.text(
        cells.JoinedText(
            Verdict.objects.filter(
                claim_id=OuterRef("pk"),
                supersedes__isnull=False,
                status__in=(Verdict.Status.APPROVED, Verdict.Status.SUPERSEDED),
            ),
            text=Concat(
                cells.text(cells.utc_day("reviewed_at")),
                Value(": "),
                cells.text(F(f"supersedes__rating__{site.label}")),
                Value(" → "),
                cells.text(F(f"rating__{site.label}")),
                Value(": "),
                cells.SquashSpaces("correction_reason"),
                output_field=TextField(),
            ),
            order=[F("reviewed_at"), F("pk")],
            separator="\n",
        )
    )


def _external_reviews(site: _Site) -> Expression:
    """One line an external fact-check the claim repeats, in link order:
    ``repeats <url> (<publisher>)``."""
    return cells.text(
        cells.JoinedText(
            ExternalLink.objects.filter(claim_id=OuterRef("pk")),
            text=Concat(
                F("relation"),
                Value(" "),
                F("external_review__url"),
                Value(" ("),
                F("external_review__publisher"),
                Value(")"),
                output_field=TextField(),
            ),
            order=[F("pk")],
            separator="\n",
        )
    )


# The columns, in order. Verdict columns come from the claim's current approved verdict and
# stay empty for a claim without one.
COLUMNS = (
    Column("claim_id", lambda site: Cast("pk", TextField())),
    Column("claim_url", lambda site: site.urls.of(F("pk"))),
    Column("status", _field("status")),
    Column("speaker", _field("speaker__name")),
    Column("quote", _field("quote")),
    Column("claim_reviewed", _field("claim_reviewed")),
    Column("claim_kind", _field("kind")),
    Column("claimed_on", lambda site: cells.partial_date("claimed_on", "claimed_precision")),
    Column("tags", _tags),
    Column("article_title", _field("article__title")),
    Column("article_outlet", _field("article__outlet")),
    Column("article_url", _field("article__url")),
    Column(
        "article_published",
        lambda site: cells.partial_date("article__published_on", "article__published_precision"),
    ),
    Column("article_language", _field("article__language")),
    Column("rating", lambda site: cells.text(F(f"approved__rating__{site.label}"))),
    Column("rating_value", lambda site: cells.text(Cast("approved__rating__value", TextField()))),
    Column("verdict_summary", _field("approved__summary")),
    Column("verdict_rationale", _field("approved__rationale_text")),
    Column("sources", _sources),
    Column("verdict_author", lambda site: cells.person("approved__author")),
    Column("reviewer", lambda site: cells.person("approved__reviewer")),
    Column("reviewed_at", lambda site: cells.utc_seconds("approved__reviewed_at")),
)
# ``?layout=full``: the default columns, then the claim's links and its verdict's corrections.
FULL_COLUMNS = (
    *COLUMNS,
    Column("related_claims", _related_claims),
    Column("corrections", _corrections),
    # Its place in the desk's queue.
    Column("priority", lambda site: cells.choice_name("priority", Claim.Priority)),
    Column("due_on", lambda site: cells.day("due_on")),
    # Other desks' fact-checks it repeats (factcheck/external/).
    Column("external_reviews", _external_reviews),
)
LAYOUTS = {"default": COLUMNS, "full": FULL_COLUMNS}
HEADER = [column.header for column in COLUMNS]
FULL_HEADER = [column.header for column in FULL_COLUMNS]


def export_cells(claims, *, base_url: str, layout: str = "default", empty_as_null=False):
    """``claims`` as rows of text cells (``cell0``, ``cell1``…) in LAYOUTS[layout]'s order, and
    the claim id as ``export_order``, by claim id: one query. ``empty_as_null`` gives NULL for
    '' (what COPY's CSV writes unquoted)."""
    site = _Site(_ClaimUrls(base_url), _label_field())
    expressions = [column.cell(site) for column in LAYOUTS[layout]]
    if empty_as_null:
        expressions = [NullIf(cell, Value(""), output_field=TextField()) for cell in expressions]
    named = dict(zip(_cell_names(len(expressions)), expressions, strict=True))
    return claims.order_by("pk").values(export_order=F("pk"), **named)


def _cell_names(count: int) -> list[str]:
    return [f"cell{index}" for index in range(count)]


def _rows(claims, *, base_url: str = "", layout: str = "default") -> Iterator[list[str]]:
    """One list of cells a claim, before neutralizing, in claim id order."""
    names = _cell_names(len(LAYOUTS[layout]))
    rows = export_cells(claims, base_url=base_url, layout=layout).values_list(*names)
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        yield list(row)


class _Buffer(io.StringIO):
    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def csv_chunks(
    claims,
    *,
    base_url: str,
    excel: bool = False,
    layout: str = "default",
    copy: bool | None = None,
) -> Iterator[bytes]:
    """The CSV of ``claims`` as UTF-8 byte chunks: header, then ``CHUNK_ROWS`` rows a chunk.
    ``layout`` is a key of LAYOUTS; "full" adds related_claims and corrections.

    On PostgreSQL the rows come as one ``COPY`` stream (``copy=False``: through Python's csv
    writer, the same bytes); elsewhere Python's csv writer writes them."""
    header = ",".join(column.header for column in LAYOUTS[layout]) + "\r\n"
    yield (BOM if excel else b"") + header.encode()
    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy:
        yield from _copied(claims, base_url=base_url, layout=layout)
        return
    buffer = _Buffer()
    writer = csv.writer(buffer, lineterminator="\r\n")  # QUOTE_MINIMAL is RFC 4180's quoting
    for count, row in enumerate(_rows(claims, base_url=base_url, layout=layout), start=1):
        writer.writerow(neutralize_row(row))
        if count % CHUNK_ROWS == 0:
            yield buffer.take().encode()
    rest = buffer.take()
    if rest:
        yield rest.encode()


def _copied(claims, *, base_url: str, layout: str) -> Iterator[bytes]:
    """PostgreSQL: the rows of ``claims`` by COPY, a span of consecutive claim ids at a time, in
    id order. One COPY of every claim sorts and joins them all before its first row (8.9 s at a
    million claims); a span's COPY joins its own claims through their indexes, so the first rows
    leave at once and the whole costs no more. A span that held few of the claims asked for
    doubles the next one, so a narrow filter costs a few statements, not one per ``ID_SPAN``.
    The export's transaction reads every span in one snapshot (core.db_timeouts)."""
    # The table's first and last ids (two index lookups): the same bounds for the filters would
    # walk the id index to the first match from each end, a whole table's walk for some.
    bounds = Claim._base_manager.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    # For this transaction: a span's rows are joined one by one through indexes (the small
    # tables' too) and leave in id order as they are joined, while Python writes them. Hash
    # joins would need each span sorted before its first row (on disk past work_mem, Python
    # idle meanwhile), and parallel workers would take the core that Python writes on.
    _set_local("enable_hashjoin = off", "enable_mergejoin = off", "enable_seqscan = off")
    _set_local("max_parallel_workers_per_gather = 0")
    start, width, dense = bounds["low"], ID_SPAN, True
    while start <= bounds["high"]:
        # A span where most ids are asked for walks the primary key in order; a sparse one
        # (a narrow filter) lets the filter's own index find its few claims, then sorts them.
        _set_local(f"enable_bitmapscan = {'off' if dense else 'on'}")
        span = claims.filter(pk__gte=start, pk__lt=start + width)
        rows = export_cells(span, base_url=base_url, layout=layout, empty_as_null=True)
        written = yield from copying.csv_chunks(
            rows,
            columns=_cell_names(len(LAYOUTS[layout])),
            suspect=_SUSPECT_LINES,
            rewrite=_rewritten,
            rows_a_chunk=CHUNK_ROWS,
        )
        start += width
        dense = written >= width // 10
        if not dense:
            width *= 2


def _set_local(*settings_: str) -> None:
    """Planner settings for the rest of the export's transaction (constants only)."""
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET LOCAL {setting}" for setting in settings_))


def _rewritten(lines: list[str]) -> list[bytes]:
    """CSV lines (each ending in "\\n") written again with their cells neutralized, without
    their line ends."""
    buffer = _Buffer()
    # "\r\n" (not ""): the writer quotes a cell holding its line end's characters.
    writer = csv.writer(buffer, lineterminator="\r\n")
    again = []
    for cells_ in csv.reader(lines):
        writer.writerow(neutralize_row(cells_))
        again.append(buffer.take()[:-2].encode())
    return again


# schema.org ClaimReview, as Google's fact-check markup documents it.

# What a ClaimReview reads, by name: the claim's fields, its article's (ARTICLE_FIELDS, shared
# with the articles its repeats appear in) and its approved verdict's.
ARTICLE_FIELDS = {
    "article_id": "pk",
    "title": "title",
    "language": "language",
    "article_url": "url",
    "published_on": "published_on",
    "published_precision": "published_precision",
    "outlet": "outlet",
}
CLAIMREVIEW_FIELDS = {
    "pk": "pk",
    "quote": "quote",
    "claim_reviewed": "claim_reviewed",
    "claimed_on": "claimed_on",
    "claimed_precision": "claimed_precision",
    "speaker": "speaker__name",
    "speaker_kind": "speaker__kind",
    **{name: f"article__{path}" for name, path in ARTICLE_FIELDS.items()},
    "rating_value": "approved__rating__value",
    "reviewed_at": "approved__reviewed_at",
}


def _appearance(article: dict) -> dict:
    """A schema.org NewsArticle from ARTICLE_FIELDS' values."""
    appearance = {
        "@type": "NewsArticle",
        "headline": article["title"],
        "inLanguage": article["language"],
    }
    if article["article_url"]:
        appearance["url"] = article["article_url"]
    if article["published_on"]:
        appearance["datePublished"] = format_partial(
            article["published_on"], article["published_precision"]
        )
    if article["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return appearance


def _repeat_appearances(claims, base_url: str) -> dict[int, list[tuple[int, dict]]]:
    """Claim id -> (article id, appearance) of the claims it repeats or that repeat it, for
    ``itemReviewed.appearance``: one query for the whole export (links are few next to claims).
    An article without a URL appears with its page in the workbench."""
    from django.db.models import Q

    from factcheck.models import ClaimLink

    ids = claims.order_by().values("pk")
    ends = ("claim", "target")
    columns = [f"{end}__article__{path}" for end in ends for path in ARTICLE_FIELDS.values()]
    rows = (
        ClaimLink.objects.filter(relation=ClaimLink.Relation.REPEATS)
        .filter(Q(claim_id__in=ids) | Q(target_id__in=ids))
        .order_by("pk")
        .values_list("claim_id", "target_id", *columns)
    )
    base = base_url.rstrip("/")
    width = len(ARTICLE_FIELDS)
    found: dict[int, list[tuple[int, dict]]] = {}
    for claim_id, target_id, *articles in rows:
        # Each end of the link appears in the other end's article.
        for mine, values in ((claim_id, articles[width:]), (target_id, articles[:width])):
            article = dict(zip(ARTICLE_FIELDS, values, strict=True))
            article_id = article["article_id"]
            if not article["article_url"]:
                article["article_url"] = base + reverse("article_detail", args=[article_id])
            appearance = _appearance(article)
            found.setdefault(mine, []).append((article_id, appearance))
    return found


def _external_reviews_of(claims) -> dict[int, list[dict]]:
    """Claim id -> the external ClaimReviews it repeats, for ``isBasedOn``: one query for the
    whole export."""
    rows = (
        ExternalLink.objects.filter(claim_id__in=claims.order_by().values("pk"))
        .order_by("pk")
        .values_list("claim_id", "external_review__url", "external_review__publisher")
    )
    found: dict[int, list[dict]] = {}
    for claim_id, url, publisher in rows:
        found.setdefault(claim_id, []).append(
            {
                "@type": "ClaimReview",
                "url": url,
                "author": {"@type": "Organization", "name": publisher},
            }
        )
    return found


def _claimreview(row: dict, claim_url: _ClaimUrls, repeats=(), base_url: str = "") -> dict:
    """The ClaimReview of ``row``: CLAIMREVIEW_FIELDS' values and ``rating_label``."""
    appearance = _appearance(row)
    article_id = row["article_id"]
    item = {"@type": "Claim"}
    if row["speaker"]:
        kind = "Organization" if row["speaker_kind"] == "organisation" else "Person"
        item["author"] = {"@type": kind, "name": row["speaker"]}
    if row["claimed_on"]:
        item["datePublished"] = format_partial(row["claimed_on"], row["claimed_precision"])
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
        "url": claim_url(row["pk"]),
        "claimReviewed": row["claim_reviewed"] or row["quote"],
        "datePublished": row["reviewed_at"].astimezone(datetime.UTC).date().isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.NEWSROOM_NAME,
            "url": settings.NEWSROOM_URL,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": row["rating_value"],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": row["rating_label"],
        },
        "itemReviewed": item,
    }


def claimreviews(claims, *, base_url: str) -> Iterator[dict]:
    """ClaimReview objects for the reviewed claims among ``claims``, in claim id order."""
    claim_url = _ClaimUrls(base_url)
    rows = (
        claims.filter(approved__isnull=False)
        .order_by("pk")
        .values_list(*CLAIMREVIEW_FIELDS.values(), f"approved__rating__{_label_field()}")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    names = [*CLAIMREVIEW_FIELDS, "rating_label"]
    repeats = _repeat_appearances(claims.filter(approved__isnull=False), base_url)
    external = _external_reviews_of(claims.filter(approved__isnull=False))
    corrections = _SideRows(_correction_rows(claims))
    for values in rows:
        row = dict(zip(names, values, strict=True))
        review = _claimreview(row, claim_url, repeats.get(row["pk"], ()), base_url)
        if row["pk"] in external:
            # The claim repeats what another desk checked: that ClaimReview is what this one
            # is based on (schema.org CreativeWork.isBasedOn).
            review["isBasedOn"] = external[row["pk"]]
        fixes = corrections.take(row["pk"])
        if fixes:
            review["correction"] = [_correction_comment(*fix) for fix in fixes]
        yield review


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
