"""The article parser under hostile input: it returns an article or raises InvalidArticle."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.articles.importing import InvalidArticle, ParsedArticle, parse_article_bytes

LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"])
MARKERS = st.sampled_from(["", "date 2023-11 ", " date 2023\n", "date 2023-13 ", "date ", "date"])
BOMS = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])


def check(data: bytes) -> None:
    try:
        parsed = parse_article_bytes(data)
    except InvalidArticle as error:
        message = str(error)
        assert message and "\n" not in message
    else:
        assert isinstance(parsed, ParsedArticle)
        assert parsed.body.strip()
        assert parsed.title.strip()
        assert "\r" not in parsed.body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
@example(b"\x00")
@example(b"date 2023-11 \x00")
def test_random_bytes(data):
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_random_unicode(text):
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(BOMS, MARKERS, st.lists(st.tuples(st.text(max_size=200), LINE_ENDS), max_size=20))
def test_seed_like_texts_with_mixed_line_ends_and_boms(bom, marker, parts):
    text = marker + "".join(body + end for body, end in parts)
    check(bom + text.encode("utf-8", "surrogatepass"))


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=100_000, max_value=1_500_000), st.sampled_from("aé« \t"))
def test_huge_lines(length, char):
    check(("date 2023-11 " + char * length).encode())
