"""Find a quote in an article body: exactly, then with the text around it, then tolerantly.

A claim is anchored like a W3C Web Annotation TextQuoteSelector: the quote, some text before
(prefix) and after (suffix), and its offsets, in code points. Marking from the article page is
exact (``exact_anchor``): the browser sends the words selected with their offsets, and they must
stand there. Other callers (the admin, finding claims again in a corrected body) search with
``find_quote``, which tolerates other typography and white space.
"""

from dataclasses import dataclass

from factcheck.articles.highlighting import shown_text

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
    if shown_text(body)[start:end] != quote:
        return None
    return anchor_at(body, start, end)


def _fold(text: str) -> tuple[str, list[int]]:
    """Text with equivalent characters unified, case folded and white space dropped (a browser
    selection may turn a paragraph break into "\n\n", "\n" or nothing, and « guillemets »
    carry spaces a typed quote lacks), with the index each folded character came from."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text.translate(_EQUIVALENTS)):
        if char.isspace():
            continue
        lower = char.casefold()
        folded.append(lower if len(lower) == 1 else char)
        positions.append(index)
    return "".join(folded), positions


def same_words(a: str, b: str) -> bool:
    """Equal once quotes, apostrophes, dashes, spaces and case are unified."""
    return _fold(a)[0] == _fold(b)[0]


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, position = [], haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def _context_score(body: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the given prefix and suffix agree with the body around a match."""
    before = body[:start]
    after = body[end:]
    score = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _best(candidates: list[tuple[int, int]], body, prefix, suffix, hint) -> tuple[int, int]:
    def rank(span):
        start, end = span
        distance = abs(start - hint) if hint is not None else 0
        return (-_context_score(body, start, end, prefix, suffix), distance, start)

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
    exact = [(s, s + len(stripped)) for s in _occurrences(body, stripped)]
    if exact:
        start, end = _best(exact, body, prefix, suffix, hint)
        return anchor_at(body, start, end)

    folded_body, positions = _fold(body)
    folded_quote, _ = _fold(stripped)
    spans = []
    for folded_start in _occurrences(folded_body, folded_quote):
        folded_end = folded_start + len(folded_quote) - 1
        spans.append((positions[folded_start], positions[folded_end] + 1))
    if not spans:
        return None
    start, end = _best(spans, body, prefix, suffix, hint)
    return anchor_at(body, start, end)
