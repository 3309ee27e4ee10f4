"""Links between claims: the functions and their refusals, sharing a repeated claim's verdict,
the panel's "Linked claims" section, the picker and the seed's link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import workflow
from factcheck.claims import links
from factcheck.models import Claim, ClaimLink, EvidenceRule, Rating, Verdict
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.reviewed import reviewed_claim

pytestmark = pytest.mark.django_db

MUSK = "Tu as dit l’exacte vérité"
WHITE_HOUSE = "promotion abjecte de la haine antisémite et raciste"
HX = {"HX-Request": "true"}


def claim_on(body: str, quote: str, **fields) -> Claim:
    return ClaimFactory(article=ArticleFactory(body=body), quote=quote, **fields)


@pytest.fixture
def pair(db):
    first = claim_on("Il a dit : « Le chômage a baissé de 10 %. »", "Le chômage a baissé de 10 %.")
    second = claim_on("Elle répond : « C’est un mensonge éhonté. »", "C’est un mensonge éhonté.")
    return first, second


# --- Linking and unlinking --------------------------------------------------------------------


def test_editor_links_two_claims(pair, editor):
    first, second = pair
    link = links.link_claims(
        claim=second, target_id=first.pk, relation="contradicts", by=editor, note=" Chiffres "
    )
    assert (link.claim, link.target, link.relation) == (second, first, "contradicts")
    assert link.note == "Chiffres" and link.created_by == editor
    assert links.linked_ids(first.pk) == {second.pk}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "itself"),
        ("duplicate", "already linked"),
        ("reverse duplicate", "already linked"),
        ("missing", "no claim #"),
        ("bad relation", "related"),
    ],
)
def test_link_refusals(pair, editor, case, message):
    first, second = pair
    links.link_claims(claim=first, target_id=second.pk, relation="repeats", by=editor)
    target, relation, claim = second.pk, "responds_to", first
    if case == "itself":
        target = first.pk
    elif case == "reverse duplicate":
        claim, target = second, first.pk
    elif case == "missing":
        target = second.pk + 1000
    elif case == "bad relation":
        relation = "likes"
    with pytest.raises(workflow.Conflict, match=message):
        links.link_claims(claim=claim, target_id=target, relation=relation, by=editor)
    assert ClaimLink.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", None])
def test_only_desk_members_link_and_unlink(pair, editor, viewer, role):
    first, second = pair
    user = viewer if role else None
    with pytest.raises(workflow.NotAllowed):
        links.link_claims(claim=first, target_id=second.pk, relation="repeats", by=user)
    link = links.link_claims(claim=first, target_id=second.pk, relation="repeats", by=editor)
    with pytest.raises(workflow.NotAllowed):
        links.unlink(link=link, by=user)
    assert ClaimLink.objects.count() == 1


def test_unlink_and_unlink_again(pair, editor):
    first, second = pair
    link = links.link_claims(claim=first, target_id=second.pk, relation="repeats", by=editor)
    links.unlink(link=link, by=editor)
    assert not ClaimLink.objects.exists()
    with pytest.raises(workflow.Conflict, match="already removed"):
        links.unlink(link=link, by=editor)


# --- Sharing a repeated claim's verdict -------------------------------------------------------


@pytest.fixture
def repeat(db, editor):
    """A reviewed claim and, in another article, a new claim that repeats it."""
    original = reviewed_claim()
    again = claim_on("Sur un plateau : « Tu as dit l’exacte vérité », a-t-il redit.", MUSK)
    link = links.link_claims(claim=again, target_id=original.pk, relation="repeats", by=editor)
    return original, again, link


def test_sharing_copies_the_approved_verdict_into_review(repeat, editor, reviewer):
    original, again, link = repeat
    approved = original.verdicts.get(status=Verdict.Status.APPROVED)
    shared = links.share_verdict(link=link, by=editor)
    # A copy submitted by the editor who shared it: nobody has reviewed it yet.
    assert shared.status == Verdict.Status.SUBMITTED and shared.shared_from == approved
    assert (shared.rating, shared.summary, shared.rationale) == (
        approved.rating,
        approved.summary,
        approved.rationale,
    )
    assert (shared.author, shared.reviewer, shared.reviewed_at) == (editor, None, None)
    assert [(s.title, s.url) for s in shared.sources.all()] == [
        (s.title, s.url) for s in approved.sources.all()
    ]
    assert approved.sources.count() == 2  # copies, not moved
    again.refresh_from_db()
    assert again.status == Claim.Status.IN_REVIEW
    assert not Claim.objects.reviewed().filter(pk=again.pk).exists()
    assert again.history.first().status == Claim.Status.IN_REVIEW

    # The editor who shared it cannot approve it; another reviewer does, through the workflow
    # (the evidence rule is for another test: reviewed_claim's sources share one publisher).
    EvidenceRule.objects.all().delete()
    editor.groups.add(reviewer.groups.get())
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    with pytest.raises(workflow.NotAllowed, match="own verdict"):
        workflow.approve(shared, reviewer=editor)
    workflow.approve(shared, reviewer=reviewer)
    again.refresh_from_db()
    assert again.status == Claim.Status.REVIEWED
    assert Claim.objects.reviewed().filter(pk=again.pk).exists()
    shared.refresh_from_db()
    assert (shared.status, shared.author, shared.reviewer) == (
        Verdict.Status.APPROVED,
        editor,
        reviewer,
    )


def test_sharing_refused_onto_a_claim_with_its_own_verdict(repeat, editor):
    original, again, link = repeat
    workflow.save_verdict(
        again, by=editor, rating=Rating.objects.get(slug="true"), summary="", rationale=""
    )
    with pytest.raises(workflow.Conflict, match="keeps its own"):
        links.share_verdict(link=link, by=editor)
    assert again.verdicts.count() == 1


def test_sharing_needs_a_repeats_link_to_an_approved_verdict(pair, editor):
    first, second = pair
    link = links.link_claims(claim=first, target_id=second.pk, relation="repeats", by=editor)
    with pytest.raises(workflow.Conflict, match="no approved verdict"):
        links.share_verdict(link=link, by=editor)
    ClaimLink.objects.filter(pk=link.pk).update(relation="contradicts")
    with pytest.raises(workflow.Conflict, match="repeats"):
        links.share_verdict(link=link, by=editor)


def test_viewer_cannot_share(repeat, viewer):
    with pytest.raises(workflow.NotAllowed):
        links.share_verdict(link=repeat[2], by=viewer)
    assert repeat[1].verdicts.count() == 0


# --- The panel ---------------------------------------------------------------------------------


def test_seed_links_the_white_house_reaction_to_musk(seeded):
    link = ClaimLink.objects.get()
    assert link.claim.quote == WHITE_HOUSE and link.target.quote == MUSK
    assert link.relation == ClaimLink.Relation.RESPONDS_TO


def test_panel_shows_the_link_on_both_claims(seeded, client_for, editor):
    client = client_for(editor)
    musk, white_house = Claim.objects.get(quote=MUSK), Claim.objects.get(quote=WHITE_HOUSE)
    html = client.get(reverse("claim_detail", args=[white_house.pk]), headers=HX).content.decode()
    assert "Linked claims" in html and "responds to" in html and MUSK in html
    assert 'data-direction="out"' in html and 'data-action="unlink"' in html
    html = client.get(reverse("claim_detail", args=[musk.pk])).content.decode()
    assert "answered by" in html and WHITE_HOUSE in html and 'data-direction="in"' in html


def test_viewer_sees_links_without_forms(seeded, client_for, viewer):
    musk = Claim.objects.get(quote=MUSK)
    html = client_for(viewer).get(reverse("claim_detail", args=[musk.pk])).content.decode()
    assert "answered by" in html
    assert 'data-action="unlink"' not in html and 'data-action="link"' not in html


def test_link_through_the_panel_then_remove_it(seeded, client_for, editor):
    client = client_for(editor)
    ClaimLink.objects.all().delete()
    musk, white_house = Claim.objects.get(quote=MUSK), Claim.objects.get(quote=WHITE_HOUSE)
    response = client.post(
        reverse("claim_link_add", args=[white_house.pk]),
        {"relation": "responds_to", "target": musk.pk},
        headers=HX,
    )
    assert response.status_code == 200
    assert 'data-direction="out"' in response.content.decode()
    link = ClaimLink.objects.get(claim=white_house, target=musk)
    # Removed from the other claim's panel: that panel comes back.
    response = client.post(
        reverse("claim_link_delete", args=[link.pk]), {"from": musk.pk}, headers=HX
    )
    assert response.status_code == 200
    assert f'data-claim-id="{musk.pk}"' in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_plain_form_link_redirects_and_errors_come_back(seeded, client_for, editor):
    client = client_for(editor)
    ClaimLink.objects.all().delete()
    musk, white_house = Claim.objects.get(quote=MUSK), Claim.objects.get(quote=WHITE_HOUSE)
    url = reverse("claim_link_add", args=[white_house.pk])
    response = client.post(url, {"relation": "responds_to"}, headers=HX)
    assert response.status_code == 422 and "Find the claim" in response.content.decode()
    response = client.post(url, {"relation": "responds_to", "target": white_house.pk}, headers=HX)
    assert response.status_code == 409 and "itself" in response.content.decode()
    response = client.post(url, {"relation": "responds_to", "target": musk.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("claim_detail", args=[white_house.pk])


def test_picker_finds_claims_as_typed_without_itself_or_linked_ones(seeded, client_for, editor):
    client = client_for(editor)
    musk, white_house = Claim.objects.get(quote=MUSK), Claim.objects.get(quote=WHITE_HOUSE)
    url = reverse("claim_link_candidates", args=[white_house.pk])
    # Musk's claim is linked already (the seed): not offered; the others are, by speaker too.
    html = client.get(url, {"find": "antisémit"}, headers=HX).content.decode()
    assert f'value="{musk.pk}"' not in html and f'value="{white_house.pk}"' not in html
    assert "mettra l’accent" in html
    ClaimLink.objects.all().delete()
    html = client.get(url, {"find": "exacte VÉRI"}, headers=HX).content.decode()
    assert f'value="{musk.pk}"' in html and 'type="radio"' in html
    html = client.get(url, {"find": "@elonmusk"}, headers=HX).content.decode()
    assert f'value="{musk.pk}"' in html
    html = client.get(url, {"find": "introuvable"}, headers=HX).content.decode()
    assert "No other claim matches." in html
    # Without JavaScript the "Find" button loads the claim page with the choices in its form.
    page = client.get(url, {"find": "exacte", "relation": "repeats"})
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html and f'value="{musk.pk}"' in html
    assert '<option value="repeats" selected>' in html


def test_share_button_only_where_it_can_work(repeat, client_for, editor):
    original, again, link = repeat
    client = client_for(editor)
    html = client.get(reverse("claim_detail", args=[again.pk])).content.decode()
    assert 'data-action="share-verdict"' in html and "repeated by" not in html
    html = client.get(reverse("claim_detail", args=[original.pk])).content.decode()
    assert "repeated by" in html and 'data-action="share-verdict"' not in html
    response = client.post(reverse("claim_link_share", args=[link.pk]), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-claim-id="{again.pk}" data-status="in_review"' in html
    assert 'data-action="share-verdict"' not in html
    assert f'verdict of <a href="/claims/{original.pk}/">claim #{original.pk}</a>' in html
    assert "waits for a reviewer" in html


def test_panel_queries_do_not_grow_with_links(
    db, client_for, editor, django_assert_max_num_queries
):
    client = client_for(editor)
    hub = claim_on("« Une phrase reprise partout. »", "Une phrase reprise partout.")
    others = [
        reviewed_claim(
            article=ArticleFactory(body="« Une phrase reprise partout. »"),
            quote="Une phrase reprise partout.",
            speaker=f"Orateur {n}",
            author=UserFactory(username=f"a{n}", role="editor"),
            reviewer=UserFactory(username=f"r{n}", role="reviewer"),
        )
        for n in range(8)
    ]
    url = reverse("claim_detail", args=[hub.pk])
    links.link_claims(claim=hub, target_id=others[0].pk, relation="repeats", by=editor)
    client.get(url, headers=HX)
    with CaptureQueriesContext(connection) as few:
        client.get(url, headers=HX)
    for n, other in enumerate(others[1:], start=1):
        if n % 2:
            links.link_claims(claim=hub, target_id=other.pk, relation="repeats", by=editor)
        else:
            links.link_claims(claim=other, target_id=hub.pk, relation="context_for", by=editor)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url, headers=HX).content.decode()
    assert html.count('class="link-row"') == 8
    assert html.count('data-action="share-verdict"') == 5  # others[0] and the odd ones
