"""Find claims again after an article's body is corrected, and say how their quote fared.

Each claim is looked for in the new body: at its old position, then by its quote and the text
around it (exact, then tolerant of typography), then through an alignment of the old body with
the new one that follows the quote's words across small edits. The outcome is one of: unchanged,
moved, quote changed (with a word diff), or orphaned.
"""

import difflib
import functools
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.articles.anchoring import Anchor, anchor_at, find_quote

# How much of the old quote's words must survive for a changed quote to count as found.
SIMILARITY_THRESHOLD = 0.5
_WORD = re.compile(r"\S+")


class Outcome(models.TextChoices):
    UNCHANGED = "unchanged", _("unchanged")
    MOVED = "moved", _("moved")
    QUOTE_CHANGED = "quote_changed", _("quote changed")
    ORPHANED = "orphaned", _("orphaned")


@dataclass(frozen=True)
class DiffPart:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class Reanchored:
    outcome: str
    anchor: Anchor | None
    diff: list[DiffPart] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Old and new text as runs of kept, deleted and inserted words."""
    old_words, new_words = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(DiffPart("delete", " ".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(DiffPart("insert", " ".join(new_words[b1:b2])))
    return parts


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=2)
def _alignment(old_body: str, new_body: str):
    """Both bodies' words and the opcodes aligning them: computed once for all the claims of
    one correction, not once per claim."""
    old_words, new_words = _words(old_body), _words(new_body)
    matcher = difflib.SequenceMatcher(
        a=[w for w, _, _ in old_words], b=[w for w, _, _ in new_words], autojunk=False
    )
    return old_words, new_words, matcher.get_opcodes()


def _aligned_span(old_body: str, new_body: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the words of old_body[start:end] went in new_body, by aligning the two bodies
    word by word; None when none of them survived."""
    old_words, new_words, opcodes = _alignment(old_body, new_body)
    inside = [i for i, (_, s, e) in enumerate(old_words) if s < end and e > start]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    mapped: list[int] = []
    for op, a1, a2, b1, b2 in opcodes:
        if a2 <= first or a1 > last:
            continue
        if op == "equal":
            mapped.extend(b1 + (i - a1) for i in range(max(a1, first), min(a2, last + 1)))
        elif op == "replace" and b2 > b1:
            mapped.extend(range(b1, b2))
    if not mapped:
        return None
    return new_words[min(mapped)][1], new_words[max(mapped)][2]


def _trim_like(quote: str, body: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without the punctuation its first or last word carries in the new body when the
    quote itself starts or ends on a letter or digit: a quote ending "antisémitisme" stays
    without the comma that "antisémitisme," brings along."""
    start, end = span
    if quote[:1].isalnum():
        while start < end and not body[start].isalnum():
            start += 1
    if quote[-1:].isalnum():
        while end > start and not body[end - 1].isalnum():
            end -= 1
    return (start, end) if start < end else span


def _similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio()


def reanchor(
    *, old_body: str, new_body: str, quote: str, start: int, end: int, prefix: str, suffix: str
) -> Reanchored:
    if new_body[start:end] == quote and new_body[:start].endswith(prefix):
        return Reanchored(Outcome.UNCHANGED, anchor_at(new_body, start, end))

    found = find_quote(new_body, quote, prefix=prefix, suffix=suffix, hint=start)
    if found is not None:
        if found.quote == quote:
            return Reanchored(Outcome.MOVED, found)
        return Reanchored(Outcome.QUOTE_CHANGED, found, word_diff(quote, found.quote))

    span = _aligned_span(old_body, new_body, start, end)
    if span is not None:
        span = _trim_like(quote, new_body, span)
        candidate = new_body[span[0] : span[1]]
        if _similarity(quote, candidate) >= SIMILARITY_THRESHOLD:
            anchor = anchor_at(new_body, *span)
            return Reanchored(Outcome.QUOTE_CHANGED, anchor, word_diff(quote, candidate))
    return Reanchored(Outcome.ORPHANED, None)
