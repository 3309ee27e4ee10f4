"""The claims list: filters, search, sort and pages in the URL; bulk actions through htmx.

The page renders ``_claim_results.html`` inside ``<div id="listing-results">``; an htmx request
aimed at that div gets the partial alone. A bulk action posts to ``claim_bulk`` with the list's
query string, runs one workflow step a claim, then re-renders the same results.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import workflow
from ..filters import ClaimFilter
from ..models import Claim
from ..permissions import can, users_who_can

PAGE_SIZE = 50
# (sort key, header): the keys are ClaimFilter's ``sort`` choices.
COLUMNS = [
    ("id", gettext_lazy("#")),
    ("quote", gettext_lazy("Quote")),
    ("speaker", gettext_lazy("Speaker")),
    ("article", gettext_lazy("Article")),
    ("status", gettext_lazy("Status")),
    ("rating", gettext_lazy("Rating")),
    ("assignee", gettext_lazy("Assignee")),
    ("claimed", gettext_lazy("Claimed")),
    ("reviewed", gettext_lazy("Reviewed")),
]
RESULTS_TEMPLATE = "factcheck/partials/_claim_results.html"


def _listing(request, bulk_report=None) -> dict:
    filterset = ClaimFilter(request.GET)
    label = "label_fr" if (get_language() or "").startswith("fr") else "label_en"
    claims = (
        filterset.qs.select_related("speaker", "article", "assignee")
        .defer("article__body", "search_text", "prefix", "suffix")
        .annotate(
            rating_label=F(f"approved__rating__{label}"),
            rating_colour=F("approved__rating__colour"),
            reviewed_at=F("approved__reviewed_at"),
        )
        .prefetch_related("tags")
    )
    paginator = Paginator(claims, PAGE_SIZE)
    # Count without the joins the columns need (the approved verdict is at most one row a
    # claim): 5 ms instead of 120 ms on 100,000 claims.
    paginator.count = filterset.qs.order_by().count()
    page = paginator.get_page(request.GET.get("page"))
    can_bulk = can(request.user, "edit_claim")
    current = request.GET.get("sort", "")
    columns = [
        {
            "label": label,
            # A click sorts ascending, a second click on the same column descending.
            "next": f"-{key}" if current == key else key,
            "direction": {key: "ascending", f"-{key}": "descending"}.get(current),
        }
        for key, label in COLUMNS
    ]
    return {
        "columns": columns,
        "filter": filterset,
        "page": page,
        "claims": page.object_list,
        "can_bulk": can_bulk,
        "assignees": _assignees() if can_bulk else [],
        "settable_statuses": [
            (value, label)
            for value, label in Claim.Status.choices
            if value in workflow.SETTABLE_STATUSES
        ],
        "bulk_report": bulk_report,
        "article_filter": filterset.form.cleaned_data.get("article")
        if filterset.is_valid()
        else None,
    }


def _assignees():
    """People who can check claims, for the bulk assign menu."""
    return users_who_can("write_verdict")


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def claim_list(request):
    context = _listing(request)
    refresh = request.htmx and not request.htmx.history_restore_request
    if refresh and request.htmx.target == "listing-results":
        return render(request, RESULTS_TEMPLATE, context)
    return render(request, "factcheck/claim_list.html", context)


@require_POST
def claim_bulk(request):
    """Assign, or change the status of, the ticked claims; each claim through the workflow."""
    if not can(request.user, "edit_claim"):
        return HttpResponseForbidden(_("You are not allowed to do this."))
    ids = [int(pk) for pk in request.POST.getlist("claims") if pk.isdigit()]
    claims = Claim.objects.filter(pk__in=ids).order_by("pk")
    action = request.POST.get("action")
    done, refused = 0, []
    assignee = None
    if action == "assign" and request.POST.get("assignee"):
        assignee = get_user_model().objects.filter(pk=request.POST["assignee"]).first()
        if assignee is None:
            refused.append(_("Choose someone to assign."))
            claims = claims.none()
    elif action not in ("assign", "status"):
        refused.append(_("Choose an action."))
        claims = claims.none()
    for claim in claims:
        try:
            if action == "assign":
                workflow.assign(claim, assignee=assignee, by=request.user)
            else:
                workflow.change_status(
                    claim,
                    status=request.POST.get("status", ""),
                    by=request.user,
                    reason=request.POST.get("reason", ""),
                )
            done += 1
        except workflow.NotAllowed as refusal:
            return HttpResponseForbidden(refusal.message)
        except workflow.Conflict as conflict:
            refused.append(f"#{claim.pk}: {conflict.message}")
    report = {"done": done, "refused": refused}
    if request.htmx:
        return render(request, RESULTS_TEMPLATE, _listing(request, bulk_report=report))
    messages.success(request, _("%(count)d claims updated.") % {"count": done})
    for message in refused:
        messages.warning(request, message)
    query = request.GET.urlencode()
    return redirect(reverse("claim_list") + (f"?{query}" if query else ""))
