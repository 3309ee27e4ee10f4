"""workflow/rules.py on real rows: a refusal is a sentence with its kind (403 or 409), the steps
raise exactly it, and the rules that the panel and the server used to compute apart."""

import pytest
from django.contrib.auth.models import Permission

from factcheck import workflow
from factcheck.models import Claim, Rating, Verdict
from factcheck.workflow import rules
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_is_the_sentence_and_its_kind(editor, viewer):
    verdict = VerdictFactory(author=editor, status=Verdict.Status.SUBMITTED, sourced=True)
    forbidden = rules.review(viewer, verdict)
    assert isinstance(forbidden, rules.Forbidden) and forbidden.forbidden
    assert forbidden == "You are not allowed to do this."
    with pytest.raises(workflow.NotAllowed) as raised:
        workflow.approve(verdict, reviewer=viewer)
    assert raised.value.message == forbidden

    draft = VerdictFactory(author=editor)
    reviewer = UserFactory(username="r2", role="reviewer")
    refusal = rules.review(reviewer, draft)
    assert refusal == "This verdict is not waiting for review." and not refusal.forbidden
    with pytest.raises(workflow.Conflict) as raised:
        workflow.send_back(draft, reviewer=reviewer, comment="?")
    assert raised.value.message == refusal


def test_a_set_aside_claims_draft_is_not_submitted_until_reopened(editor):
    verdict = VerdictFactory(author=editor, sourced=True)
    claim = verdict.claim
    workflow.set_not_checkable(claim, by=editor, reason="Une prédiction 🔮")
    claim.refresh_from_db()
    refusal = rules.submit(editor, verdict, claim)
    assert refusal == "This claim was set aside as not checkable; reopen it first."
    with pytest.raises(workflow.Conflict, match="reopen it first"):
        workflow.submit(verdict, by=editor)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT and claim.status == Claim.Status.NOT_CHECKABLE

    workflow.reopen(claim, by=editor)
    workflow.submit(verdict, by=editor)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


def test_a_claim_set_aside_is_not_set_aside_again(editor):
    claim = ClaimFactory()
    workflow.set_not_checkable(claim, by=editor, reason="Une opinion")
    with pytest.raises(workflow.Conflict, match="already set aside"):
        workflow.set_not_checkable(claim, by=editor, reason="Autre raison\r\n")
    claim.refresh_from_db()
    assert claim.not_checkable_reason == "Une opinion"


def test_who_can_be_assigned_is_decided_by_the_permission_not_the_group_name(editor):
    # A user given the permission directly, outside the groups, checks claims; an inactive
    # reviewer does not; a viewer does not.
    direct = UserFactory(username="zoé")
    direct.user_permissions.add(Permission.objects.get(codename="add_verdict"))
    gone = UserFactory(username="ancien", role="reviewer", is_active=False)
    viewer = UserFactory(username="lecteur", role="viewer")
    offered = set(rules.assignable_users())
    assert direct in offered and editor in offered
    assert gone not in offered and viewer not in offered
    for person in (direct, editor, gone, viewer):
        assert (rules.assignee(person) is None) == (person in offered)

    claim = ClaimFactory()
    workflow.assign(claim, assignee=direct, by=editor)
    with pytest.raises(workflow.NotAllowed, match="lecteur cannot check claims"):
        workflow.assign(claim, assignee=viewer, by=editor)


def test_the_article_and_the_panel_ask_the_same_rules(editor, client_for):
    """The facts rule, for example: what the panel shows as the reason is what the step raises."""
    verdict = VerdictFactory(author=editor, sourced=True)
    claim = verdict.claim
    workflow.submit(verdict, by=editor)
    claim.refresh_from_db()
    access = rules.facts_access(claim, by=editor, verdicts=list(claim.verdicts.all()))
    with pytest.raises(workflow.Conflict) as raised:
        workflow.edit_claim(claim, by=editor, claim_reviewed="Autre formulation\u00a0?")
    assert raised.value.message == access.refusal
    html = client_for(editor).get(f"/claims/{claim.pk}/").text
    assert access.refusal.replace("’", "&#x27;") in html or access.refusal in html


def test_saving_over_an_approved_verdict_says_so(editor, reviewer):
    verdict = VerdictFactory(author=editor, sourced=True)
    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)
    rating = Rating.objects.get(slug="true")
    with pytest.raises(workflow.Conflict, match="start a correction"):
        workflow.save_verdict(verdict.claim, by=editor, rating=rating, summary="Vrai", rationale="")
