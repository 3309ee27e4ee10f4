"""Find a quote in an article body: exactly, then with the text around it, then tolerantly.

A claim is anchored like a W3C Web Annotation TextQuoteSelector: the quote, some text before
(prefix) and after (suffix), and its offsets, in code points. Marking from the article page is
exact (``exact_anchor``): the browser sends the words selected with their offsets, and they must
stand there. Other callers (the admin, finding claims again in a corrected body) search with
``find_quote``, which tolerates other typography and white space.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import add

from factcheck.articles.highlighting import shown_slice

CONTEXT_LENGTH = 32

# Characters a browser selection, a keyboard or a word processor may turn into one another.
_EQUIVALENTS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‚": "'",
        "ʼ": "'",
        "′": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‹": '"',
        "›": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "‐": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
    }
)


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def anchor_at(body: str, start: int, end: int) -> Anchor:
    return Anchor(
        start=start,
        end=end,
        quote=body[start:end],
        prefix=body[max(0, start - CONTEXT_LENGTH) : start],
        suffix=body[end : end + CONTEXT_LENGTH],
    )


def exact_anchor(body: str, quote: str, start: int, end: int) -> Anchor | None:
    """The anchor at ``start:end`` when the body, as the article page shows it, reads exactly
    ``quote`` there (between paragraphs the page shows line breaks); None otherwise."""
    if not quote or not 0 <= start < end <= len(body) or end - start != len(quote):
        return None
    if shown_slice(body, start, end) != quote:
        return None
    return anchor_at(body, start, end)


_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True)
class _Folded:
    """A folded text and where its characters came from: folding drops white space and maps
    every other character to exactly one, so each run between blanks maps back by an offset."""

    text: str
    run_starts: tuple[int, ...]  # where each run starts in the folded text
    run_origins: tuple[int, ...]  # and in the original text

    def origin(self, index: int) -> int:
        run = bisect_right(self.run_starts, index) - 1
        return self.run_origins[run] + index - self.run_starts[run]


def _fold_run(run: str) -> str:
    folded = run.casefold()
    if len(folded) == len(run):  # one character each (casefold is context-free)
        return folded
    # A character that folds to several (ß -> ss) stays as it is, keeping one for one.
    return "".join(c if len(f := c.casefold()) != 1 else f for c in run)


def _unify(text: str) -> str:
    """``text.translate(_EQUIVALENTS)``, one replace per character present: translate looks
    every character of a non-ASCII text up in a dict, many times slower on a 2 MiB body."""
    for source, target in _EQUIVALENTS.items():
        character = chr(source)
        if character in text:
            text = text.replace(character, target)
    return text


def _fold(text: str) -> _Folded:
    """Text with equivalent characters unified, case folded and white space dropped (a browser
    selection may turn a paragraph break into "\n\n", "\n" or nothing, and « guillemets »
    carry spaces a typed quote lacks). Every step loops in C (split, casefold, accumulate):
    a 2 MiB body folds without a Python loop over its characters or its words."""
    unified = _unify(text)
    runs = _BLANKS.split(unified)
    blanks = map(len, _BLANKS.findall(unified))
    run_lengths = list(map(len, runs))
    run_starts = [0, *accumulate(run_lengths[:-1])]
    run_origins = list(map(add, run_starts, [0, *accumulate(blanks)]))
    return _Folded(_fold_run("".join(runs)), tuple(run_starts), tuple(run_origins))


def same_words(a: str, b: str) -> bool:
    """Equal once quotes, apostrophes, dashes, spaces and case are unified."""
    return _fold(a).text == _fold(b).text


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, position = [], haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def _nearest(haystack: str, needle: str, hint: int | None, *, shift: int = 0) -> int:
    """Where ``needle`` occurs with its start plus ``shift`` nearest to ``hint`` (the earlier
    of two as near; the first occurrence without a hint), or -1."""
    if hint is None:
        return haystack.find(needle)
    target = hint - shift
    before = haystack.rfind(needle, 0, target + len(needle)) if target >= 0 else -1
    after = haystack.find(needle, max(target, 0))
    if before == -1 or (after != -1 and after - target < target - before):
        return after
    return before


def _context_score(body: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the given prefix and suffix agree with the body around a match.
    Reads only the few characters compared (never a copy of the body: a word found 20,000
    times in a 2 MiB body is scored in milliseconds)."""
    before = min(len(prefix), start)
    if body[start - before : start] == prefix[len(prefix) - before :]:
        score = before
    else:
        score = 0
        while body[start - 1 - score] == prefix[-1 - score]:
            score += 1
    after = min(len(suffix), len(body) - end)
    if body[end : end + after] == suffix[:after]:
        return score + after
    matched = 0
    while body[end + matched] == suffix[matched]:
        matched += 1
    return score + matched


def _best(candidates: list[tuple[int, int]], body, prefix, suffix, hint) -> tuple[int, int]:
    """The candidate whose surroundings agree best with ``prefix`` and ``suffix``, then the
    nearest to ``hint``, then the first."""

    def distance(span):
        return (abs(span[0] - hint) if hint is not None else 0, span[0])

    # Usually some candidates stand in their whole context: they have the best possible score,
    # found with two comparisons each, and only they need ranking by distance.
    whole = [
        (start, end)
        for start, end in candidates
        if start >= len(prefix)
        and body.startswith(prefix, start - len(prefix))
        and body.startswith(suffix, end)
    ]
    if whole:
        return min(whole, key=distance)

    def rank(span):
        start, end = span
        return (-_context_score(body, start, end, prefix, suffix), *distance(span))

    return min(candidates, key=rank)


def find_quote(
    body: str, quote: str, *, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor | None:
    """Where ``quote`` stands in ``body``, or None when it is not there.

    Exact text first; where it occurs several times, the text around it (and then the offset
    hint) picks one. Failing that, a tolerant match that ignores white space differences, case,
    and the kind of quotes, apostrophes and dashes used.
    """
    if not quote or not quote.strip():
        return None
    stripped = quote.strip()
    # The best exact match, when one stands in its whole context (or no context is given):
    # two scans of the body in C around the hint, however often the words occur.
    whole = _nearest(body, prefix + stripped + suffix, hint, shift=len(prefix))
    if whole != -1:
        return anchor_at(body, whole + len(prefix), whole + len(prefix) + len(stripped))
    exact = [(s, s + len(stripped)) for s in _occurrences(body, stripped)]
    if exact:
        start, end = _best(exact, body, prefix, suffix, hint)
        return anchor_at(body, start, end)

    folded_body = _fold(body)
    folded_quote = _fold(stripped).text
    spans = []
    for folded_start in _occurrences(folded_body.text, folded_quote):
        folded_end = folded_start + len(folded_quote) - 1
        spans.append((folded_body.origin(folded_start), folded_body.origin(folded_end) + 1))
    if not spans:
        return None
    start, end = _best(spans, body, prefix, suffix, hint)
    return anchor_at(body, start, end)
