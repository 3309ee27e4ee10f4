"""Marking from the article page is exact: the words the page sends must stand at the code-point
offsets it sends, in the version of the body it showed, or nothing is stored."""

import random

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.articles.anchoring import exact_anchor
from factcheck.articles.body_versions import latest_number, replace_body
from factcheck.articles.highlighting import paragraph_spans, shown_text
from factcheck.models import ArticleVersion, Claim, Speaker, Tag
from tests.factories import ArticleFactory
from tests.htmx import HTMX

EMOJI_BODY = "Bravo 😀😀😀 à tous.\n\nLe chômage a baissé de 3 % cette année."
QUOTE = "chômage a baissé"

# Pieces a generated body is made of: astral characters, combining accents, French spaces,
# tabs, right-to-left text, a repeated sentence.
PIECES = [
    "Bravo",
    "😀😀",
    "👩🏽‍🔬",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𠀀𠀁𠀂",
    "cafe\u0301",
    "e\u0301te\u0301",
    "«\u00a0bonjour\u00a0»",
    "question\u202f?",
    "note\u202f:",
    "a\tb",
    "مرحبا بالعالم",
    "שלום עולם",
    "Le chômage a baissé.",
    "Le chômage a baissé.",
    "3\u00a0%",
    "l’exacte vérité",
]


def generated_body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(PIECES) for _ in range(rng.randint(1, 12))]
        paragraphs.append(" ".join(words))
    breaks = ["\n\n", "\n\n\n", "\n \t\n", "\n\n  "]
    body = paragraphs[0]
    for paragraph in paragraphs[1:]:
        body += rng.choice(breaks) + paragraph
    return body


def test_shown_text_keeps_offsets_and_turns_breaks_into_line_breaks():
    body = "Un.\n \t\n  Deux 😀.\n\nTrois"
    shown = shown_text(body)
    assert len(shown) == len(body)
    assert shown == "Un." + "\n" * 6 + "Deux 😀.\n\nTrois"
    for start, end in paragraph_spans(body):
        assert shown[start:end] == body[start:end]


def test_code_point_offsets_are_accepted_utf16_ones_refused():
    start = EMOJI_BODY.index(QUOTE)
    anchor = exact_anchor(EMOJI_BODY, QUOTE, start, start + len(QUOTE))
    assert anchor is not None and anchor.quote == QUOTE
    assert anchor.prefix == EMOJI_BODY[:start][-32:]
    # What a browser counting UTF-16 units sends: three emoji, three units too many.
    utf16 = len(EMOJI_BODY[:start].encode("utf-16-le")) // 2
    assert utf16 == start + 3
    assert exact_anchor(EMOJI_BODY, QUOTE, utf16, utf16 + len(QUOTE)) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 5), (5, 5), (6, 5), (0, 10_000), (10**12, 10**12 + 3), (0, 0)],
)
def test_offsets_out_of_range_are_refused(start, end):
    assert exact_anchor(EMOJI_BODY, EMOJI_BODY[:5], start, end) is None


def test_generated_selections_are_accepted_exactly_and_nothing_else():
    rng = random.Random(20261201)
    for _ in range(300):
        body = generated_body(rng)
        shown = shown_text(body)
        start = rng.randrange(len(body))
        end = rng.randint(start + 1, len(body))
        quote = shown[start:end]
        anchor = exact_anchor(body, quote, start, end)
        assert anchor is not None and anchor.quote == body[start:end]
        assert (anchor.start, anchor.end) == (start, end)
        # One character more, less, elsewhere or different: refused, unless it reads the same.
        for other_start, other_end in ((start + 1, end + 1), (start, end - 1), (start - 1, end)):
            if shown[max(other_start, 0) : other_end] != quote:
                assert exact_anchor(body, quote, other_start, other_end) is None
        position = rng.randrange(len(quote))
        changed = quote[:position] + "\u0301" + quote[position + 1 :]
        if changed != quote:
            assert exact_anchor(body, changed, start, end) is None


def test_the_second_of_three_repeated_sentences_is_the_one_marked(editor):
    sentence = "Le chômage a baissé."
    article = ArticleFactory(body=f"{sentence} 😀 {sentence} 😀 {sentence}")
    second = article.body.index(sentence, 1)
    claim = workflow.mark_claim(
        article=article, quote=sentence, start=second, end=second + len(sentence), by=editor
    )
    assert (claim.start_offset, claim.end_offset) == (second, second + len(sentence))
    assert claim.prefix.endswith("😀 ")


