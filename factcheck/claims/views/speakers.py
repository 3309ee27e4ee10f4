"""The speakers page: every speaker with their claim count, and one speaker's page where an
editor corrects their kind, description and aliases."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from factcheck import workflow
from factcheck.claims import speakers
from factcheck.claims.forms import SpeakerForm
from factcheck.models import Speaker
from factcheck.workflow import rules

SPEAKERS_PER_PAGE = 50


@require_GET
@vary_on_headers("HX-Request")
def speaker_list(request):
    search = request.GET.get("q", "").replace("\x00", "").strip()
    found = Speaker.objects.annotate(claim_count=Count("claims")).order_by("name", "pk")
    if search:
        found = found.filter(Q(name__icontains=search) | Q(aliases__icontains=search))
    page = Paginator(found, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "nav_section": "speakers"}
    if request.htmx.target == "listing-results" and not request.htmx.history_restore_request:
        return render(request, "factcheck/partials/_speaker_list_results.html", context)
    return render(request, "factcheck/speaker_list.html", context)


@require_http_methods(["GET", "POST"])
def speaker_detail(request, pk):
    speaker = get_object_or_404(Speaker.objects.annotate(claim_count=Count("claims")), pk=pk)
    may_edit = rules.edit_speaker(request.user) is None
    form, status = None, 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("You are not allowed to do this."))
        form = SpeakerForm(request.POST)
        if form.is_valid():
            try:
                speakers.edit_speaker(speaker, by=request.user, **form.cleaned_data)
            except workflow.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                return redirect("speaker_detail", pk=speaker.pk)
        status = 422
    elif may_edit:
        form = SpeakerForm(instance=speaker)
    context = {
        "speaker": speaker,
        "form": form,
        "history": speakers.speaker_history(speaker),
        "claims": speaker.claims.select_related("article").order_by("-created_at", "-pk")[:20],
        "nav_section": "speakers",
    }
    return render(request, "factcheck/speaker_detail.html", context, status=status)
