"""The desk's copies of pages: one read in full, its raw bytes, and a source's copy in the
claim panel (shown, polled while it is being fetched, fetched again after a failure)."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from factcheck import workflow
from factcheck.claims.views.responses import refusal, requires
from factcheck.intake import services
from factcheck.models import Snapshot, Source

ROW = "factcheck/partials/_source_snapshot.html"


@require_GET
def snapshot_detail(request, pk):
    snapshot = get_object_or_404(
        Snapshot.objects.defer("raw").select_related("source", "article_version__article"),
        pk=pk,
    )
    return render(request, "factcheck/snapshot_detail.html", {"snapshot": snapshot})


@require_GET
def snapshot_raw(request, pk):
    """The bytes as fetched, as a download: never rendered as a page of this site."""
    snapshot = get_object_or_404(Snapshot.objects.only("raw", "state"), pk=pk, state="done")
    response = HttpResponse(bytes(snapshot.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="snapshot-{snapshot.pk}.bin"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _source(pk) -> Source:
    copies = Prefetch("snapshots", queryset=Snapshot.objects.defer("raw", "text"))
    return get_object_or_404(Source.objects.prefetch_related(copies), pk=pk)


def _row(request, source):
    return render(request, ROW, {"source": source})


@require_GET
def source_snapshot(request, pk):
    """The source's copy as the panel shows it; polled while the fetch is on its way."""
    return _row(request, _source(pk))


@require_POST
@requires("edit_sources")
def source_snapshot_retry(request, pk):
    try:
        services.retry_snapshot(get_object_or_404(Source, pk=pk), by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return _row(request, _source(pk))
