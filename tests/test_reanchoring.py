"""Re-anchoring claims on a corpus of corrected articles."""

import pytest

from factcheck.anchoring import find_quote
from factcheck.reanchoring import DiffPart, Outcome, reanchor, word_diff

ORIGINAL = (
    "Le ministre a affirmé : « Le chômage a baissé de 10 % l’an dernier. »\n\n"
    "L’opposition parle d’un « mensonge éhonté » et réclame des chiffres.\n\n"
    "Selon l’Insee, le taux de chômage est passé de 7,3 % à 7,1 %."
)
QUOTES = [
    "Le chômage a baissé de 10 % l’an dernier.",
    "mensonge éhonté",
    "le taux de chômage est passé de 7,3 % à 7,1 %",
]


def run(new_body, quote):
    anchor = find_quote(ORIGINAL, quote)
    return reanchor(
        old_body=ORIGINAL,
        new_body=new_body,
        quote=quote,
        start=anchor.start,
        end=anchor.end,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
    )


def test_same_text_is_unchanged():
    for quote in QUOTES:
        assert run(ORIGINAL, quote).outcome == Outcome.UNCHANGED


def test_inserted_paragraph_moves_every_claim():
    new = "Mise à jour : précisions ajoutées.\n\n" + ORIGINAL
    for quote in QUOTES:
        result = run(new, quote)
        assert result.outcome == Outcome.MOVED
        assert new[result.anchor.start : result.anchor.end] == quote


def test_changed_punctuation_is_found_with_a_diff():
    new = ORIGINAL.replace("l’an dernier.", "l'an dernier !").replace("« mensonge", "“mensonge")
    result = run(new, QUOTES[0])
    assert result.outcome == Outcome.QUOTE_CHANGED
    assert result.anchor.quote == "Le chômage a baissé de 10 % l'an dernier !"
    assert DiffPart("delete", "l’an dernier.") in result.diff
    assert run(new, QUOTES[1]).outcome in {Outcome.UNCHANGED, Outcome.MOVED}


def test_rewritten_quote_is_flagged_as_changed():
    new = ORIGINAL.replace("a baissé de 10 % l’an dernier", "a reculé de 10 % en 2023")
    result = run(new, QUOTES[0])
    assert result.outcome == Outcome.QUOTE_CHANGED
    assert result.anchor.quote.startswith("Le chômage a reculé de 10 % en 2023")
    ops = {part.op for part in result.diff}
    assert ops == {"equal", "delete", "insert"}


def test_deleted_quote_is_orphaned():
    new = ORIGINAL.replace(
        "L’opposition parle d’un « mensonge éhonté » et réclame des chiffres.\n\n", ""
    )
    assert run(new, QUOTES[1]).outcome == Outcome.ORPHANED
    assert run(new, QUOTES[2]).outcome == Outcome.MOVED


def test_entirely_new_text_orphans_everything():
    new = "Un tout autre article, sans rapport."
    for quote in QUOTES:
        assert run(new, quote).outcome == Outcome.ORPHANED


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c", "a b c", [DiffPart("equal", "a b c")]),
        (
            "a b c",
            "a x c",
            [
                DiffPart("equal", "a"),
                DiffPart("delete", "b"),
                DiffPart("insert", "x"),
                DiffPart("equal", "c"),
            ],
        ),
    ],
)
def test_word_diff(old, new, expected):
    assert word_diff(old, new) == expected
