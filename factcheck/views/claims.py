"""The claim page and the claim steps that are not about its verdict: reword, assign, set aside,
reopen. Each POST calls one workflow function and answers with the panel, except the wording,
which answers with its own section so that text typed elsewhere in the panel stays."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import history, locking, workflow
from ..claim_forms import AssignForm, ClaimReviewedForm, ReasonForm
from ..models import Claim
from ..panel import load_claim, panel_context
from .responses import PANEL, fragment, panel, rebased, refusal, requires

WORDING = "factcheck/partials/_claim_wording.html"
HISTORY = "factcheck/partials/_history.html"


def _wording(request, pk, *, status=200, message=None, **context):
    """The wording section alone (and the history out of band), after a save or a refusal."""
    if not request.htmx:
        return panel(request, pk, status=status, changed=status == 200, message=message, **context)
    claim = load_claim(pk)
    context = {"claim": claim, "can_edit_claim": True, **context}
    context.setdefault(
        "claim_form",
        ClaimReviewedForm(
            initial={"claim_reviewed": claim.claim_reviewed, "version": claim.version}
        ),
    )
    context["history"] = history.claim_history(claim)
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
