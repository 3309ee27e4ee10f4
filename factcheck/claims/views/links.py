"""Links between claims from the claim panel: link, unlink, share a repeated claim's verdict,
and the claim picker's search. Each POST calls one links.py function and answers with the panel
of the claim it was made from (``from``), or redirects a plain form to that claim's page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import workflow
from factcheck.claims import links
from factcheck.claims.forms import LinkForm
from factcheck.claims.views.panel import load_claim, panel_context
from factcheck.claims.views.responses import panel, refusal, requires
from factcheck.models import Claim, ClaimLink

CANDIDATES = "factcheck/partials/_link_candidates.html"
SIMILAR = "factcheck/partials/_claim_similar.html"


def _panel_claim(request, link: ClaimLink) -> int:
    """The claim whose panel sent the form: one of the link's two ends."""
    shown = request.POST.get("from", "")
    return int(shown) if shown in (str(link.claim_id), str(link.target_id)) else link.claim_id


@require_POST
@requires("link_claims")
def link_add(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, link_form=form)
    try:
        links.link_claims(
            claim=claim,
            target_id=form.cleaned_data["target"],
            relation=form.cleaned_data["relation"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("unlink_claims")
def link_delete(request, pk):
    link = get_object_or_404(ClaimLink, pk=pk)
    shown = _panel_claim(request, link)
    try:
        links.unlink(link=link, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, shown, changed=True)


@require_POST
@requires("write_verdict")
def link_share_verdict(request, pk):
    link = get_object_or_404(ClaimLink, pk=pk)
    try:
        links.share_verdict(link=link, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, link.claim_id, changed=True)


@require_GET
@vary_on_headers("HX-Request")
def link_candidates(request, pk):
    """The picker: claims matching ``find``, as a list of choices for htmx, or the claim page with
    them in its link form for a browser without JavaScript."""
    claim = get_object_or_404(Claim, pk=pk)
    q = request.GET.get("find", "").strip()[:200]
    picked = links.pick_candidates(claim, q)
    context = {"claim": claim, "q": q, "candidates": picked.claims, "more": picked.more}
    if request.htmx:
        return render(request, CANDIDATES, context)
    context = panel_context(load_claim(pk), request.user) | context
    context["link_form"] = LinkForm(initial={"relation": request.GET.get("relation")})
    return render(request, "factcheck/claim_detail.html", context)


@require_GET
def similar_claims(request, pk):
    """The panel's "Similar reviewed claims" alone: what the panel fetches while they are being
    looked for (it asks again until they are stored). ``?compare=1`` compares the quote within
    the request's budget, as the panel would have; otherwise only what is stored is read, so
    polling never starts the comparison again nor queues it twice."""
    claim = get_object_or_404(Claim, pk=pk)
    compare = request.GET.get("compare") == "1"
    context = links.links_context(claim, request.user, compare=compare)
    return render(request, SIMILAR, {"claim": claim, **context})
