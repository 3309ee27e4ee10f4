"""Everything the claim panel shows, and what the person looking may do, computed in one place.

Templates ask ``can_approve``, ``can_write_verdict``…; they never work out a rule themselves.
The queries are fixed in number whatever the claim's verdicts, sources and history hold.
"""

from django.shortcuts import get_object_or_404

from factcheck import workflow
from factcheck.articles.body_versions import anchor_context
from factcheck.claims.forms import AssignForm, ClaimReviewedForm, ReasonForm, assignable_users
from factcheck.claims.links import links_context
from factcheck.claims.mending import mending_context
from factcheck.collab.views.context import deadline_context, notes_context
from factcheck.core.permissions import can
from factcheck.models import Claim, Verdict
from factcheck.verdicts import corrections, evidence, history
from factcheck.verdicts.forms import CorrectionForm, SendBackForm, SourceForm, VerdictForm
from factcheck.verdicts.sources import may_edit_sources

EDITABLE = (Verdict.Status.DRAFT, Verdict.Status.SENT_BACK)
# workflow.set_not_checkable refuses claims in review or reviewed.
SET_ASIDE_FROM = (Claim.Status.NEW, Claim.Status.IN_PROGRESS)


def load_claim(pk) -> Claim:
    claims = Claim.objects.select_related(
        "article", "speaker", "assignee", "created_by"
    ).prefetch_related("tags")
    return get_object_or_404(claims, pk=pk)


def claim_verdicts(claim) -> list[Verdict]:
    return list(
        claim.verdicts.select_related("rating", "author", "reviewer")
        .prefetch_related("sources")
        .order_by("-created_at", "-pk")
    )


def verdict_context(claim, user, verdicts=None) -> dict:
    """The verdict part of the panel (the form, the sources, the workflow buttons), for the
    whole panel and for the fragments that the verdict and source steps answer with."""
    if verdicts is None:
        verdicts = claim_verdicts(claim)
    current = next((v for v in verdicts if v.is_open), None)
    approved = next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None)
    is_author = current is not None and (current.author_id == user.pk or user.is_superuser)
    set_aside = claim.status == Claim.Status.NOT_CHECKABLE
    withdrawn = claim.status == Claim.Status.WITHDRAWN

    can_write = can(user, "write_verdict") and not set_aside and not withdrawn
    can_write_verdict = can_write and (
        (current is None and approved is None) or (is_author and current.status in EDITABLE)
    )
    context = {
        "claim": claim,
        "current": current,
        "approved": approved,
        "can_write": can_write,
        "can_write_verdict": can_write_verdict,
        "can_submit": can_write_verdict and current is not None,
        "can_review": (
            current is not None
            and current.status == Verdict.Status.SUBMITTED
            and can(user, "review_verdict")
            and current.author_id != user.pk
        ),
        "waits_for_other_reviewer": (
            current is not None
            and current.status == Verdict.Status.SUBMITTED
            and current.author_id == user.pk
        ),
        "can_edit_sources": current is not None and may_edit_sources(current, user),
    }
    if can_write_verdict:
        initial = {"version": 0}
        if current is not None:
            initial = {
                "version": current.version,
                "rating": current.rating_id,
                "summary": current.summary,
                "rationale": current.rationale,
            }
        context["verdict_form"] = VerdictForm(initial=initial)
    if context["can_edit_sources"]:
        context["source_form"] = SourceForm()
    if context["can_review"]:
        context["send_back_form"] = SendBackForm()
    if current is not None:
        # The sources were prefetched with the verdicts: only the rules cost a query.
        context["evidence_missing"] = evidence.missing_evidence(
            current, sources=list(current.sources.all()), rules=evidence.rules_by_rating()
        )
    return context


def panel_context(claim, user, **forms) -> dict:
    """The panel's context; ``forms`` replaces a default form (one bound with errors)."""
    verdicts = claim_verdicts(claim)
    context = verdict_context(claim, user, verdicts)
    current, approved = context["current"], context["approved"]
    set_aside = claim.status == Claim.Status.NOT_CHECKABLE
    can_edit_claim = can(user, "edit_claim")
    context.update(
        {
            "earlier": [v for v in verdicts if v.status == Verdict.Status.SUPERSEDED],
            "can_edit_claim": can_edit_claim,
            "can_assign": can_edit_claim and claim.status != Claim.Status.WITHDRAWN,
            "can_start_correction": (
                context["can_write"] and approved is not None and current is None
            ),
            "can_set_not_checkable": can_edit_claim and claim.status in SET_ASIDE_FROM,
            "can_reopen": can_edit_claim and set_aside,
            "can_move_words": workflow.may_move_words(claim, user),
            "history": history.claim_history(claim),
            "corrections": corrections.of(verdicts),
        }
    )
    if can_edit_claim:
        context["claim_form"] = ClaimReviewedForm(
            initial={"claim_reviewed": claim.claim_reviewed, "version": claim.version}
        )
        context["assign_form"] = AssignForm(initial={"assignee": claim.assignee_id})
        # A list, so the template's loop runs one query instead of a COUNT and a SELECT.
        context["assignees"] = list(assignable_users())
        context["reason_form"] = ReasonForm()
    if context["can_start_correction"]:
        context["correction_form"] = CorrectionForm()
    context.update(anchor_context(claim, user))
    context.update(links_context(claim, user))
    context.update(mending_context(claim, user, verdicts))
    context.update(notes_context(claim, user))
    context.update(deadline_context(claim, user))
    context.update(forms)
    return context
