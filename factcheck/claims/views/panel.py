"""Everything the claim panel shows, and what the person looking may do, computed in one place.

Templates ask ``can_approve``, ``can_write_verdict``…; they never work out a rule themselves.
The queries are fixed in number whatever the claim's verdicts, sources and history hold.
"""

from django.db.models import Prefetch
from django.forms import BaseForm
from django.shortcuts import get_object_or_404

from factcheck.articles.body_versions import anchor_context
from factcheck.claims.forms import (
    AssignForm,
    ClaimReviewedForm,
    LinkForm,
    ReasonForm,
)
from factcheck.claims.links import links_context
from factcheck.claims.views.mending import mending_context
from factcheck.collab.notes import notes_of
from factcheck.collab.views.context import deadline_context, notes_context
from factcheck.external.matching import external_context
from factcheck.models import Claim, Verdict
from factcheck.verdicts import corrections, evidence, history
from factcheck.verdicts.evidence import kept_copies
from factcheck.verdicts.forms import CorrectionForm, SendBackForm, SourceForm, VerdictForm
from factcheck.workflow import rules


def load_claim(pk) -> Claim:
    # The panel shows the article's title and language, never its text, which may weigh a few
    # MiB: reading it would cost more than the rest of the claim.
    claims = (
        Claim.objects.select_related("article", "speaker", "assignee", "created_by")
        .defer("article__body")
        .prefetch_related("tags")
    )
    return get_object_or_404(claims, pk=pk)


def claim_verdicts(claim) -> list[Verdict]:
    return list(
        claim.verdicts.select_related("rating", "author", "reviewer")
        .prefetch_related("sources", Prefetch("sources__snapshots", kept_copies().queryset))
        .order_by("-created_at", "-pk")
    )


def claim_ids(context: dict) -> dict:
    """Name the ids of the panel's forms after the claim (``withdraw_reason_12``), as each form's
    ``claim_auto_id`` says: unique beside another claim's panel, and what scripts look for."""
    for value in context.values():
        pattern = getattr(value, "claim_auto_id", None)
        if pattern and isinstance(value, BaseForm):
            value.auto_id = pattern.format(claim=context["claim"].pk)
    return context


def verdict_context(claim, user, verdicts=None) -> dict:
    """The verdict part of the panel (the form, the sources, the workflow buttons), for the
    whole panel and for the fragments that the verdict and source steps answer with."""
    if verdicts is None:
        verdicts = claim_verdicts(claim)
    current = next((v for v in verdicts if v.is_open), None)
    approved = next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None)
    can_write_verdict = rules.write_verdict(user, claim, verdicts) is None
    review = rules.review(user, current) if current is not None else None
    context = {
        "claim": claim,
        "current": current,
        "approved": approved,
        "can_write_verdict": can_write_verdict,
        "can_submit": current is not None and rules.submit(user, current, claim) is None,
        "can_review": current is not None and review is None,
        "waits_for_other_reviewer": (
            current is not None
            and current.status == Verdict.Status.SUBMITTED
            and current.author_id == user.pk
        ),
        "can_edit_sources": current is not None and rules.edit_sources(user, current) is None,
    }
    if can_write_verdict:
        context["verdict_form"] = VerdictForm(instance=current)
    if context["can_edit_sources"]:
        context["source_form"] = SourceForm()
    if context["can_review"]:
        context["send_back_form"] = SendBackForm()
    if current is not None:
        # The sources were prefetched with the verdicts: only the rules cost a query.
        context["evidence_missing"] = evidence.missing_evidence(
            current, sources=list(current.sources.all()), rules=evidence.rules_by_rating()
        )
    return claim_ids(context)


def panel_context(claim, user, *, compare_similar=True, **forms) -> dict:
    """The panel's context; ``forms`` replaces a default form (one bound with errors).
    ``compare_similar=False`` leaves the similar claims to the panel's own request when they
    are not stored yet (``similar.similar_reviewed``)."""
    verdicts = claim_verdicts(claim)
    # The notes section and the history both list the notes: read once.
    claim_notes = notes_of(claim)
    context = verdict_context(claim, user, verdicts)
    can_edit_claim = rules.allowed(user, "edit_claim") is None
    context.update(
        {
            "earlier": [v for v in verdicts if v.status == Verdict.Status.SUPERSEDED],
            "can_edit_claim": can_edit_claim,
            "can_assign": rules.assign(user, claim) is None,
            "can_start_correction": rules.start_correction(user, claim, verdicts) is None,
            "can_set_not_checkable": rules.set_aside(user, claim) is None,
            "can_reopen": rules.reopen(user, claim) is None,
            "can_move_words": rules.move_words(user, claim) is None,
            "history": history.claim_history(claim, claim_notes),
            "corrections": corrections.of(verdicts),
        }
    )
    if can_edit_claim:
        context["claim_form"] = ClaimReviewedForm(instance=claim)
        context["assign_form"] = AssignForm(initial={"assignee": claim.assignee_id})
        context["reason_form"] = ReasonForm()
    if context["can_start_correction"]:
        context["correction_form"] = CorrectionForm()
    context.update(anchor_context(claim, user))
    context.update(links_context(claim, user, compare=compare_similar), link_form=LinkForm())
    # Not compared here: the panel's first request for them compares (later ones only read
    # what the task queue stored).
    context["similar_compare"] = not compare_similar
    context.update(external_context(claim, user))
    context.update(mending_context(claim, user, verdicts))
    context.update(notes_context(claim, user, claim_notes))
    context.update(deadline_context(claim, user))
    context.update(forms)
    return claim_ids(context)
