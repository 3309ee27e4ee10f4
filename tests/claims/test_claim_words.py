"""Moving a claim onto other words by reselecting them: exact like marking, refused for a claim
in review or reviewed, checked against the claim's and the body's versions, kept in history."""

import re

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.articles.body_versions import latest_number, replace_body
from factcheck.models import Claim
from factcheck.verdicts import history
from tests.factories import ArticleFactory, ClaimFactory
from tests.htmx import HTMX

BODY = "Bravo 😀😀😀 à tous.\n\nLe chômage a baissé de 3 % cette année, dit-il 𝔘𝔫𝔦."
OLD = "chômage a baissé"
NEW = "Le chômage a baissé de 3 % cette année"


@pytest.fixture
def claim(db):
    return ClaimFactory(article=ArticleFactory(body=BODY), quote=OLD)


def where(quote, body=BODY):
    start = body.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def snapshot(claim):
    claim = Claim.objects.get(pk=claim.pk)
    return (claim.quote, claim.start_offset, claim.end_offset, claim.prefix, claim.version)


def test_the_claim_moves_onto_the_new_words_with_its_context(claim, editor):
    moved = workflow.move_words(claim, by=editor, **where(NEW), body_version=1, expected=1)
    claim.refresh_from_db()
    assert claim.quote == NEW == BODY[claim.start_offset : claim.end_offset]
    assert claim.prefix == BODY[: claim.start_offset][-32:]
    assert claim.suffix == BODY[claim.end_offset :][:32]
    assert claim.version == moved.version == 2
    assert "chomage a baisse de 3" in claim.search_text
    moves = [e for e in history.claim_history(claim) if "quote" in [c.field for c in e.changes]]
    assert len(moves) == 1 and moves[0].who == editor.get_username()


@pytest.mark.parametrize("status", [Claim.Status.IN_REVIEW, Claim.Status.REVIEWED])
def test_words_in_review_or_reviewed_change_only_through_a_correction(claim, editor, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    assert not workflow.may_move_words(claim, editor)
    before = snapshot(claim)
    with pytest.raises(workflow.Conflict, match="only through a correction"):
        workflow.move_words(claim, by=editor, **where(NEW))
    assert snapshot(claim) == before


@pytest.mark.parametrize("status", [Claim.Status.NEW, Claim.Status.IN_PROGRESS])
def test_new_and_in_progress_claims_may_move(claim, editor, viewer, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    assert workflow.may_move_words(claim, editor)
    assert not workflow.may_move_words(claim, viewer)


def test_a_viewer_is_refused(claim, viewer):
    before = snapshot(claim)
    with pytest.raises(workflow.NotAllowed):
        workflow.move_words(claim, by=viewer, **where(NEW))
    assert snapshot(claim) == before


@pytest.mark.parametrize(
    "selection",
    [
        {"quote": NEW, "start": BODY.index(NEW) + 1, "end": BODY.index(NEW) + 1 + len(NEW)},
        {"quote": NEW.lower(), "start": BODY.index(NEW), "end": BODY.index(NEW) + len(NEW)},
        {"quote": "x", "start": 10_000, "end": 10_001},
    ],
)
def test_words_not_exactly_there_are_refused(claim, editor, selection):
    before = snapshot(claim)
    with pytest.raises(workflow.SelectionMismatch):
        workflow.move_words(claim, by=editor, **selection)
    assert snapshot(claim) == before


def test_a_stale_claim_or_body_is_refused(claim, editor):
    workflow.edit_claim(claim, by=editor, claim_reviewed="Reformulé", expected=1)
    before = snapshot(claim)
    with pytest.raises(workflow.Conflict, match="Someone changed this claim"):
        workflow.move_words(claim, by=editor, **where(NEW), expected=1)
    assert snapshot(claim) == before
    replace_body(claim.article, body="Avant.\n\n" + BODY, by=editor)
    with pytest.raises(workflow.BodyChanged):
        workflow.move_words(claim, by=editor, **where(NEW), body_version=1)
    assert Claim.objects.get(pk=claim.pk).quote == OLD


def test_an_orphaned_claim_is_anchored_again(claim, editor):
    replace_body(claim.article, body="Un tout autre texte 🎩.", by=editor)
    claim.refresh_from_db()
    assert claim.anchor == Claim.Anchor.ORPHANED
    body = claim.article.__class__.objects.get(pk=claim.article_id).body
    workflow.move_words(claim, by=editor, **where("autre texte 🎩", body), body_version=2)
    claim.refresh_from_db()
    assert claim.anchor == Claim.Anchor.FOUND and claim.quote == "autre texte 🎩"


def test_the_same_words_again_are_said_to_be_the_claims_already(claim, editor):
    with pytest.raises(workflow.Conflict, match="already"):
        workflow.move_words(claim, by=editor, **where(OLD))


# --- Through the panel ----------------------------------------------------------------------


def test_the_panel_offers_adjusting_only_when_allowed(claim, editor, viewer, client_for):
    url = reverse("claim_detail", args=[claim.pk])
    assert 'data-action="adjust-words"' in client_for(editor).get(url, **HTMX).content.decode()
    assert 'data-action="adjust-words"' not in client_for(viewer).get(url, **HTMX).content.decode()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REVIEWED)
    assert 'data-action="adjust-words"' not in client_for(editor).get(url, **HTMX).content.decode()


def post(client, claim, **data):
    sent = {**where(NEW), "body_version": latest_number(claim.article), "version": claim.version}
    sent.update(data)
    sent = {key: value for key, value in sent.items() if value is not None}
    return client.post(reverse("claim_move_words", args=[claim.pk]), sent, **HTMX)


def test_moving_answers_with_the_panel_and_refreshes_the_body(claim, editor, client_for):
    response = post(client_for(editor), claim)
    assert response.status_code == 200
    assert "claims-changed" in response["HX-Trigger-After-Swap"]
    assert f'data-claim-id="{claim.pk}"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.quote == NEW


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"start": "x"}, 409),
        ({"start": None}, 409),
        ({"quote": ""}, 409),
        ({"end": "99999999999999999999"}, 409),
        ({"quote": "Le chômage a baissé de 3 % cette anné"}, 409),
        ({"body_version": 0}, 409),
        ({"version": 7}, 409),
        ({"version": "junk"}, 409),
    ],
)
def test_refusals_say_why_in_the_panel_and_change_nothing(claim, editor, client_for, data, status):
    before = snapshot(claim)
    response = post(client_for(editor), claim, **data)
    assert response.status_code == status
    assert response["HX-Retarget"] == "#panel-alert"
    assert re.search(r'class="form-error alert-message">\w', response.content.decode())
    assert snapshot(claim) == before


def test_a_viewer_is_refused_by_hand_too(claim, viewer, client_for):
    before = snapshot(claim)
    assert post(client_for(viewer), claim).status_code == 403
    assert snapshot(claim) == before
