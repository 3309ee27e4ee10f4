"""The exports: the claims CSV and schema.org ClaimReview JSON-LD, streamed. Viewers may export."""

from django.http import (
    Http404,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_GET

from factcheck.claims.filters import ClaimFilter
from factcheck.core.db_timeouts import export_statement_timeout
from factcheck.exports import exporting


def base_url(request) -> str:
    """Scheme and host the request came to: absolute links point back to this site."""
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def claims_csv(request):
    try:
        claims = exporting.claims_to_export(request.GET)
    except exporting.InvalidFilters as invalid:
        return HttpResponseBadRequest(invalid.errors.as_text(), content_type="text/plain")
    layout = request.GET.get("layout") or "default"
    if layout not in exporting.LAYOUTS:
        return HttpResponseBadRequest(
            f"layout: choose one of {', '.join(exporting.LAYOUTS)}.", content_type="text/plain"
        )
    chunks = exporting.csv_chunks(
        claims,
        base_url=base_url(request),
        excel=request.GET.get("excel") == "1",
        layout=layout,
    )
    response = StreamingHttpResponse(
        export_statement_timeout(chunks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporting.export_filename()}"'
    return response


@require_GET
def claimreview_list(request):
    filterset = ClaimFilter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(filterset.errors.as_text(), content_type="text/plain")
    reviews = exporting.claimreviews(filterset.qs, base_url=base_url(request))
    return StreamingHttpResponse(
        export_statement_timeout(exporting.json_array_chunks(reviews)),
        content_type="application/ld+json; charset=utf-8",
    )


@require_GET
def claimreview_detail(request, pk):
    review = exporting.claimreview_for(pk, base_url=base_url(request))
    if review is None:
        raise Http404("This claim has no approved verdict.")
    return JsonResponse(
        review,
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
