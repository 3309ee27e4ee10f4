"""The one export engine: cells formatted by the database as Python formatted them, on both
databases; on PostgreSQL the COPY stream gives the very bytes of Python's csv writer."""

import csv
import datetime
import io
import re
import sys

import pytest
from django.db import connection
from django.http import QueryDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from factcheck.claims.filters import listing_queryset
from factcheck.core.partial_dates import Precision, format_partial
from factcheck.core.sanitize import html_to_text
from factcheck.exports import cells, copying, exporting
from factcheck.models import Claim, ClaimLink, ExternalLink, ExternalReview, Rating, Verdict
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory
from tests.reviewed import reviewed_claim

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)

# Text a desk meets: emoji and other astral characters, combining accents, no-break spaces,
# CRLF, right-to-left text, formulas after every separator, quotes, guillemets, junk.
NASTY = [
    "Tu as dit l’exacte vérité 🙂𝔘𝔫𝔦",
    "e\u0301te\u0301 combining, « guillemets »\u00a0!",
    "ligne 1\r\nligne 2\rligne 3\n=SUM(1;2)",
    "שלום עולם \u202eRTL\u202c ;=2+3",
    '=1+1, "cité" ; @cmd',
    "-5 + 3",
    "+33 1 23 45 67 89",
    "\tindent\t=tab",
    "＝fullwidth",
    '"=1"',
    'x;"=1";"-2"',
    "\u00a0 \u2003padded\u3000",
    "a,b;c\td",
    "\\N \\. \\\\ backslashes",
    "\x1f\x0b\x0c control",
    "",
]


def hostile_claims():
    """Claims whose every text field is one of NASTY, reviewed or not, linked and corrected."""
    article = ArticleFactory(
        title='=HYPERLINK("x") « titre »',
        outlet="",
        url="",
        published_on=datetime.date(987, 3, 1),
        published_precision=Precision.YEAR,
        body=" ".join(f"[citation {index}]" for index in range(len(NASTY) + 2)),
    )
    author = UserFactory(
        username="=auteur", first_name="\u00a0@Anaïs\t", last_name="", role="editor"
    )
    nameless = UserFactory(
        username="relecteur;=1", first_name=" ", last_name="\u2003", role="reviewer"
    )
    named = UserFactory(username="zoe", first_name="Zoé", last_name="« Z », -1", role="reviewer")
    claims = []
    for index, text in enumerate(NASTY):
        claim = reviewed_claim(
            article=article,
            quote=f"[citation {index}]",
            speaker=f"{text} {index}" if index % 5 else None,
            claim_reviewed=text,
            summary=text,
            rationale=f"<p>{text}</p><p>=4+5;</p>" if text else "",
            tags=(f"{text}-{index}", f"tag {index}") if index % 3 else (),
            sources=((text or "titre", f"https://example.org/{index}?a=1&b=-2"),),
            author=author,
            reviewer=nameless if index % 2 else named,
            reviewed_at=datetime.datetime(2023, 11, 28, 9, 30, 5, 999999, tzinfo=datetime.UTC),
        )
        claims.append(claim)
    # Months and days too, and claims with no verdict at all (``all=1``).
    Claim.objects.filter(pk=claims[1].pk).update(claimed_precision=Precision.MONTH)
    Claim.objects.filter(pk=claims[2].pk).update(
        priority=Claim.Priority.URGENT, due_on=datetime.date(2026, 12, 24)
    )
    ClaimFactory(
        article=article,
        quote=f"[citation {len(NASTY)}]",
        speaker=None,
        claim_reviewed="-pas encore",
        status="new",
    )
    ClaimLink.objects.create(claim=claims[0], relation="responds_to", target=claims[1])
    ClaimLink.objects.create(claim=claims[2], relation="repeats", target=claims[0])
    ClaimLink.objects.create(claim=claims[3], relation="contradicts", target=claims[0])
    # Other desks' fact-checks they repeat, with hostile publishers and addresses.
    for index, text in enumerate(NASTY[:4]):
        review = ExternalReview.objects.create(
            url=f"https://other.example/{index}?q=-1&x={text[:5]}",
            publisher=text or "=publisher",
            claim_reviewed=text or "vide",
            reviewed_on=datetime.date(2023, 11, 20),
            language="fr",
        )
        ExternalLink.objects.create(claim=claims[index % 2], external_review=review)
    approved = claims[0].verdicts.get(status=Verdict.Status.APPROVED)
    approved.status = Verdict.Status.SUPERSEDED
    approved.save()
    correction = Verdict.objects.create(
        claim=claims[0],
        rating=Rating.objects.get(slug="mostly-false"),
        summary="corrigé",
        rationale="<p>=nouveau</p>",
        author=author,
        reviewer=nameless,
        status=Verdict.Status.APPROVED,
        supersedes=approved,
        correction_reason="\u00a0=Nouvelle\t source\r\n« précise »\u3000 ",
        reviewed_at=datetime.datetime(2023, 12, 2, 23, 59, 59, tzinfo=datetime.UTC),
    )
    SourceFactory(verdict=correction, title="Nouvelle source, 🙂", url="https://example.org/n")
    return claims


