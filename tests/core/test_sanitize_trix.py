"""What the Trix editor produces survives sanitize.clean_html; what it must not carry does not."""

from factcheck.core.sanitize import clean_html, html_to_text

TRIX = (
    "<div>Selon <strong>l’Insee</strong>, <em>le chômage</em> a baissé de "
    '<a href="https://www.insee.fr/fr/statistiques">2 %</a>.<br>Voir aussi :</div>'
    "<ul><li>les « chiffres »</li><li>la <del>rumeur</del></li></ul>"
    "<blockquote>Une citation.</blockquote><h1>Titre</h1><pre>code</pre>"
)


def test_trix_markup_is_kept():
    cleaned = clean_html(TRIX)
    for kept in (
        "<div>",
        "<strong>l’Insee</strong>",
        "<em>le chômage</em>",
        "<br>",
        "<ul><li>les « chiffres »</li>",
        "<del>rumeur</del>",
        "<blockquote>Une citation.</blockquote>",
        "<h1>Titre</h1>",
        "<pre>code</pre>",
    ):
        assert kept in cleaned
    assert '<a href="https://www.insee.fr/fr/statistiques" rel="noopener noreferrer nofollow">' in (
        cleaned
    )


def test_dangerous_markup_from_a_paste_is_dropped():
    pasted = (
        '<div onclick="steal()" style="color:red">Texte<script>alert(1)</script></div>'
        '<a href="javascript:alert(1)">lien</a><img src=x onerror=alert(1)>'
        '<figure data-trix-attachment="{}"><img src="https://x/y.png"></figure>'
    )
    cleaned = clean_html(pasted)
    assert cleaned.startswith("<div>Texte</div>")
    for gone in ("onclick", "style=", "script", "alert", "javascript:", "<img", "<figure"):
        assert gone not in cleaned


def test_divs_become_lines_in_plain_text():
    assert html_to_text("<div>Un</div><div>Deux<br>Trois</div>") == "Un\nDeux\nTrois"
