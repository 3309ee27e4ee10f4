"""The highlighter cuts the body at every claim boundary and keeps paragraphs and offsets."""

from factcheck.articles.highlighting import Highlight, paragraph_spans, paragraphs

BODY = "Il a dit « Tu as dit l’exacte vérité ».\n\nLa Maison Blanche a réagi."


def texts(result):
    return [[(s.text, s.ids) for s in p.segments] for p in result]


def test_paragraphs_keep_their_offsets_and_drop_blank_lines():
    spans = paragraph_spans("Un.\n\n\nDeux.\n \nTrois.\n")
    assert spans == [(0, 3), (6, 11), (14, 21)]
    result = paragraphs(BODY, [])
    first_end = BODY.index("\n")
    assert [(p.start, p.end) for p in result] == [(0, first_end), (first_end + 2, len(BODY))]
    assert texts(result) == [[(BODY[:first_end], "")], [(BODY[first_end + 2 :], "")]]


def test_single_line_breaks_stay_inside_a_paragraph():
    assert paragraph_spans("Ligne une\nligne deux") == [(0, 20)]


def test_a_claim_splits_its_paragraph_into_three_segments():
    start = BODY.index("Tu as")
    end = BODY.index(" »")
    [first, second] = paragraphs(BODY, [Highlight(7, start, end, "claim-new")])
    assert [(s.text, s.ids) for s in first.segments] == [
        ("Il a dit « ", ""),
        ("Tu as dit l’exacte vérité", "7"),
        (" ».", ""),
    ]
    mark = first.segments[1]
    assert mark.start == start
    assert mark.css == "claim-new depth-1 claim-start claim-end"
    assert [s.ids for s in second.segments] == [""]


def test_overlapping_claims_give_flat_segments_innermost_last():
    body = "abcdefghij"
    outer, inner = Highlight(1, 0, 8, "o"), Highlight(2, 3, 10, "i")
    [paragraph] = paragraphs(body, [inner, outer])
    assert [(s.text, s.ids) for s in paragraph.segments] == [
        ("abc", "1"),
        ("defgh", "1 2"),
        ("ij", "2"),
    ]
    middle = paragraph.segments[1]
    assert middle.innermost.id == 2
    assert "depth-2" in middle.css


def test_nested_claim_opens_the_inner_one():
    body = "« Tu as dit l’exacte vérité », a-t-il réagi."
    outer = Highlight(1, 0, len(body) - 1)
    inner = Highlight(2, 2, body.index(" »"))
    [paragraph] = paragraphs(body, [outer, inner])
    assert [s.ids for s in paragraph.segments] == ["1", "1 2", "1", ""]
    assert paragraph.segments[1].innermost.id == 2
    assert paragraph.segments[1].text == "Tu as dit l’exacte vérité"
    assert paragraph.segments[1].ids == "1 2"
    assert "".join(s.text for s in paragraph.segments) == body


def test_adjacent_claims_stay_separate_marks():
    body = "un deux trois"
    [paragraph] = paragraphs(body, [Highlight(1, 0, 3), Highlight(2, 3, 8)])
    assert [(s.text, s.ids) for s in paragraph.segments] == [
        ("un ", "1"),
        ("deux ", "2"),
        ("trois", ""),
    ]
    assert "claim-end" in paragraph.segments[0].css
    assert "claim-start" in paragraph.segments[1].css


def test_a_claim_across_paragraphs_is_marked_in_each():
    start, end = BODY.index("vérité"), BODY.index("Blanche")
    result = paragraphs(BODY, [Highlight(3, start, end)])
    marked = [s.text for p in result for s in p.segments if s.ids]
    assert marked == ["vérité ».", "La Maison "]


def test_identical_claims_both_listed_and_out_of_range_ignored():
    body = "même texte"
    result = paragraphs(body, [Highlight(1, 0, 4), Highlight(2, 0, 4), Highlight(3, 5, 99)])
    assert [(s.text, s.ids) for s in result[0].segments] == [("même", "1 2"), (" texte", "")]


def test_text_is_never_lost_whatever_the_claims():
    body = "Première phrase.\n\nDeuxième « phrase ».\n\nTroisième’s fin."
    claims = [Highlight(i, s, e) for i, (s, e) in enumerate([(0, 30), (5, 12), (20, 45), (44, 50)])]
    result = paragraphs(body, claims)
    for p in result:
        assert "".join(s.text for s in p.segments) == body[p.start : p.end]
