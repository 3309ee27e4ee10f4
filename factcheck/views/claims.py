"""The claim page and the claim steps that are not about its verdict: reword, mend its facts,
assign, set aside, reopen, withdraw, restore. Each POST calls one workflow function and answers
with the panel (the facts form with its own fragment)."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from .. import locking, speakers, workflow
from ..claim_forms import AssignForm, ClaimFactsForm, ClaimReviewedForm, ReasonForm, WithdrawForm
from ..marking import tag_names
from ..models import Claim, Tag
from ..panel import load_claim, panel_context
from .responses import CHANGED, PANEL, panel, rebased, refusal, requires

FACTS = "factcheck/partials/_claim_facts.html"


@require_GET
@vary_on_headers("HX-Request")
def claim_detail(request, pk):
    """The claim on its own page; htmx (a click on a highlight) gets only the panel."""
    context = panel_context(load_claim(pk), request.user)
    template = PANEL if request.htmx else "factcheck/claim_detail.html"
    return render(request, template, context)


@require_POST
@requires("edit_claim")
def claim_edit(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = ClaimReviewedForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, claim_form=form)
    try:
        workflow.edit_claim(
            claim,
            by=request.user,
            claim_reviewed=form.cleaned_data["claim_reviewed"],
            expected=form.cleaned_data["version"],
        )
    except locking.StaleEdit as stale:
        form = rebased(ClaimReviewedForm, request, stale)
        return panel(request, pk, status=409, claim_form=form, claim_stale=stale)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("edit_claim")
def claim_assign(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    if request.POST.get("assignee") == "me":
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            return panel(request, pk, assign_form=form)
        assignee = form.cleaned_data["assignee"]
    try:
        workflow.assign(claim, assignee=assignee, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("edit_claim")
def claim_not_checkable(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, reason_form=form)
    try:
        workflow.set_not_checkable(claim, by=request.user, reason=form.cleaned_data["reason"])
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("edit_claim")
def claim_reopen(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    try:
        workflow.reopen(claim, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


def _facts(request, pk, *, changed=False, status=None, **forms):
    """The facts fragment alone for htmx (the rest of the panel keeps what is typed in it),
    else what ``panel`` answers."""
    if not request.htmx:
        return panel(request, pk, changed=changed, status=status, **forms)
    context = panel_context(load_claim(pk), request.user, **forms)
    response = render(request, FACTS, context, status=status or (422 if forms else 200))
    if changed:
        trigger_client_event(response, CHANGED, after="swap")
    return response


@require_POST
@requires("edit_claim")
def claim_facts(request, pk):
    """Mend the claim's speaker, kind, date and tags (a proposal, on a published claim)."""
    claim = get_object_or_404(Claim, pk=pk)
    form = ClaimFactsForm(request.POST)
    if not form.is_valid():
        return _facts(request, pk, facts_form=form)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            speaker = speakers.find_or_create_speaker(
                speaker=data["speaker"],
                speaker_name=data["speaker_name"],
                create_speaker=data["create_speaker"],
                kind=data["speaker_kind"],
                by=request.user,
            )
            tags = [Tag.objects.get_or_create(name=name)[0] for name in tag_names(data["tags"])]
            workflow.edit_facts(
                claim,
                by=request.user,
                speaker=speaker,
                kind=data["kind"],
                claimed=data["claimed"],
                tags=tags,
                expected=data["version"],
            )
    except locking.StaleEdit as stale:
        form = rebased(ClaimFactsForm, request, stale)
        return _facts(request, pk, status=409, facts_form=form, facts_stale=stale)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return _facts(request, pk, changed=True)


@require_POST
@requires("edit_claim")
def claim_withdraw(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, withdraw_form=form)
    try:
        workflow.withdraw(claim, by=request.user, reason=form.cleaned_data["reason"])
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("edit_claim")
def claim_restore(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    try:
        workflow.restore(claim, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)
