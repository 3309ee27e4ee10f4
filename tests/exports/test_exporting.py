"""The claims CSV: header, every field, formula neutralizing, web and command line identical."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.exports import exporting
from factcheck.exports.exporting import HEADER, neutralize
from factcheck.models import Claim
from tests.factories import ClaimFactory
from tests.reviewed import musk_article, reviewed_claim

HEADER_LINE = (
    "claim_id,claim_url,status,speaker,quote,claim_reviewed,claim_kind,claimed_on,tags,"
    "article_title,article_outlet,article_url,article_published,article_language,rating,"
    "rating_value,verdict_summary,verdict_rationale,sources,verdict_author,reviewer,reviewed_at"
)


def web_csv(client, query=""):
    response = client.get("/claims/export.csv" + query)
    assert response.status_code == 200, response
    return response, b"".join(response.streaming_content)


def parse(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_is_exactly_the_documented_one():
    assert ",".join(HEADER) == HEADER_LINE


def test_every_field_of_a_reviewed_claim(client_for, viewer, settings):
    settings.LANGUAGE_CODE = "fr"  # exports speak the site's language: French by default
    claim = reviewed_claim()
    response, data = web_csv(client_for(viewer))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="claims-{today}.csv"'
    assert data.startswith(HEADER_LINE.encode() + b"\r\n")
    [row] = parse(data)
    assert row == {
        "claim_id": str(claim.pk),
        "claim_url": f"http://testserver/claims/{claim.pk}/",
        "status": "reviewed",
        "speaker": "Elon Musk",
        "quote": "Tu as dit l’exacte vérité",
        "claim_reviewed": "Les personnes juives encouragent la « haine contre les Blancs ».",
        "claim_kind": "direct_quote",
        "claimed_on": "2023-11-15",
        "tags": "antisémitisme; réseaux sociaux",
        "article_title": "À Jérusalem, la visite qui fâche « l’opinion »",
        "article_outlet": "Le Quotidien",
        "article_url": "https://journal.example.fr/2023/11/musk-herzog",
        "article_published": "2023-11",
        "article_language": "fr",
        "rating": "Faux",
        "rating_value": "1",
        "verdict_summary": "Aucune donnée n’étaye ce message ; c’est un cliché antisémite.",
        "verdict_rationale": (
            "Le message approuvé reprend un cliché « complotiste ».\n"
            "L’Anti-Defamation League l’a documenté & daté."
        ),
        "sources": (
            "Rapport de l’ADL <https://www.adl.org/rapport>\n"
            "Le post sur X <https://x.com/elonmusk/status/1>"
        ),
        "verdict_author": "Anaïs Lefèvre",
        "reviewer": "relecteur",
        "reviewed_at": "2023-11-28T09:30:05+00:00",
    }


def test_rows_end_with_crlf_and_multiline_cells_are_quoted(client_for, viewer):
    reviewed_claim()
    _, data = web_csv(client_for(viewer))
    assert data.count(b"\r\n") >= 2
    assert b'"Le message approuv' in data  # the rationale spans lines, so it is quoted


def test_by_default_only_reviewed_claims(client_for, viewer):
    claim = reviewed_claim()
    ClaimFactory(article=claim.article, quote="Elon Musk")
    rows = parse(web_csv(client_for(viewer))[1])
    assert [row["claim_id"] for row in rows] == [str(claim.pk)]
    everything = parse(web_csv(client_for(viewer), "?all=1")[1])
    assert len(everything) == 2
    unreviewed = everything[1]
    assert unreviewed["status"] == "new"
    assert unreviewed["rating"] == unreviewed["sources"] == unreviewed["reviewed_at"] == ""


def test_the_list_query_string_selects_the_same_claims(client_for, viewer):
    claim = reviewed_claim()
    other = ClaimFactory(article=claim.article, quote="Elon Musk", speaker__name="Autre")
    rows = parse(web_csv(client_for(viewer), f"?speaker={other.speaker_id}")[1])
    assert [row["claim_id"] for row in rows] == [str(other.pk)]
    rows = parse(web_csv(client_for(viewer), "?q=verite")[1])
    assert [row["claim_id"] for row in rows] == [str(claim.pk)]


def test_excel_gets_a_byte_order_mark(client_for, viewer):
    reviewed_claim()
    _, plain = web_csv(client_for(viewer))
    _, excel = web_csv(client_for(viewer), "?excel=1")
    assert excel == b"\xef\xbb\xbf" + plain


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_neutralized(client_for, viewer, start):
    reviewed_claim(
        claim_reviewed=f"{start}SUM(A1:A9) vérité",
        summary=f"{start}1+1",
        speaker=f"{start}cmd|' /C calc'!A0",
    )
    [row] = parse(web_csv(client_for(viewer))[1])
    assert row["claim_reviewed"] == f"'{start}SUM(A1:A9) vérité"
    assert row["verdict_summary"] == f"'{start}1+1"
    assert row["speaker"] == f"'{start}cmd|' /C calc'!A0"


def test_only_formula_cells_are_touched():
    for text in ["vérité", "a=b", "10 % + 2", "’apostrophe", "« guillemets »", " =espace", ""]:
        assert neutralize(text) == text
    for start in exporting.FORMULA_STARTS:
        assert neutralize(start + "x") == "'" + start + "x"


def test_command_line_gives_the_same_bytes(client_for, viewer, tmp_path):
    claim = reviewed_claim()
    ClaimFactory(article=claim.article, quote="Elon Musk")
    for query, options in [
        ("", {}),
        ("?all=1", {"all": True}),
        ("?q=v%C3%A9rit%C3%A9&excel=1", {"q": "vérité", "excel": True}),
        (
            f"?speaker={claim.speaker_id}&status=reviewed",
            {"speaker": str(claim.speaker_id), "status": ["reviewed"]},
        ),
    ]:
        _, web = web_csv(client_for(viewer), query)
        out = tmp_path / "claims.csv"
        call_command(
            "export_claims", output=str(out), site_url="http://testserver", verbosity=0, **options
        )
        assert out.read_bytes() == web, query


def test_command_writes_to_standard_output(db, capsysbinary):
    reviewed_claim()
    call_command("export_claims", site_url="http://testserver")
    data = capsysbinary.readouterr().out
    assert data.startswith(HEADER_LINE.encode())
    assert "Tu as dit l’exacte vérité".encode() in data


def test_the_response_streams_in_chunks(client_for, viewer):
    article = musk_article()
    for _ in range(exporting.CHUNK_ROWS + 5):
        ClaimFactory(article=article, quote="Elon Musk", speaker=None)
    response = client_for(viewer).get("/claims/export.csv?all=1")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # header, a full chunk, the rest
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == exporting.CHUNK_ROWS + 6


def export_queries(client, count):
    article = musk_article(url=f"https://example.org/{count}")
    for index in range(count):
        reviewed_claim(
            article=article,
            quote="Elon Musk",
            speaker=f"Orateur {index}",
            tags=(f"tag{index}",),
        )
    with CaptureQueriesContext(connection) as queries:
        _, data = web_csv(client, "?all=1")
    assert len(parse(data)) == Claim.objects.count()
    return len(queries)


def test_query_count_is_fixed_whatever_the_rows(client_for, viewer):
    client = client_for(viewer)
    assert export_queries(client, 1) == export_queries(client, 6)


def test_viewer_may_export_anonymous_may_not(client_for, viewer):
    reviewed_claim()
    assert client_for(viewer).get("/claims/export.csv").status_code == 200
    anonymous = client_for(None).get("/claims/export.csv")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_invalid_filters_are_a_bad_request(client_for, viewer):
    assert client_for(viewer).get("/claims/export.csv?claimed_after=yesterday").status_code == 400


def test_filename_is_dated():
    assert exporting.export_filename(datetime.date(2024, 2, 9)) == "claims-2024-02-09.csv"
