"""Cut an article body into paragraphs and segments at every claim boundary, for highlighting.

Each segment is a run of text covered by the same set of claims, so overlapping and adjacent
claims render as flat, non-crossing ``<mark>`` elements (HTML cannot nest crossing ranges).
A segment knows every claim covering it, the innermost one (what a click opens) and how deep
the overlap is. Paragraphs keep their offsets in the body (in code points, like every offset
the server stores) so that the browser can send the exact position of a selection.
"""

import re
from dataclasses import dataclass, field
from html import escape  # what Django's escape calls, without a SafeString per call

from django.utils.safestring import mark_safe

# A paragraph break: a line break, optional blanks, another line break, and any blanks after.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
MAX_DEPTH = 3


@dataclass(frozen=True)
class Highlight:
    """One claim as the highlighter sees it: its id, where it stands, and its CSS classes."""

    id: int
    start: int
    end: int
    classes: str = ""
    # An orphaned claim (not found in a corrected body) keeps offsets into an older text.
    orphaned: bool = False


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    highlights: tuple[Highlight, ...] = ()  # outermost (longest) first

    @property
    def ids(self) -> str:
        return " ".join(str(h.id) for h in self.highlights)

    @property
    def innermost(self) -> Highlight | None:
        return self.highlights[-1] if self.highlights else None

    @property
    def css(self) -> str:
        """Classes of the innermost claim, the overlap depth and where claims start or end."""
        if not self.highlights:
            return ""
        end = self.start + len(self.text)
        classes = [self.innermost.classes, f"depth-{min(len(self.highlights), MAX_DEPTH)}"]
        if any(h.start == self.start for h in self.highlights):
            classes.append("claim-start")
        if any(h.end == end for h in self.highlights):
            classes.append("claim-end")
        return " ".join(c for c in classes if c)


@dataclass
class Paragraph:
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, leading blanks left out."""
    spans, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(body)))
    return [(start, end) for start, end in spans if body[start:end].strip()]


def shown_text(body: str) -> str:
    """The body as the article page reads it: each paragraph's text where it stands, and every
    character between paragraphs (blank lines, blanks around them) as a line break, so that
    offsets are the body's. annotate.js rebuilds the same text from the paragraphs' offsets."""
    shown, position = [], 0
    for start, end in paragraph_spans(body):
        shown.append("\n" * (start - position))
        shown.append(body[start:end])
        position = end
    shown.append("\n" * (len(body) - position))
    return "".join(shown)


def shown_slice(body: str, start: int, end: int) -> str:
    """``shown_text(body)[start:end]`` without reading the whole body: paragraph breaks lie
    inside runs of white space, so the text from the last non-blank character before ``start``
    to the first one after ``end`` is cut into paragraphs exactly as the whole body is."""
    low, high = start, end
    while low > 0 and body[low - 1].isspace():
        low -= 1
    while high < len(body) and body[high].isspace():
        high += 1
    # One non-blank character on each side (unless the body ends there) stands in for the rest.
    low, high = max(0, low - 1), min(len(body), high + 1)
    return shown_text(body[low:high])[start - low : end - low]


def parts(
    spans: list[tuple[int, int]], *, max_chars: int, max_paragraphs: int
) -> list[list[tuple[int, int]]]:
    """Paragraph spans grouped into parts of at most ``max_chars`` characters (a longer
    paragraph is a part of its own) and ``max_paragraphs`` paragraphs, so that a very long
    article is shown a part at a time."""
    grouped: list[list[tuple[int, int]]] = [[]]
    size = 0
    for start, end in spans:
        current = grouped[-1]
        if current and (size + (end - start) > max_chars or len(current) >= max_paragraphs):
            grouped.append([])
            size = 0
        grouped[-1].append((start, end))
        size += end - start
    return grouped


def _order(h: Highlight):
    return (h.start, -(h.end - h.start), h.id)


def paragraphs(body: str, highlights, spans=None) -> list[Paragraph]:
    """The body as paragraphs of segments, cut wherever a claim starts or ends; orphaned
    claims are left out (their offsets point into an older version of the body). ``spans``:
    only those paragraphs (one part of a long body), all by default.

    One sweep from start to end: the claims covering a segment are the ones open there, so the
    work grows with the claims and their overlaps, not with claims times segments."""
    marks = sorted(
        (h for h in highlights if not h.orphaned and 0 <= h.start < h.end <= len(body)),
        key=_order,
    )
    cuts = sorted({h.start for h in marks} | {h.end for h in marks})
    result = []
    next_cut = next_mark = 0
    open_marks: list[Highlight] = []
    for p_start, p_end in paragraph_spans(body) if spans is None else spans:
        while next_cut < len(cuts) and cuts[next_cut] <= p_start:
            next_cut += 1
        bounds = [p_start]
        while next_cut < len(cuts) and cuts[next_cut] < p_end:
            bounds.append(cuts[next_cut])
            next_cut += 1
        bounds.append(p_end)
        paragraph = Paragraph(start=p_start, end=p_end)
        for start, end in zip(bounds, bounds[1:], strict=False):
            while next_mark < len(marks) and marks[next_mark].start <= start:
                open_marks.append(marks[next_mark])
                next_mark += 1
            # A segment lies between two cuts: a claim open at its start covers all of it.
            open_marks = [h for h in open_marks if h.end > start]
            covering = [h for h in open_marks if h.end >= end]
            # Outermost first: longer claims wrap shorter ones; the last is what a click opens.
            covering.sort(key=lambda h: (-(h.end - h.start), h.start, h.id))
            paragraph.segments.append(Segment(body[start:end], start, tuple(covering)))
        result.append(paragraph)
    return result


def body_html(paragraphs_: list[Paragraph]) -> str:
    """The paragraphs as the article page's HTML, escaped in one pass in Python (a template loop
    over thousands of segments costs more than the rest of the page): one ``<p>`` per paragraph
    holding only its segments, each highlighted one a ``<mark>`` naming its claims."""
    html = []
    for paragraph in paragraphs_:
        html.append(f'<p data-start="{paragraph.start}" data-end="{paragraph.end}">')
        for segment in paragraph.segments:
            if segment.highlights:
                html.append(
                    f'<mark class="claim {escape(segment.css)}"'
                    f' data-claim="{segment.innermost.id}" data-claims="{segment.ids}">'
                    f"{escape(segment.text)}</mark>"
                )
            else:
                html.append(escape(segment.text))
        html.append("</p>\n")
    return mark_safe("".join(html))  # noqa: S308 (every text and class escaped above)
