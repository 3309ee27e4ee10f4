"""Matching other desks' fact-checks with the desk's claims, across French and English, and
linking one to a claim as *repeats*: shown in the panel, removable, in the full CSV and in the
claim's ClaimReview; the panel's queries stay fixed whatever the number of reviews."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from factcheck import workflow
from factcheck.external import matching, services
from factcheck.external.models import ExternalLink, ExternalReview
from factcheck.models import Claim, Rating
from tests.core.test_french_words import french
from tests.core.test_fuzz_routes import SPECIAL
from tests.external.conftest import feed, imported
from tests.external.french import english_on
from tests.factories import SourceFactory, UserFactory
from tests.htmx import HTMX
from tests.roles import make_user

pytestmark = pytest.mark.django_db

MUSK = "https://factcheck.example.com/2023/11/17/musk-endorsed-antisemitic-post/"
TESLA = "https://factcheck.example.com/2020/01/05/tesla-self-driving-2020"
HERZOG = "https://verif.example.fr/2023/11/28/herzog-musk-jerusalem"


def musk_claim() -> Claim:
    return Claim.objects.select_related("speaker").get(quote="Tu as dit l’exacte vérité")


def herzog_claim() -> Claim:
    return Claim.objects.select_related("speaker").get(quote__startswith="doit discuter")


def urls(reviews) -> list[str]:
    return [review.url for review in reviews]


def test_the_english_review_of_musks_reply_matches_the_french_seed_claim(seeded):
    imported("single.json", "list.json", "datafeed.json", "graph.json")
    found = urls(matching.matching_reviews(musk_claim()))
    assert found[0] == MUSK
    # The Tesla review names Musk too, and nothing else of the claim: not a match.
    assert TESLA not in found
    # Nor the review of Herzog's meeting with Musk: the name and a preposition ("contre").
    assert HERZOG not in found
    assert "https://checks.example.org/vaccins-puces" not in found
    # The French review of the Herzog meeting matches the seed claim about that meeting.
    assert urls(matching.matching_reviews(herzog_claim()))[0] == HERZOG


def test_shared_keys_cross_languages():
    assert {"appro", "messa", "antis", "elon", "musk"} <= matching.keys(
        "Elon Musk approuvant ce message antisémite"
    ) & matching.keys("Elon Musk approving an antisemitic message")
    assert matching.keys("Cafe\u0301 crème à 30\u00a0%") == {"cafe", "creme", "30"}
    assert matching.keys("le la les the and with dans pour") == set()
    assert matching.keys("\x00🙂\u202eטקסט") == {"טקסט"}


def test_the_results_are_bounded(seeded):
    claim = musk_claim()
    many = [
        {
            "@type": "ClaimReview",
            "url": f"https://many.example.org/{n}",
            "claimReviewed": f"Elon Musk approved a message encouraging hatred, number {n}.",
            "author": {"name": "Many Checks"},
            "datePublished": "2023-11-20",
            "reviewRating": {"alternateName": "False"},
        }
        for n in range(40)
    ]
    services.import_feed(data=json.dumps(many).encode())
    found = matching.matching_reviews(claim)
    assert len(found) == matching.LIMIT
    assert matching.matching_reviews(claim, exclude={found[0].pk})[0] != found[0]


def test_an_editor_links_it_as_repeats_from_the_panel_and_unlinks_it(seeded, client_for, editor):
    imported("single.json", "list.json")
    claim = musk_claim()
    client = client_for(editor)
    panel = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
    review = ExternalReview.objects.get(url=MUSK)
    assert f'class="external-match" data-external-review="{review.pk}"' in panel
    assert "Example Fact Check · Elon Musk" in panel
    response = client.post(
        reverse("external_link_add", args=[claim.pk]), {"review": review.pk}, **HTMX
    )
    assert response.status_code == 200
    link = ExternalLink.objects.get()
    assert (link.claim_id, link.external_review_id, link.relation, link.created_by) == (
        claim.pk,
        review.pk,
        "repeats",
        editor,
    )
    html = response.content.decode()
    assert f'data-external-link="{link.pk}"' in html
    # Linked, it is no longer offered as a match.
    assert f'class="external-match" data-external-review="{review.pk}"' not in html
    # Twice: refused, one link kept.
    again = client.post(
        reverse("external_link_add", args=[claim.pk]), {"review": review.pk}, **HTMX
    )
    assert again.status_code == 409 and ExternalLink.objects.count() == 1
    response = client.post(reverse("external_link_delete", args=[link.pk]), **HTMX)
    assert response.status_code == 200 and not ExternalLink.objects.exists()
    gone = client.post(reverse("external_link_delete", args=[link.pk]), **HTMX)
    assert gone.status_code == 404


@pytest.mark.parametrize("role", ["viewer", "nobody"])
def test_who_may_not_link_claims_may_not_link_reviews(seeded, client_for, role):
    imported("single.json")
    client = client_for(make_user(role))
    claim, review = musk_claim(), ExternalReview.objects.get()
    response = client.post(reverse("external_link_add", args=[claim.pk]), {"review": review.pk})
    assert response.status_code == 403 and not ExternalLink.objects.exists()
    if role == "viewer":
        panel = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
        assert f'data-external-review="{review.pk}"' in panel
        assert 'data-action="link-external"' not in panel


@pytest.mark.parametrize(
    "review", ["", "0", "-1", "abc", "\x00", "🙂", "99999999999999999999", "424242", "1e3"]
)
def test_junk_review_ids_are_refused_without_a_link(seeded, client_for, editor, review):
    response = client_for(editor).post(
        reverse("external_link_add", args=[musk_claim().pk]), {"review": review}, **HTMX
    )
    assert response.status_code in (400, 409)
    assert not ExternalLink.objects.exists()


def reviewed(claim: Claim) -> None:
    """The claim through the whole workflow: written, sourced, submitted, approved."""
    author = UserFactory(username="auteur", role="editor")
    checker = UserFactory(username="verif", role="reviewer")
    verdict = workflow.save_verdict(
        claim, by=author, rating=Rating.objects.get(slug="false"), summary="Faux.", rationale=""
    )
    SourceFactory(verdict=verdict, publisher="AFP")
    SourceFactory(verdict=verdict, publisher="Reuters")
    workflow.submit(verdict, by=author)
    workflow.approve(verdict, reviewer=checker)


def test_the_done_criterion_the_link_goes_out_in_csv_and_claimreview(seeded, client_for, editor):
    """An imported English ClaimReview of Musk's reply appears beside the French seed claim, is
    linked as repeats, and goes out in the full CSV and the claim's ClaimReview."""
    client = client_for(make_user("administrator"))
    client.post(
        reverse("external_import"), {"file": SimpleUploadedFile("f.json", feed("single.json"))}
    )
    claim = musk_claim()
    reviewed(claim)
    client.force_login(editor)
    review = ExternalReview.objects.get(url=MUSK)
    panel = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
    assert f'data-external-review="{review.pk}"' in panel
    client.post(reverse("external_link_add", args=[claim.pk]), {"review": review.pk}, **HTMX)
    assert ExternalLink.objects.filter(claim=claim, external_review=review).exists()

    body = b"".join(
        client.get(reverse("claim_export_csv"), {"layout": "full"}).streaming_content
    ).decode()
    rows = {row["claim_id"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[str(claim.pk)]["external_reviews"] == f"repeats {MUSK} (Example Fact Check)"

    claimreview = client.get(reverse("claimreview_detail", args=[claim.pk])).json()
    assert claimreview["isBasedOn"] == [
        {
            "@type": "ClaimReview",
            "url": MUSK,
            "author": {"@type": "Organization", "name": "Example Fact Check"},
        }
    ]


def panel_queries(client, claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_the_panel_reads_external_reviews_in_a_fixed_number_of_queries(seeded, client_for, editor):
    client = client_for(editor)
    claim = musk_claim()
    panel_queries(client, claim)  # warm the permission cache and the stored similar claims
    none = panel_queries(client, claim)
    imported("single.json", "list.json", "datafeed.json")
    many = [
        {
            "@type": "ClaimReview",
            "url": f"https://many.example.org/{n}",
            "claimReviewed": f"Elon Musk approved a message encouraging hatred, number {n}.",
            "author": {"name": "Many Checks"},
            "datePublished": "2023-11-20",
            "reviewRating": {"alternateName": "False"},
        }
        for n in range(300)
    ]
    services.import_feed(data=json.dumps(many).encode())
    for review in ExternalReview.objects.order_by("pk")[:30]:
        services.link_review(claim=claim, review_id=review.pk, by=editor)
    html = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
    assert html.count('class="external-link-row"') == 30
    assert html.count('class="external-match"') == matching.LIMIT
    assert panel_queries(client, claim) == none


def test_the_panel_is_french_for_a_french_reader(seeded, client_for, editor):
    imported("single.json")
    claim = musk_claim()
    client = french(client_for(editor))
    html = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
    assert english_on(html) == set()
    section = html[html.index('class="external-reviews"') :]
    assert "Vérifications d’autres rédactions" in section
    assert "Lier comme « reprend »" in section
    for english in ("Other desks", "Link as", "look like this claim"):
        assert english not in section


def test_marking_a_claim_answers_with_the_matching_fact_checks(seeded, client_for, editor):
    """The mark flow answers with the new claim's panel: other desks' fact-checks are listed
    there beside the desk's similar claims."""
    from tests.claims.test_views_claims import musk_post, seed_article

    imported("single.json", "list.json")
    response = client_for(editor).post(
        reverse("mark_claim", args=[seed_article().pk]), musk_post(), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    musk = ExternalReview.objects.get(url=MUSK)
    assert 'class="similar-claims"' in html
    assert f'class="external-match" data-external-review="{musk.pk}"' in html
    assert TESLA not in html


@given(text=st.one_of(st.sampled_from(SPECIAL), st.text(max_size=80)))
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
def test_any_quote_is_matched_without_an_error(seeded, text):
    """Whatever the words (on PostgreSQL they go into a tsquery and a trigram comparison)."""
    if not ExternalReview.objects.exists():
        imported("single.json", "list.json", "page.html", "graph.json")
    claim = Claim(quote=text, claim_reviewed=f"{text} Elon Musk")
    found = matching.matching_reviews(claim)
    assert len(found) <= matching.LIMIT
