"""The article parser: the seed format, plain text, and every kind of bad input."""

import datetime
from pathlib import Path

import pytest

from factcheck.articles.importing import (
    InvalidArticle,
    decode_article,
    parse_article,
    parse_article_bytes,
    title_from_lead,
)
from factcheck.core.partial_dates import Precision

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_6beb8dc5a699d974.txt"


def test_seed_file_is_parsed_with_its_month_date_and_every_character():
    data = SEED.read_bytes()
    parsed = parse_article_bytes(data)
    assert parsed.published.date == datetime.date(2023, 11, 1)
    assert parsed.published.precision == Precision.MONTH
    assert str(parsed.published) == "2023-11"
    # The body is the file after " date 2023-11 ", character for character.
    assert parsed.body == data.decode("utf-8")[len(" date 2023-11 ") :]
    assert parsed.body.startswith("Le milliardaire")
    assert parsed.body.endswith("le 7 octobre.")
    assert "« Tu as dit l’exacte vérité »" in parsed.body
    assert parsed.body.count("\n\n") == 5


def test_title_is_the_leads_first_sentence_cut_at_a_word():
    parsed = parse_article_bytes(SEED.read_bytes())
    assert parsed.title.startswith("Le milliardaire et grand patron du réseau social X, Elon Musk")
    assert parsed.title.endswith("…")
    assert len(parsed.title) <= 121
    assert not parsed.title[:-1].endswith(" ")
    assert parsed.body.startswith(parsed.title[:-1])


def test_short_first_sentence_is_the_whole_title():
    assert title_from_lead("Le ciel est bleu. Il fait beau.\n\nSuite.") == "Le ciel est bleu"
    assert (
        title_from_lead("« C’est faux ! » a dit le ministre.")
        == "« C’est faux ! » a dit le ministre"
    )
    assert title_from_lead("Il a dit « Non. » Puis il est parti.") == "Il a dit « Non"


def test_a_lead_of_only_punctuation_is_still_a_title():
    assert title_from_lead("…") == "…"


def test_explicit_title_wins():
    parsed = parse_article("date 2023\nCorps.", title="  Musk  à Jérusalem ")
    assert parsed.title == "Musk à Jérusalem"


@pytest.mark.parametrize(
    ("text", "body", "shown"),
    [
        ("date 2023-11-27\nPremier paragraphe.", "Premier paragraphe.", "2023-11-27"),
        ("  date 2023 Texte sur la même ligne.", "Texte sur la même ligne.", "2023"),
        ("\n date 2023-11\r\nLigne.\r\n\r\nDeux.", "Ligne.\n\nDeux.", "2023-11"),
        ("date 2023-11 \nTexte.", "Texte.", "2023-11"),
    ],
)
def test_date_marker_forms(text, body, shown):
    parsed = parse_article(text)
    assert parsed.body == body
    assert str(parsed.published) == shown


def test_plain_text_without_marker_keeps_everything():
    text = "Un texte sans date.\n\nDeuxième paragraphe avec « guillemets » et l’apostrophe."
    parsed = parse_article(text)
    assert parsed.published is None
    assert parsed.body == text


def test_byte_order_mark_is_dropped():
    assert decode_article("\ufeffdate 2023 Texte".encode()) == "date 2023 Texte"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Café".encode("latin-1"), "not UTF-8"),
        (b"date 2023-13 Texte", "impossible date"),
        (b"date 2023-02-30\nTexte", "impossible date"),
        (b"date novembre Texte", "bad date marker"),
        (b"date 2023-11", "no article text"),
        (b"date 2023-11 \n\n  \n", "no article text"),
        (b"   \n\n ", "no article text"),
        (b"date", "no date"),
        (b"Texte\x07avec une cloche", "control characters"),
    ],
)
def test_bad_input_raises_one_clear_error(data, message):
    with pytest.raises(InvalidArticle, match=message):
        parse_article_bytes(data)


def test_too_large_file_is_refused(settings):
    settings.ARTICLE_MAX_BYTES = 100
    with pytest.raises(InvalidArticle, match="too large"):
        parse_article_bytes(b"x" * 101)
