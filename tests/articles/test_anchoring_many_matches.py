"""The fast paths of anchoring choose exactly what a plain scan of every match chooses: the
context first, then the hint (the earlier of two as near), and offsets in code points."""

import random

from factcheck.articles.anchoring import _fold, find_quote, same_words
from factcheck.articles.highlighting import shown_slice, shown_text


def _scan(body, quote, prefix="", suffix="", hint=None):
    """Every match scored against the context: the rule the fast paths must keep."""

    def score(start, end):
        before = 0
        while before < min(len(prefix), start) and body[start - 1 - before] == prefix[-1 - before]:
            before += 1
        after = 0
        while after < min(len(suffix), len(body) - end) and body[end + after] == suffix[after]:
            after += 1
        return before + after

    starts = [i for i in range(len(body)) if body.startswith(quote, i)]
    if not starts:
        return None
    best = min(
        starts,
        key=lambda s: (-score(s, s + len(quote)), abs(s - hint) if hint is not None else 0, s),
    )
    return best, best + len(quote)


def test_random_bodies_agree_with_a_scan_of_every_match():
    rng = random.Random(12)
    for _ in range(3000):
        body = "".join(rng.choice("ab \n😀") for _ in range(rng.randrange(1, 24)))
        quote = "".join(rng.choice("ab😀") for _ in range(rng.randrange(1, 3)))
        prefix = "".join(rng.choice("ab ") for _ in range(rng.randrange(0, 4)))
        suffix = "".join(rng.choice("ab ") for _ in range(rng.randrange(0, 4)))
        hint = rng.choice([None, rng.randrange(-3, 30)])
        expected = _scan(body, quote, prefix, suffix, hint)
        if expected is None:
            continue
        anchor = find_quote(body, quote, prefix=prefix, suffix=suffix, hint=hint)
        assert (anchor.start, anchor.end) == expected, (body, quote, prefix, suffix, hint)


def test_a_word_found_thousands_of_times_is_told_apart_by_its_context():
    body = (
        "Le chômage baisse. " * 5000
        + "Selon l’Insee, le chômage monte. "
        + "Le chômage baisse. " * 5000
    )
    anchor = find_quote(body, "chômage", prefix="Insee, le ", suffix=" monte")
    assert body[anchor.start - 10 : anchor.end + 6] == "Insee, le chômage monte"


def test_two_matches_as_near_to_the_hint_give_the_earlier():
    body = "oui x oui"
    assert find_quote(body, "oui", hint=3).start == 0
    assert find_quote(body, "oui", hint=4).start == 6


def test_offsets_stay_in_code_points_after_astral_characters():
    body = "😀 « oui » 👍🏽 et « oui »"
    anchor = find_quote(body, "oui", prefix="👍🏽 et « ")
    assert anchor.start == body.rindex("oui")


def test_folding_keeps_one_character_for_one_and_maps_back():
    text = "Straße\u00a0« L’ÉTÉ »\r\n\u202fﬁn İ"
    folded = _fold(text)
    assert folded.text == 'straße"l\'été"ﬁnİ'  # ß, ﬁ and İ fold to two: kept
    assert [text[folded.origin(i)] for i in range(3)] == ["S", "t", "r"]
    assert text[folded.origin(folded.text.index("l"))] == "L"
    assert same_words("l’ÉTÉ  ", "L'été")


def test_tolerant_match_spans_line_breaks_and_no_break_spaces():
    body = "Il dit :\u00a0«\u00a0Le\r\nchômage\u202fbaisse\u00a0».\n\nFin."
    anchor = find_quote(body, 'le chômage baisse"')
    assert anchor.quote == "Le\r\nchômage\u202fbaisse\u00a0»"


def test_the_shown_slice_is_the_shown_text_wherever_it_is_cut():
    rng = random.Random(7)
    for _ in range(3000):
        body = "".join(rng.choice(["a", " ", "\n", "\t", "\u00a0", "\r", "é"]) for _ in range(12))
        shown = shown_text(body)
        start = rng.randrange(0, len(body) + 1)
        end = rng.randrange(start, len(body) + 1)
        assert shown_slice(body, start, end) == shown[start:end], (body, start, end)
