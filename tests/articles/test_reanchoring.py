"""Re-anchoring claims on a corpus of corrected articles."""

import pytest
from django.conf import settings

from factcheck.articles.anchoring import find_quote
from factcheck.articles.importing import parse_article_bytes
from factcheck.articles.reanchoring import DiffPart, Outcome, reanchor, word_diff

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


# The seed article, corrected as outlets correct: the French typography, « guillemets » and
# curly apostrophes of the original are the normal case.
SEED = parse_article_bytes(
    (settings.BASE_DIR / "seeds" / "000_6beb8dc5a699d974.txt").read_bytes()
).body
MUSK = "Tu as dit l’exacte vérité"
WHITE_HOUSE = "promotion abjecte de la haine antisémite et raciste"
HERZOG = (
    "doit discuter ce lundi à Jérusalem avec le président israélien Isaac Herzog de la lutte "
    "en ligne contre l’antisémitisme"
)
PRESIDENCY = (
    "mettra l’accent sur le besoin d’agir pour combattre l’antisémitisme croissant en ligne"
)
SEED_QUOTES = [MUSK, WHITE_HOUSE, HERZOG, PRESIDENCY]
UPDATE = "Mise à jour le 28 novembre : l’entretien a bien eu lieu, selon la présidence."


def in_seed(new_body, quote):
    anchor = find_quote(SEED, quote)
    assert anchor is not None and anchor.quote == quote
    return reanchor(
        old_body=SEED,
        new_body=new_body,
        quote=quote,
        start=anchor.start,
        end=anchor.end,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
    )


def test_seed_quotes_stay_put_in_the_same_text():
    for quote in SEED_QUOTES:
        assert in_seed(SEED, quote).outcome == Outcome.UNCHANGED


def test_seed_with_paragraphs_inserted_before_and_between():
    first, rest = SEED.split("\n\n", 1)
    new = f"{UPDATE}\n\n{first}\n\n« Un nouveau paragraphe, entre guillemets. »\n\n{rest}"
    for quote in SEED_QUOTES:
        result = in_seed(new, quote)
        assert result.outcome == Outcome.MOVED, quote
        assert new[result.anchor.start : result.anchor.end] == quote
        assert result.anchor.start > SEED.index(quote)


def test_seed_retyped_with_straight_apostrophes_and_english_quotes():
    new = SEED.replace("’", "'").replace("« ", "“").replace(" »", "”")
    result = in_seed(new, MUSK)
    assert result.outcome == Outcome.QUOTE_CHANGED
    assert result.anchor.quote == "Tu as dit l'exacte vérité"
    assert new[result.anchor.start - 1] == "“"
    assert in_seed(new, WHITE_HOUSE).outcome in {Outcome.UNCHANGED, Outcome.MOVED}
    assert in_seed(new, PRESIDENCY).anchor.quote == PRESIDENCY.replace("’", "'")


def test_seed_with_commas_added_inside_a_quote():
    new = SEED.replace("doit discuter ce lundi à Jérusalem", "doit discuter, ce lundi, à Jérusalem")
    result = in_seed(new, HERZOG)
    assert result.outcome == Outcome.QUOTE_CHANGED
    assert result.anchor.quote.startswith("doit discuter, ce lundi, à Jérusalem")
    assert result.anchor.quote.endswith("contre l’antisémitisme")
    assert result.diff[:6] == [
        DiffPart("equal", "doit"),
        DiffPart("delete", "discuter"),
        DiffPart("insert", "discuter,"),
        DiffPart("equal", "ce"),
        DiffPart("delete", "lundi"),
        DiffPart("insert", "lundi,"),
    ]


def test_seed_with_a_rewritten_quote():
    new = SEED.replace(
        "sa « promotion abjecte de la haine antisémite et raciste »",
        "sa « promotion odieuse de la haine antisémite et raciste »",
    )
    result = in_seed(new, WHITE_HOUSE)
    assert result.outcome == Outcome.QUOTE_CHANGED
    assert result.anchor.quote == "promotion odieuse de la haine antisémite et raciste"
    assert result.diff == [
        DiffPart("equal", "promotion"),
        DiffPart("delete", "abjecte"),
        DiffPart("insert", "odieuse"),
        DiffPart("equal", "de la haine antisémite et raciste"),
    ]
    assert in_seed(new, MUSK).outcome == Outcome.UNCHANGED


def test_seed_with_a_deleted_quote():
    new = SEED.replace(
        " « Tu as dit l’exacte vérité », avait réagi l’homme d’affaires américain.", ""
    )
    assert MUSK not in new
    assert in_seed(new, MUSK).outcome == Outcome.ORPHANED
    assert in_seed(new, WHITE_HOUSE).outcome == Outcome.MOVED
    assert in_seed(new, HERZOG).outcome == Outcome.UNCHANGED


def test_seed_with_a_quote_rewritten_beyond_recognition_is_orphaned():
    new = SEED.replace(MUSK, "Je suis d’accord, a-t-il écrit")
    assert in_seed(new, MUSK).outcome == Outcome.ORPHANED


def test_seed_every_edit_at_once():
    first, rest = SEED.split("\n\n", 1)
    new = (
        f"{UPDATE}\n\n{first}\n\n{rest}".replace(
            "promotion abjecte de la haine", "promotion odieuse de la haine"
        )
        .replace(" « Tu as dit l’exacte vérité », avait réagi l’homme d’affaires américain.", "")
        .replace("d’agir", "d'agir")
    )
    outcomes = {quote: in_seed(new, quote).outcome for quote in SEED_QUOTES}
    assert outcomes == {
        MUSK: Outcome.ORPHANED,
        WHITE_HOUSE: Outcome.QUOTE_CHANGED,
        HERZOG: Outcome.MOVED,
        PRESIDENCY: Outcome.QUOTE_CHANGED,
    }
