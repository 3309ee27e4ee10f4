"""The article body rendered in Python reads exactly as the template loop it replaces, and the
sweep cuts segments as a check of every claim against every segment does."""

import random

from django.template import engines

from factcheck.articles.highlighting import (
    Highlight,
    Paragraph,
    Segment,
    _order,
    body_html,
    paragraph_spans,
    paragraphs,
)

LOOP = engines["django"].from_string(
    '{% for paragraph in paragraphs %}<p data-start="{{ paragraph.start }}" '
    'data-end="{{ paragraph.end }}">{% for segment in paragraph.segments %}'
    '{% if segment.highlights %}<mark class="claim {{ segment.css }}" '
    'data-claim="{{ segment.innermost.id }}" data-claims="{{ segment.ids }}">'
    "{{ segment.text }}</mark>{% else %}{{ segment.text }}{% endif %}{% endfor %}</p>\n"
    "{% endfor %}"
)


def _every_claim_per_segment(body, highlights, spans):
    marks = sorted(
        (h for h in highlights if not h.orphaned and 0 <= h.start < h.end <= len(body)),
        key=_order,
    )
    cuts = sorted({h.start for h in marks} | {h.end for h in marks})
    result = []
    for p_start, p_end in spans:
        bounds = [p_start, *[c for c in cuts if p_start < c < p_end], p_end]
        paragraph = Paragraph(p_start, p_end)
        for start, end in zip(bounds, bounds[1:], strict=False):
            covering = sorted(
                (h for h in marks if h.start <= start and h.end >= end),
                key=lambda h: (-(h.end - h.start), h.start, h.id),
            )
            paragraph.segments.append(Segment(body[start:end], start, tuple(covering)))
        result.append(paragraph)
    return result


def test_random_bodies_and_claims_render_as_the_template_loop():
    rng = random.Random(5)
    pieces = ["a", "<", ">", "&", '"', "'", " ", "\n\n", "é", "😀", "\u00a0", "\u202e", "\r\n"]
    classes = ["claim-new", "rated rated-<x>", 'a"&b', ""]
    for _ in range(1500):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40)))
        highlights = []
        for number in range(rng.randrange(0, 8)):
            start = rng.randrange(-2, len(body) + 2)
            highlights.append(
                Highlight(
                    number + 1,
                    start,
                    start + rng.randrange(-1, 12),
                    rng.choice(classes),
                    orphaned=rng.random() < 0.1,
                )
            )
        spans = paragraph_spans(body)
        if spans and rng.random() < 0.3:
            first = rng.randrange(len(spans))
            spans = spans[first : first + 2]
        expected = _every_claim_per_segment(body, highlights, spans)
        found = paragraphs(body, highlights, spans=spans)
        assert found == expected, (body, highlights)
        assert body_html(found) == LOOP.render({"paragraphs": expected}), (body, highlights)


def test_text_and_classes_are_escaped():
    body = '<script>alert("x")</script> & co'
    html = body_html(paragraphs(body, [Highlight(7, 0, 8, 'rated-"><b')]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="claim rated-&quot;&gt;&lt;b depth-1 claim-start claim-end"' in html
    assert html.endswith(" &amp; co</p>\n")
