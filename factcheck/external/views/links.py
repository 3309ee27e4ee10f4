"""Linking an external fact-check to a claim as *repeats*, and removing the link, from the claim
panel: one service call each, answered with the panel (or a redirect for a plain form)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factcheck import workflow
from factcheck.claims.views.responses import panel, refusal, requires
from factcheck.external import services
from factcheck.external.forms import ExternalLinkForm
from factcheck.external.models import ExternalLink
from factcheck.models import Claim


@require_POST
@requires("link_claims")
def external_link_add(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = ExternalLinkForm(request.POST)
    if not form.is_valid():
        return refusal(request, workflow.Conflict(_("Choose an external fact-check to link.")))
    try:
        services.link_review(claim=claim, review_id=form.cleaned_data["review"], by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("unlink_claims")
def external_link_delete(request, pk):
    link = get_object_or_404(ExternalLink, pk=pk)
    try:
        services.unlink_review(link=link, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, link.claim_id, changed=True)
