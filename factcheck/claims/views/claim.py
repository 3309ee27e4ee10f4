"""The claim page and the claim steps that are not about its verdict: reword, mend its facts,
assign, set aside, reopen, withdraw, restore. Each POST calls one workflow function and answers
with the panel, except the wording and the facts, which answer with their own section so that
text typed elsewhere in the panel stays."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from factcheck import workflow
from factcheck.claims import speakers
from factcheck.claims.forms import (
    AssignForm,
    ClaimFactsForm,
    ClaimReviewedForm,
    ReasonForm,
    WithdrawForm,
)
from factcheck.claims.marking import tag_names
from factcheck.claims.views.mending import mending_context
from factcheck.claims.views.panel import claim_ids, claim_verdicts, load_claim, panel_context
from factcheck.claims.views.responses import (
    CHANGED,
    PANEL,
    fragment,
    panel,
    rebased,
    refusal,
    requires,
)
from factcheck.core import locking
from factcheck.models import Claim, Tag
from factcheck.verdicts import history

FACTS = "factcheck/partials/_claim_facts.html"
WORDING = "factcheck/partials/_claim_wording.html"
HISTORY = "factcheck/partials/_history.html"


def _wording(request, pk, *, status=200, message=None, **context):
    """The wording section alone (and the history out of band), after a save or a refusal."""
    if not request.htmx:
        return panel(request, pk, status=status, changed=status == 200, message=message, **context)
    claim = load_claim(pk)
    # The form and whether it is offered follow the facts rule (a proposal on a published claim).
    context = {
        "claim": claim,
        **mending_context(claim, request.user, claim_verdicts(claim)),
        **context,
    }
    context["history"] = history.claim_history(claim)
    claim_ids(context)
    oob = [HISTORY] if status == 200 else []
    return fragment(
        request, WORDING, context, oob=oob, status=status, changed=status == 200, message=message
    )


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
        return _wording(request, pk, status=422, claim_form=form)
    try:
        workflow.edit_claim(
            claim,
            by=request.user,
            claim_reviewed=form.cleaned_data["claim_reviewed"],
            expected=form.cleaned_data["version"],
        )
    except locking.StaleEdit as stale:
        form = rebased(ClaimReviewedForm, request, stale)
        return _wording(request, pk, status=409, claim_form=form, claim_stale=stale)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return _wording(request, pk, message=_("Wording saved."))


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
    return panel(request, pk, changed=True, message=_("Assignee saved."))


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
    return panel(request, pk, changed=True, message=_("Set aside as not checkable."))


@require_POST
@requires("edit_claim")
def claim_reopen(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    try:
        workflow.reopen(claim, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True, message=_("Claim reopened."))


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
