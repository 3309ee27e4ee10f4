"""Setting a claim's priority and due date from its panel."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factcheck import workflow
from factcheck.claims.views.panel import load_claim
from factcheck.claims.views.responses import announce, panel, refusal, requires
from factcheck.collab import queue
from factcheck.collab.forms import DeadlineForm
from factcheck.collab.views.context import deadline_context
from factcheck.models import Claim

DEADLINE = "factcheck/partials/_claim_deadline.html"


def _deadline(request, pk, *, status=200, message=None, **forms):
    if not request.htmx:
        if status == 200:
            return redirect("claim_detail", pk=pk)
        return panel(request, pk, status=status, **forms)
    claim = load_claim(pk)
    context = {"claim": claim, **deadline_context(claim, request.user, **forms)}
    return announce(render(request, DEADLINE, context, status=status), message)


@require_POST
@requires("edit_claim")
def claim_deadline(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = DeadlineForm(request.POST, claim=claim)
    if not form.is_valid():
        return _deadline(request, pk, status=422, deadline_form=form)
    try:
        queue.set_deadline(
            claim,
            by=request.user,
            priority=form.cleaned_data["priority"],
            due_on=form.cleaned_data["due_on"],
        )
    except workflow.Conflict as error:
        form.add_error("due_on", error.message)
        return _deadline(request, pk, status=422, deadline_form=form)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return _deadline(request, pk, message=_("Priority and due date saved."))