def test_across_paragraphs_the_body_keeps_its_own_blanks(editor):
    article = ArticleFactory(body="Premier\u202f!\n \t\nSecond 𝔘𝔫𝔦.")
    shown = "Premier\u202f!\n\n\n\nSecond"
    claim = workflow.mark_claim(article=article, quote=shown, start=0, end=len(shown), by=editor)
    assert claim.quote == "Premier\u202f!\n \t\nSecond"
    assert article.body[claim.start_offset : claim.end_offset] == claim.quote


def test_a_newer_body_version_is_refused_and_nothing_stored(editor):
    article = ArticleFactory(body=EMOJI_BODY)
    start = EMOJI_BODY.index(QUOTE)
    replace_body(article, body="Titre ajouté.\n\n" + EMOJI_BODY, by=editor)
    assert ArticleVersion.objects.filter(article=article).count() == 2
    with pytest.raises(workflow.BodyChanged) as refused:
        workflow.mark_claim(
            article=article,
            quote=QUOTE,
            start=start,
            end=start + len(QUOTE),
            body_version=1,
            by=editor,
        )
    assert "version 2" in refused.value.message
    # Without the version check the lock still reads the current body: these offsets are
    # other words there now.
    with pytest.raises(workflow.SelectionMismatch):
        workflow.mark_claim(article=article, quote=QUOTE, start=start, end=start + 16, by=editor)
    assert not Claim.objects.exists()


# --- Through the view: no input gives a 500, a refusal stores nothing ------------------------


def post(client, article, **data):
    start = article.body.index(QUOTE)
    sent = {
        "quote": QUOTE,
        "start": start,
        "end": start + len(QUOTE),
        "body_version": latest_number(article),
        "speaker_name": "Nouvelle personne",
        "create_speaker": "on",
        "kind": "direct_quote",
        "tags": "chômage",
    }
    sent.update(data)
    sent = {key: value for key, value in sent.items() if value is not None}
    return client.post(reverse("mark_claim", args=[article.pk]), sent, **HTMX)


def test_the_emoji_article_stores_exactly_the_words_selected(editor, client_for):
    article = ArticleFactory(body=EMOJI_BODY)
    response = post(client_for(editor), article)
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.quote == QUOTE
    assert EMOJI_BODY[claim.start_offset : claim.end_offset] == QUOTE


JUNK = [
    {"start": "abc"},
    {"end": ""},
    {"start": None},
    {"end": None, "start": None},
    {"body_version": "x"},
    {"body_version": None},
    {"start": "-4"},
    {"end": "99999999999999999999999"},
    {"start": "1e3"},
    {"quote": ""},
    {"quote": "   "},
    {"quote": "chômage a baiss"},
    {"quote": "chômage a baissé de"},
    {"quote": "CHÔMAGE A BAISSÉ"},
    {"quote": "cho\u0302mage a baisse\u0301"},  # the same letters, decomposed
    {"quote": "chômage\u00a0a baissé"},
    {"quote": "chômage a baissé" * 400},
    {"start": 0, "end": 16},
    {"start": 30, "end": 20},
    {"start": 2**31 - 2, "end": 2**31 - 1},
]


@pytest.mark.parametrize("junk", JUNK, ids=[repr(j)[:40] for j in JUNK])
def test_junk_is_refused_in_the_mark_form_and_nothing_is_stored(editor, client_for, junk):
    article = ArticleFactory(body=EMOJI_BODY)
    response = post(client_for(editor), article, **junk)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#mark-form"
    assert 'data-role="mark-errors"' in response.content.decode()
    assert not Claim.objects.exists()
    assert not Speaker.objects.exists() and not Tag.objects.exists()


@pytest.mark.parametrize("quote", ["chômage a\x00baissé", "\x00"])
def test_a_nul_byte_is_refused_before_the_form_and_nothing_is_stored(editor, client_for, quote):
    # The request guard answers 400 for a NUL in any parameter, before the view reads it.
    article = ArticleFactory(body=EMOJI_BODY)
    response = post(client_for(editor), article, quote=quote)
    assert response.status_code == 400 and "NUL" in response.content.decode()
    assert not Claim.objects.exists() and not Speaker.objects.exists()


def test_a_stale_page_gets_409_in_the_mark_form(editor, client_for):
    article = ArticleFactory(body=EMOJI_BODY)
    replace_body(article, body=EMOJI_BODY + "\n\nUn ajout.", by=editor)
    response = post(client_for(editor), article, body_version=1)
    assert response.status_code == 409
    assert "Reload the page" in response.content.decode()
    assert not Claim.objects.exists() and not Speaker.objects.exists()
