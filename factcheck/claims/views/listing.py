"""The claims list: filters, search, sort and pages in the URL; bulk actions through htmx.

The page renders ``_claim_filters.html`` and ``_claim_results.html`` (inside ``<div
id="listing-results">``), both kept between requests until a write (core/kept.py); an htmx
request aimed at that div gets the results alone. A bulk action posts to ``claim_bulk`` with the list's
query string, runs one workflow step a claim, then re-renders the same results.
"""

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import F
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import workflow
from factcheck.claims.filters import ClaimFilter
from factcheck.collab import queue
from factcheck.core import kept
from factcheck.core.paging import BoundedPaginator
from factcheck.core.permissions import can
from factcheck.models import Claim, Rating
from factcheck.workflow import rules

PAGE_SIZE = 50
# The deepest row a page reaches (page 1,000): an OFFSET that stays fast at a million claims.
# Further than that, filters narrow the list.
MAX_ROWS = 50_000
SHOWN = (
    "pk",
    "speaker",
    "article",
    "assignee",
    "quote",
    "status",
    "claimed_on",
    "claimed_precision",
    "priority",
    "due_on",
    "approved_at",
    "speaker__name",
    "article__title",
    "assignee__username",
)
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
    ("due", gettext_lazy("Due")),
]
RESULTS_TEMPLATE = "factcheck/partials/_claim_results.html"
FILTERS_TEMPLATE = "factcheck/partials/_claim_filters.html"


def _listing(request, bulk_report=None) -> dict:
    filterset = ClaimFilter(request.GET, hide_archived=True)
    label = Rating.label_field()
    claims = (
        filterset.qs.select_related("speaker", "article", "assignee")
        # Only what the table shows: sorting wide rows (search_vector above all) spills to disk.
        .only(*SHOWN)
        .annotate(
            rating_label=F(f"approved__rating__{label}"),
            rating_colour=F("approved__rating__colour"),
            overdue=queue.overdue_expression(),
        )
        .prefetch_related("tags")
    )
    # Counted without the joins the columns need (the approved verdict is at most one row a
    # claim), and only as far as the page asked for: never a million rows a request.
    paginator = BoundedPaginator(
        claims,
        PAGE_SIZE,
        page=request.GET.get("page"),
        counted=filterset.qs,
        max_rows=MAX_ROWS,
    )
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
        "assignees": rules.assignable_users() if can_bulk else [],
        "settable_statuses": [
            (value, label)
            for value, label in Claim.Status.choices
            if value in rules.SETTABLE_STATUSES
        ],
        "bulk_report": bulk_report,
        "article_filter": filterset.form.cleaned_data.get("article")
        if filterset.is_valid()
        else None,
    }


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def claim_list(request):
    """The filters and the results are kept between requests (core/kept.py): the list's
    queries run only when a claim, verdict, speaker... was written since."""
    listing = functools.cache(lambda: _listing(request))
    can_bulk = can(request.user, "edit_claim")
    results = kept.fragment(request, RESULTS_TEMPLATE, listing, can_bulk)
    refresh = request.htmx and not request.htmx.history_restore_request
    if refresh and request.htmx.target == "listing-results":
        return HttpResponse(results)
    filters = kept.fragment(request, FILTERS_TEMPLATE, listing)
    return render(request, "factcheck/claim_list.html", {"filters": filters, "results": results})


class ClaimIdsField(forms.Field):
    """The ticked claims' ids: whole numbers within a database id's range, or a form error."""

    widget = forms.MultipleHiddenInput
    biggest = 2**63 - 1

    def to_python(self, value) -> list[int]:
        ids = []
        for item in value or []:
            if not (item.isascii() and item.isdigit() and 0 < int(item) <= self.biggest):
                raise forms.ValidationError(_("Some of the ticked claims are not claims."))
            ids.append(int(item))
        return ids


class BulkForm(forms.Form):
    """What a bulk action posts: the ticked claims, the action and its one argument. Malformed
    ids or unknown users are form errors, never a server error; whether the step is allowed is
    the workflow's decision, claim by claim."""

    claims = ClaimIdsField(required=False)
    action = forms.ChoiceField(
        choices=[("assign", "assign"), ("status", "status")],
        error_messages={
            "required": gettext_lazy("Choose an action."),
            "invalid_choice": gettext_lazy("Choose an action."),
        },
    )
    assignee = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=ClaimIdsField.biggest,
        error_messages={
            "invalid": gettext_lazy("Choose someone to assign."),
            "min_value": gettext_lazy("Choose someone to assign."),
            "max_value": gettext_lazy("Choose someone to assign."),
        },
    )
    status = forms.CharField(required=False)
    reason = forms.CharField(required=False)

    def clean_assignee(self):
        """The user to assign, or None to unassign; an unknown id is an error."""
        pk = self.cleaned_data["assignee"]
        if pk is None:
            return None
        user = get_user_model().objects.filter(pk=pk).first()
        if user is None:
            raise forms.ValidationError(_("Choose someone to assign."))
        return user


@require_POST
def claim_bulk(request):
    """Assign, or change the status of, the ticked claims; each claim through the workflow."""
    if not can(request.user, "edit_claim"):
        return HttpResponseForbidden(_("You are not allowed to do this."))
    form = BulkForm(request.POST)
    done, refused = 0, []
    if form.is_valid():
        claims = Claim.objects.filter(pk__in=form.cleaned_data["claims"]).order_by("pk")
        action = form.cleaned_data["action"]
        assignee = form.cleaned_data["assignee"]
    else:
        claims, action, assignee = [], None, None
        refused = list(dict.fromkeys(str(e) for errors in form.errors.values() for e in errors))
    for claim in claims:
        try:
            if action == "assign":
                workflow.assign(claim, assignee=assignee, by=request.user)
            else:
                workflow.change_status(
                    claim,
                    status=form.cleaned_data["status"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
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
