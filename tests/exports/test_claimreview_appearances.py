"""ClaimReview ``itemReviewed.appearance``: every article a repeated claim appears in."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.claims import links
from factcheck.claims.filters import listing_queryset
from factcheck.exports import exporting
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.reviewed import musk_article, reviewed_claim

pytestmark = pytest.mark.django_db

MUSK = "Tu as dit l’exacte vérité"


def repeat_in(article, quote=MUSK):
    return ClaimFactory(article=article, quote=quote)


def test_repeated_claim_lists_every_article_it_appears_in(client_for, viewer, editor):
    original = reviewed_claim()
    radio = ArticleFactory(
        title="Sur les ondes, « l’exacte vérité »",
        body="Il l’a redit : « Tu as dit l’exacte vérité ».",
        url="",
        published_on=None,
    )
    again = repeat_in(radio)
    elsewhere = repeat_in(ArticleFactory(title="Le blog", body="« Tu as dit l’exacte vérité »"))
    links.link_claims(claim=again, target_id=original.pk, relation="repeats", by=editor)
    links.link_claims(claim=elsewhere, target_id=again.pk, relation="repeats", by=editor)
    # A claim in the same article and a link of another kind add no appearance.
    same = repeat_in(original.article, quote="promotion abjecte de la haine antisémite et raciste")
    links.link_claims(claim=same, target_id=original.pk, relation="responds_to", by=editor)

    review = client_for(viewer).get(f"/claims/{original.pk}/claimreview.json").json()
    appearance = review["itemReviewed"]["appearance"]
    assert isinstance(appearance, list) and len(appearance) == 2
    assert appearance[0] == review["itemReviewed"]["firstAppearance"]
    assert appearance[0]["url"] == "https://journal.example.fr/2023/11/musk-herzog"
    assert appearance[0]["headline"] == "À Jérusalem, la visite qui fâche « l’opinion »"
    assert appearance[1] == {
        "@type": "NewsArticle",
        "headline": "Sur les ondes, « l’exacte vérité »",
        "inLanguage": "fr",
        "url": f"http://testserver/articles/{radio.pk}/",
        "publisher": {"@type": "Organization", "name": "Le Quotidien"},
    }


def test_claim_without_repeats_keeps_one_appearance_object(client_for, viewer, editor):
    claim = reviewed_claim()
    review = client_for(viewer).get(f"/claims/{claim.pk}/claimreview.json").json()
    assert review["itemReviewed"]["appearance"]["@type"] == "NewsArticle"


def test_the_list_reads_appearances_in_a_fixed_number_of_queries(editor):
    def reviewed(n):
        return reviewed_claim(
            article=musk_article(url=f"https://journal.example.fr/{n}", title=f"Article {n}"),
            speaker=f"Orateur {n}",
            author=UserFactory(username=f"a{n}", role="editor"),
            reviewer=UserFactory(username=f"r{n}", role="reviewer"),
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            reviews = list(exporting.claimreviews(listing_queryset(), base_url="http://x"))
        return len(queries), reviews

    first = reviewed(0)
    few, _ = count()
    for n in range(1, 6):
        links.link_claims(claim=reviewed(n), target_id=first.pk, relation="repeats", by=editor)
    many, reviews = count()
    assert many == few
    by_url = {r["url"]: r for r in reviews}
    assert len(by_url[f"http://x/claims/{first.pk}/"]["itemReviewed"]["appearance"]) == 6
    assert json.dumps(reviews, ensure_ascii=False).count("Article 3") == 3
