"""html_to_text(cleaned=True), the export's fast path, gives exactly the text of the full path."""

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.sanitize import _TextCollector, clean_html, html_to_text


def parsed(html):
    """The HTMLParser walk html_to_text does after cleaning, on HTML already clean."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (line.strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


FRAGMENTS = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    "</br>",
    "<strong>",
    "</strong>",
    "<em>",
    "</em>",
    "<ul>",
    "<li>",
    "</li>",
    "</ul>",
    "<blockquote>",
    "</blockquote>",
    "<h3>",
    "</h3>",
    '<a href="https://example.org/?a=1&amp;b=2" title="x > y">',
    "</a>",
    "<script>x</script>",
    "<div>",
    "</div>",
    "<code>",
    "</code>",
    "&amp;",
    "&laquo;",
    "&nbsp;",
    "&#8217;",
    "&lt;",
    "&gt;",
    "vérité",
    "« guillemets »",
    "l’apostrophe",
    " ",
    "  ",
    "\n",
    "\t",
    "a",
    "=1+1",
    "www.example.org",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_fast_path_matches_the_parser(fragments):
    cleaned = clean_html("".join(fragments))
    assert html_to_text(cleaned, cleaned=True) == parsed(cleaned)


def test_paragraphs_entities_and_links():
    html = clean_html(
        '<p>Un  <a href="https://insee.fr" title="a > b">lien</a> &amp; «&nbsp;vérité&nbsp;»</p>'
        "<p>Deuxième<br>ligne</p>"
    )
    assert html_to_text(html, cleaned=True) == "Un lien & « vérité »\nDeuxième\nligne"
