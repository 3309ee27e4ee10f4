"""The one HTML policy: what survives, what goes, and the text flattening for CSV."""

import pytest

from factcheck.core.sanitize import clean_html, html_to_text


def test_keeps_the_formatting_editors_use():
    html = (
        "<p>Un mot en <strong>gras</strong>, en <em>italique</em>.</p>"
        "<ul><li>un</li><li>deux</li></ul><blockquote>« Citation »</blockquote>"
    )
    assert clean_html(html) == html


def test_links_get_a_safe_rel():
    assert clean_html('<a href="https://insee.fr/x" target="_blank">Insee</a>') == (
        '<a href="https://insee.fr/x" rel="noopener noreferrer nofollow">Insee</a>'
    )


@pytest.mark.parametrize(
    "vector",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<<script>script>alert(1)<</script>/script>",
    ],
)
def test_dangerous_markup_is_removed(vector):
    cleaned = clean_html(vector)
    assert "<script" not in cleaned
    assert "javascript:" not in cleaned
    assert "onerror" not in cleaned
    assert "<iframe" not in cleaned
    assert "style=" not in cleaned
    assert "data:" not in cleaned


def test_word_paste_loses_its_styles_and_comments():
    html = (
        "<!--[if gte mso 9]><xml>junk</xml><![endif]--><style>p.MsoNormal{margin:0}</style>"
        '<p class="MsoNormal"><b>Faux</b> : l’Insee dit 2 %.</p>'
    )
    assert clean_html(html) == "<p><b>Faux</b> : l’Insee dit 2 %.</p>"


def test_plain_text_for_csv():
    html = "<p>Premier &amp; « vrai ».</p><p>Second<br>ligne</p><ul><li>un</li></ul>"
    assert html_to_text(html) == "Premier & « vrai ».\nSecond\nligne\nun"
    assert html_to_text("&amp;lt;b&amp;gt;") == "&lt;b&gt;"
    assert html_to_text("") == ""


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<code>a &lt; b &amp;&amp; c</code>", "<code>a &lt; b &amp;&amp; c</code>"),
        ("<code>&amp;amp;</code>", "<code>&amp;amp;</code>"),  # someone writing about entities
        ("<p>x</p><code>https://a.org/?a=1&amp;b=2</code>", None),
    ],
)
def test_code_keeps_its_entities_and_cleaning_twice_changes_nothing(html, expected):
    once = clean_html(html)
    if expected is not None:
        assert once == expected
    assert "&amp;lt;" not in once and "&amp;amp;amp;" not in once
    assert clean_html(once) == once
    assert "<a " not in once  # no link is made inside code
