"""Extraction on the fixture pages: title, date, text, language, outlet, author; a paywall
notice is flagged; the text keeps the page's characters in the import format."""

import datetime

import pytest

from factcheck.core.partial_dates import PartialDate
from factcheck.intake.extraction import NothingExtracted, extract
from factcheck.intake.fetching import Fetched, fetch


def read(web, path):
    return extract(fetch(web.url(path)))


def test_french_news_page(web):
    found = read(web, "/fr-news.html")
    assert found.title == "Elon Musk reçu par Isaac Herzog à Jérusalem"
    assert found.published == PartialDate(datetime.date(2023, 11, 27), "day")
    assert found.language == "fr"
    assert found.outlet == "Le Quotidien du Test"
    assert found.author == "Camille Durand"
    assert "« Tu as dit l’exacte vérité »" in found.text
    assert "promotion abjecte de la haine antisémite et raciste" in found.text
    assert "יצחק הרצוג" in found.text and "🚨" in found.text
    # Menus, footer and the headline itself stay out; paragraphs are separated by blank lines.
    assert "Accueil" not in found.text and "Mentions légales" not in found.text
    assert not found.text.startswith("Elon Musk reçu")
    assert found.text.count("\n\n") == 3
    assert not found.warning


def test_english_news_page(web):
    found = read(web, "/en-news.html")
    assert found.title == "Harbour bridge reopens after two years of repairs"
    assert str(found.published) == "2024-03-05"
    assert found.language == "en"
    assert found.author == "Sam O’Neill"
    assert found.text.startswith("The harbour bridge reopened")
    assert "cookies" not in found.text and "All rights reserved" not in found.text


def test_paywall_page_is_flagged(web):
    found = read(web, "/paywall.html")
    assert found.title == "Budget : ce que contient vraiment le projet de loi"
    assert found.warning.startswith("Only ")
    assert "paywall" in found.warning


def test_plain_text_follows_the_import_format(web):
    found = read(web, "/plain.txt")
    assert str(found.published) == "2023-11-27"
    assert found.text.startswith("Le texte brut d’une dépêche")
    assert found.title == "Le texte brut d’une dépêche, servi en text/plain par le site"


def test_the_declared_charset_is_used(web):
    assert "Déjà vu, été." in read(web, "/latin1").text


def test_tracking_parameters_leave_the_address(web):
    found = read(web, "/fr-news.html?utm_source=newsletter&fbclid=abc")
    assert found.canonical_url == web.url("/fr-news.html")


def test_a_binary_file_sent_as_html_holds_no_article(web):
    with pytest.raises(NothingExtracted, match="binary"):
        read(web, "/binary-as-html")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body></body></html>",
        b"<<<<>>>>",
        b"\xff\xfe\xfa junk \xc3",
        "<p>\u202e\u202c</p>".encode(),
        b"<html><body><p>\r\n\r\n</p></body></html>",
    ],
)
def test_pages_with_no_text_are_one_clear_refusal(body):
    fetched = Fetched(
        url="https://example.org/",
        final_url="https://example.org/",
        status=200,
        content_type="text/html",
        charset="",
        body=body,
        fetched_at=None,
    )
    with pytest.raises(NothingExtracted):
        extract(fetched)


def test_crlf_and_control_characters_leave_the_text():
    body = "<html lang=en><body><article><p>One\r\ntwo\x07 three.</p><p>Four.</p></article></body></html>"
    fetched = Fetched(
        url="https://example.org/a",
        final_url="https://example.org/a",
        status=200,
        content_type="text/html",
        charset="utf-8",
        body=body.encode(),
        fetched_at=None,
    )
    found = extract(fetched)
    assert "\r" not in found.text and "\x07" not in found.text
    assert "Four." in found.text
