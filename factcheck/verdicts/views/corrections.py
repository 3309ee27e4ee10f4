"""The corrections log: approved verdicts that replaced earlier ones, filterable by date."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from factcheck.claims.filters import CorrectionFilter
from factcheck.verdicts import corrections

CORRECTIONS_PER_PAGE = 25


@require_GET
@vary_on_headers("HX-Request")
def correction_list(request):
    filterset = CorrectionFilter(request.GET, queryset=corrections.corrections())
    page = Paginator(filterset.qs, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "corrections": corrections.of(page)}
    # Filtering refreshes the results only; a history restore needs the whole page.
    if request.htmx.target == "listing-results" and not request.htmx.history_restore_request:
        return render(request, "factcheck/partials/_correction_results.html", context)
    return render(request, "factcheck/correction_list.html", context)
