"""Pasted content from Word and Google Docs keeps its meaning (bold, italics, links, lists)."""

from factcheck.core.sanitize import clean_html

GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c">'
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:400">Le '
    'chiffre est </span><span style="font-size:11pt;font-weight:700">faux</span><span '
    'style="font-weight:400"> selon </span><a href="https://www.insee.fr/" style="text-decoration:'
    'none"><span style="font-style:italic;font-weight:400">l’Insee</span></a></p></b>'
)
WORD = (
    "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml>"
    "<![endif]--><style>p.MsoNormal{margin:0}</style>"
    '<p class="MsoNormal"><span style="mso-bidi-font-weight:bold"><b>Faux</b></span> : '
    '<i style="mso-bidi-font-style:normal">selon</i> <span style="font-style:italic">l’Insee</span>'
    "</p><ul><li class=MsoListParagraph>un</li><li>deux</li></ul>"
)


def test_google_docs_paste_keeps_bold_italics_and_links():
    assert clean_html(GOOGLE_DOCS) == (
        '<p>Le chiffre est <strong>faux</strong> selon <a href="https://www.insee.fr/" '
        'rel="noopener noreferrer nofollow"><em>l’Insee</em></a></p>'
    )


def test_word_paste_keeps_bold_italics_and_lists():
    assert clean_html(WORD) == (
        "<p><strong>Faux</strong> : <i>selon</i> <em>l’Insee</em></p>"
        "<ul><li>un</li><li>deux</li></ul>"
    )