def python_cells(claim, *, base_url: str, layout: str) -> list[str]:
    """The cells of one claim as the export formatted them in Python, field by field."""
    verdict = claim.verdicts.filter(status=Verdict.Status.APPROVED).first()
    label = "label_fr" if exporting.settings.LANGUAGE_CODE.startswith("fr") else "label_en"

    def person(user) -> str:
        if user is None:
            return ""
        return f"{user.first_name} {user.last_name}".strip() or user.username

    def url(pk) -> str:
        return f"{base_url}/claims/{pk}/"

    article = claim.article
    row = [
        str(claim.pk),
        url(claim.pk),
        claim.status,
        claim.speaker.name if claim.speaker else "",
        claim.quote,
        claim.claim_reviewed,
        claim.kind,
        format_partial(claim.claimed_on, claim.claimed_precision),
        "; ".join(claim.tags.order_by("name").values_list("name", flat=True)),
        article.title,
        article.outlet,
        article.url or "",
        format_partial(article.published_on, article.published_precision),
        article.language,
        getattr(verdict.rating, label) if verdict else "",
        str(verdict.rating.value) if verdict else "",
        verdict.summary if verdict else "",
        html_to_text(verdict.rationale, cleaned=True) if verdict else "",
        "\n".join(f"{s.title} <{s.url}>" for s in verdict.sources.order_by("pk"))
        if verdict
        else "",
        person(verdict.author) if verdict else "",
        person(verdict.reviewer) if verdict else "",
        verdict.reviewed_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
        if verdict
        else "",
    ]
    if layout == "full":
        links = [
            f"{link.relation} #{link.target_id} {url(link.target_id)}"
            for link in ClaimLink.objects.filter(claim=claim).order_by("pk")
        ] + [
            f"{exporting.INVERSE_CODES[link.relation]} #{link.claim_id} {url(link.claim_id)}"
            for link in ClaimLink.objects.filter(target=claim).order_by("pk")
        ]
        fixes = [
            f"{fix.reviewed_at.astimezone(datetime.UTC).date().isoformat()}: "
            f"{getattr(fix.supersedes.rating, label)} → {getattr(fix.rating, label)}: "
            f"{' '.join(fix.correction_reason.split())}"
            for fix in Verdict.objects.filter(
                claim=claim,
                supersedes__isnull=False,
                status__in=(Verdict.Status.APPROVED, Verdict.Status.SUPERSEDED),
            ).order_by("reviewed_at", "pk")
        ]
        priority = claim.Priority(claim.priority).name.lower() if claim.priority else ""
        due_on = claim.due_on.isoformat() if claim.due_on else ""
        external = [
            f"{link.relation} {link.external_review.url} ({link.external_review.publisher})"
            for link in ExternalLink.objects.filter(claim=claim).order_by("pk")
        ]
        row += ["\n".join(links), "\n".join(fixes), priority, due_on, "\n".join(external)]
    return row


QUERIES = ["", "all=1", "q=citation&all=1", "status=reviewed&status=new", "rating=false"]


