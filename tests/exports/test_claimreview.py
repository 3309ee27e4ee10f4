"""schema.org ClaimReview JSON-LD: one claim, the filtered list, and the page's head snippet."""

import json

from django.template import Context, Template
from django.test import RequestFactory, override_settings

from factcheck.models import Speaker
from tests.factories import ClaimFactory
from tests.reviewed import reviewed_claim


@override_settings(
    NEWSROOM_NAME="Les Décodeurs du Quotidien", NEWSROOM_URL="https://desk.example.fr/"
)
def test_claimreview_field_by_field(client_for, viewer, settings):
    settings.LANGUAGE_CODE = "fr"  # exports speak the site's language: French by default
    claim = reviewed_claim()
    response = client_for(viewer).get(f"/claims/{claim.pk}/claimreview.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    review = json.loads(response.content)
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"http://testserver/claims/{claim.pk}/",
        "claimReviewed": "Les personnes juives encouragent la « haine contre les Blancs ».",
        "datePublished": "2023-11-28",
        "author": {
            "@type": "Organization",
            "name": "Les Décodeurs du Quotidien",
            "url": "https://desk.example.fr/",
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Faux",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Elon Musk"},
            "datePublished": "2023-11-15",
            "appearance": {
                "@type": "NewsArticle",
                "headline": "À Jérusalem, la visite qui fâche « l’opinion »",
                "inLanguage": "fr",
                "url": "https://journal.example.fr/2023/11/musk-herzog",
                "datePublished": "2023-11",
                "publisher": {"@type": "Organization", "name": "Le Quotidien"},
            },
            "firstAppearance": review["itemReviewed"]["appearance"],
        },
    }
    assert "« haine".encode() in response.content


def test_claim_without_approved_verdict_is_404(client_for, viewer):
    claim = ClaimFactory()
    assert client_for(viewer).get(f"/claims/{claim.pk}/claimreview.json").status_code == 404
    assert client_for(viewer).get("/claims/999999/claimreview.json").status_code == 404


def test_quote_stands_in_when_the_desk_wrote_no_wording(client_for, viewer):
    claim = reviewed_claim(claim_reviewed="")
    review = client_for(viewer).get(f"/claims/{claim.pk}/claimreview.json").json()
    assert review["claimReviewed"] == "Tu as dit l’exacte vérité"


def test_organisation_speaker(client_for, viewer):
    claim = reviewed_claim(speaker="Maison Blanche")
    Speaker.objects.filter(pk=claim.speaker_id).update(kind=Speaker.Kind.ORGANISATION)
    review = client_for(viewer).get(f"/claims/{claim.pk}/claimreview.json").json()
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Maison Blanche"}


def test_list_is_an_array_of_reviewed_claims_with_the_list_filters(client_for, viewer):
    musk = reviewed_claim()
    ClaimFactory(article=musk.article, quote="Elon Musk")
    other = reviewed_claim(article=musk.article, quote="Elon Musk", speaker="Autre")
    client = client_for(viewer)
    response = client.get("/claims/claimreview.json")
    assert response.status_code == 200
    reviews = json.loads(b"".join(response.streaming_content))
    assert [r["url"] for r in reviews] == [
        f"http://testserver/claims/{musk.pk}/",
        f"http://testserver/claims/{other.pk}/",
    ]
    filtered = json.loads(
        b"".join(
            client.get(f"/claims/claimreview.json?speaker={other.speaker_id}").streaming_content
        )
    )
    assert [r["url"] for r in filtered] == [f"http://testserver/claims/{other.pk}/"]
    empty = client.get("/claims/claimreview.json?q=zorglub")
    assert json.loads(b"".join(empty.streaming_content)) == []


def test_page_head_snippet_is_an_escaped_data_block(db):
    claim = reviewed_claim(claim_reviewed="</script><script>alert(1)</script> & « vérité »")
    request = RequestFactory().get("/")
    html = Template('{% include "factcheck/partials/_claimreview_jsonld.html" %}').render(
        Context({"claim": claim, "request": request})
    )
    assert html.strip().startswith('<script type="application/ld+json">')
    assert "</script><script>" not in html
    assert "\\u003C/script\\u003E" in html and "\\u0026 « vérité »" in html
    body = html.strip()[len('<script type="application/ld+json">') : -len("</script>")]
    assert json.loads(body)["claimReviewed"] == "</script><script>alert(1)</script> & « vérité »"


def test_page_head_snippet_is_empty_for_an_unreviewed_claim(db):
    html = Template('{% include "factcheck/partials/_claimreview_jsonld.html" %}').render(
        Context({"claim": ClaimFactory()})
    )
    assert html.strip() == ""


def test_anonymous_may_not_read_the_json(client_for, db):
    claim = reviewed_claim()
    assert client_for(None).get(f"/claims/{claim.pk}/claimreview.json").status_code == 302


def test_a_corrected_verdict_lists_its_corrections(client_for, viewer, settings):
    settings.LANGUAGE_CODE = "fr"
    from tests.exports.test_exporting_full import correct

    claim = reviewed_claim()
    correct(claim, reason="L’ADL a « précisé »\nses chiffres.", rating="mostly-false")
    client = client_for(viewer)
    review = json.loads(client.get(f"/claims/{claim.pk}/claimreview.json").content)
    assert review["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "L’ADL a « précisé » ses chiffres. (Faux → Plutôt faux)",
            "datePublished": "2023-12-02",
        }
    ]
    assert review["reviewRating"]["alternateName"] == "Plutôt faux"
    # In the list too, and a claim never corrected has no correction key.
    other = reviewed_claim(article=claim.article, quote="Elon Musk", speaker="Autre")
    reviews = json.loads(b"".join(client.get("/claims/claimreview.json").streaming_content))
    by_url = {r["url"]: r for r in reviews}
    assert by_url[f"http://testserver/claims/{claim.pk}/"]["correction"] == review["correction"]
    assert "correction" not in by_url[f"http://testserver/claims/{other.pk}/"]
