"""The claims CSV opened in a real spreadsheet: LibreOffice, headless, reading the export with a
comma, a semicolon and a tab as the separator, formulas evaluated. No cell may be a formula.

Skipped when ``soffice`` is missing (apt-get install libreoffice-calc-nogui), unless
REQUIRE_BROWSER=1, as CI sets it for the browser tests."""

import csv
import io
import os
import re
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.claims.filters import listing_queryset
from factcheck.exports import exporting
from tests.factories import UserFactory
from tests.reviewed import musk_article, reviewed_claim

pytestmark = pytest.mark.django_db

SEPARATORS = {"comma": 44, "semicolon": 59, "tab": 9}

# Cells that a spreadsheet could run, through any separator and in any line of a cell.
HOSTILE = [
    "=2+3",
    "+2+3",
    "-2+3",
    "@SUM(2;3)",
    "\t=2+3",
    "\r=2+3",
    "Says that x;=2+3;",
    "Says that x,=2+3,",
    "Says that x\t=2+3\t",
    "Line one\n=4+5;",
    "Line one\r\n+4+5",
    "=cmd|' /C calc'!A0",
    "＝2+3",
    'x;"=2+3"',
    "x; =2+3",
    "x;\n-2+3",
    'a;;=HYPERLINK("https://evil.example";"clic")',
]


@pytest.fixture(scope="module")
def soffice():
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but soffice is missing")
        pytest.skip("soffice is missing (apt-get install libreoffice-calc-nogui)")
    return found


def formula_cells(soffice, data: bytes, separator: int, tmp_path) -> tuple[list[str], str]:
    """The formulas LibreOffice finds in ``data`` read with ``separator`` (a character code),
    formulas evaluated, and the converted sheet's text (to see that it did read the rows)."""
    source = tmp_path / f"export-{separator}.csv"
    source.write_bytes(data)
    out = tmp_path / f"out-{separator}"
    # CSV filter options: separator, text delimiter ("), UTF-8 (76), from line 1, no column
    # formats, English (1033), quoted fields not forced to text, no special numbers, three
    # export-only tokens, every sheet, and the 13th token: evaluate formulas.
    options = f"CSV:{separator},34,76,1,,1033,false,false,false,false,false,-1,true"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "fods",
            f"--infilter={options}",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = (out / source.with_suffix(".fods").name).read_text(encoding="utf-8")
    return re.findall(r'table:formula="([^"]*)"', sheet), sheet


def hostile_export() -> bytes:
    body = " ".join(f"[citation {index}]" for index in range(len(HOSTILE)))
    article = musk_article(title="=2+3 titre", outlet="Says that x;=2+3;", body=body)
    author = UserFactory(username="auteur", first_name="=2+3", last_name=";=2+3", role="editor")
    reviewer = UserFactory(username="relecteur", first_name="@SUM(2;3)", role="reviewer")
    for index, text in enumerate(HOSTILE):
        reviewed_claim(
            article=article,
            quote=f"[citation {index}]",
            speaker=f"{text} {index}",
            claim_reviewed=text,
            summary=f"Résumé ;{text}",
            rationale=f"<p>Premier paragraphe.</p><p>{text}</p><p>=4+5;</p>",
            tags=(f"{text}-{index}",),
            sources=((text, f"https://example.org/{index}"),),
            author=author,
            reviewer=reviewer,
        )
    return b"".join(exporting.csv_chunks(listing_queryset(), base_url="https://desk.example"))


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_no_cell_is_a_formula_whatever_the_separator(soffice, tmp_path, separator):
    data = hostile_export()
    formulas, sheet = formula_cells(soffice, data, separator, tmp_path)
    assert "citation 3" in sheet  # LibreOffice did read the rows
    assert formulas == []


def test_the_same_cells_unguarded_are_formulas(soffice, tmp_path):
    """The check above can fail: without neutralize() the same rows give formula cells with
    each separator."""
    hostile_export()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(exporting.HEADER)
    writer.writerows(exporting._rows(listing_queryset()))
    data = buffer.getvalue().encode()
    for separator in SEPARATORS.values():
        formulas, _ = formula_cells(soffice, data, separator, tmp_path)
        assert formulas, separator


def test_neutralize_is_what_the_export_runs(client_for, viewer, monkeypatch):
    reviewed_claim(claim_reviewed="x;=2+3")
    calls = []
    original = exporting.neutralize
    monkeypatch.setattr(exporting, "neutralize", lambda cell: calls.append(cell) or original(cell))
    response = client_for(viewer).get("/claims/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert any("x;=2+3" in call for call in calls)  # the row's cells, joined
    assert "x;'=2+3" in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Says that x;=2+3;", "Says that x;'=2+3;"),
        ("Paragraphe.\n=4+5;", "Paragraphe.\n'=4+5;"),
        ("a,=1", "a,'=1"),
        ("a\t+1", "a\t'+1"),
        ('x;"=1"', 'x;\'"=1"'),
        ("＝1", "'＝1"),
        ("\r\n-1", "'\r\n'-1"),
    ],
)
def test_every_piece_of_a_cell_is_neutralized(text, expected):
    assert exporting.neutralize(text) == expected


def test_ordinary_text_is_left_alone():
    for text in [
        "vérité",
        "a=b",
        "10 % + 2",
        "’apostrophe",
        "« guillemets » ; suite",
        " =espace",
        "Tu as dit l’exacte vérité 🙂",
        "well-known, e-mail; x+y",
        "",
    ]:
        assert exporting.neutralize(text) == text


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list('ab ,;\t\r\n"=+-@＝’é🙂\u202e\u00a0'))), max_size=6
    )
)
def test_the_row_shortcut_agrees_with_each_cell(row):
    assert exporting.neutralize_row(row) == [exporting.neutralize(cell) for cell in row]