@pytest.mark.parametrize("layout", ["default", "full"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_database_formats_each_cell_as_python_did(layout, language, settings):
    settings.LANGUAGE_CODE = language
    hostile_claims()
    claims = exporting.claims_to_export(QueryDict("all=1"))
    expected = [
        python_cells(claim, base_url="https://desk.example", layout=layout)
        for claim in claims.order_by("pk")
    ]
    rows = list(exporting._rows(claims, base_url="https://desk.example/", layout=layout))
    assert len(rows) == len(NASTY) + 1
    headers = [column.header for column in exporting.LAYOUTS[layout]]
    for row, wanted in zip(rows, expected, strict=True):
        assert dict(zip(headers, row, strict=True)) == dict(zip(headers, wanted, strict=True))


@postgresql_only
@pytest.mark.parametrize("layout", ["default", "full"])
@pytest.mark.parametrize("query", QUERIES)
def test_copy_gives_the_bytes_of_pythons_csv_writer(layout, query):
    hostile_claims()
    claims = exporting.claims_to_export(QueryDict(query))

    def export(copy: bool) -> bytes:
        chunks = exporting.csv_chunks(
            claims, base_url="https://desk.example", layout=layout, excel=True, copy=copy
        )
        return b"".join(chunks)

    through_copy, through_python = export(True), export(False)
    assert through_copy.count(b"\r\n") > 1
    assert through_copy == through_python


@postgresql_only
@pytest.mark.parametrize("span", [1, 3, 1000])
def test_copy_by_spans_of_ids_gives_the_same_bytes(monkeypatch, span):
    """The COPY stream reads the claims a span of ids at a time; however the spans fall (one
    claim each, a few, all in one), the bytes are those of the csv writer, in id order."""
    hostile_claims()
    monkeypatch.setattr(exporting, "ID_SPAN", span)
    claims = exporting.claims_to_export(QueryDict("all=1"))
    through_copy = b"".join(exporting.csv_chunks(claims, base_url="http://x", copy=True))
    through_python = b"".join(exporting.csv_chunks(claims, base_url="http://x", copy=False))
    lines = list(csv.reader(io.StringIO(through_copy.decode(), newline="")))
    assert len(lines) == len(NASTY) + 2  # the header and every claim, once
    assert through_copy == through_python


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_export_s_planner_settings_end_with_its_transaction(client, viewer, monkeypatch):
    """The export joins its spans row by row (SET LOCAL in its own transaction); the pages
    served after it on the same connection plan as usual."""
    hostile_claims()
    monkeypatch.setattr(exporting, "ID_SPAN", 3)
    client.force_login(viewer)
    response = client.get("/claims/export.csv?all=1")
    assert b"".join(response.streaming_content).count(b"\r\n") > len(NASTY)
    with connection.cursor() as cursor:
        for setting in ("enable_hashjoin", "enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SHOW {setting}")
            assert cursor.fetchone() == ("on",), setting


# Cells the csv writer quotes, or does not, in lines where nothing may start a formula: COPY's
# own quoting writes them (no line is handed back to Python).
PLAIN = [
    'dit « oui », puis "non"',
    "ligne 1\rligne 2",
    "ligne 1\nligne 2",
    "ligne 1\r\nligne 2",
    "l’été 🙂 שלום\u00a0fin",
    '"',
    ",",
    "",
]


@postgresql_only
@pytest.mark.parametrize("layout", ["default", "full"])
def test_copy_quotes_cells_as_the_csv_writer_does(layout, monkeypatch):
    body = " ".join(f"[citation {index}]" for index in range(len(PLAIN)))
    article = ArticleFactory(title="Un titre, « net »", outlet="Le Monde", body=body)
    author = UserFactory(username="anais", first_name="Anaïs", last_name="", role="editor")
    for index, text in enumerate(PLAIN):
        reviewed_claim(
            article=article,
            quote=f"[citation {index}]",
            speaker=f"{text} {index}",
            claim_reviewed=text,
            summary=text,
            rationale=f"<p>{text}</p>" if text else "",
            tags=(f"{text} {index}",),
            sources=((text or "titre", f"https://example.org/{index}"),),
            author=author,
            reviewer=UserFactory(username=f"relectrice{index}", role="reviewer"),
            reviewed_at=datetime.datetime(2023, 11, 28, 9, 30, 5, tzinfo=datetime.UTC),
        )
    claims = exporting.claims_to_export(QueryDict("all=1"))
    python = b"".join(exporting.csv_chunks(claims, base_url="http://x", layout=layout, copy=False))

    def never(lines):
        raise AssertionError(lines)

    monkeypatch.setattr(exporting, "_rewritten", never)
    database = b"".join(exporting.csv_chunks(claims, base_url="http://x", layout=layout, copy=True))
    assert database == python
    assert database.count(b'"ligne 1\r\nligne 2"') > 0


@postgresql_only
def test_copy_chunks_hold_whole_lines(monkeypatch):
    hostile_claims()
    monkeypatch.setattr(exporting, "CHUNK_ROWS", 4)
    chunks = list(exporting.csv_chunks(listing_queryset(), base_url="http://x", copy=True))[1:]
    assert len(chunks) == 5  # 17 claims: 4 + 4 + 4 + 4 + 1
    for chunk in chunks:
        assert chunk.endswith(b"\r\n")
        assert len(list(csv.reader(io.StringIO(chunk.decode(), newline="")))) <= 4


def test_python_white_space_is_what_the_database_trims():
    python = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    assert python == cells.PY_WHITESPACE


def as_copy_line(row: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue().encode()


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from(list('ab ,;\t\r\n"=+-@＝’é🙂\u202e\u00a0'))),
            min_size=2,
            max_size=5,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_line_neutralize_would_change_is_rewritten(rows):
    suspect = exporting._SUSPECT_LINES([as_copy_line(row) for row in rows])
    for index, row in enumerate(rows):
        if exporting.neutralize_row(row) != row:
            assert index in suspect, row


# The rule neutralize() follows, as one regex: a quote before every piece start (the cell's
# start or after a piece separator or NUL) that a formula character follows, through quotes.
SPEC = re.compile(f'(?:^|[\x00{exporting._PIECE_STARTS}])(?="*[{exporting._FORMULA}])')


@hypothesis_settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ,;\t\r\n\x00"=+-@＝’é🙂\u202e\u00a0'))))
def test_neutralize_is_its_rule(text):
    assert exporting.neutralize(text) == SPEC.sub("\\g<0>'", text)


def test_a_line_without_a_line_end_stops_the_stream():
    with pytest.raises(copying.CopyStreamError):
        copying._chunk([b"1,2"], exporting._SUSPECT_LINES, exporting._rewritten)
