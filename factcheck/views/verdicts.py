"""The verdict steps of the claim panel: write, submit, approve, send back, correct, and the
sources, added, edited and removed in place. Each POST calls one domain function."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import locking, sources, workflow
from ..models import Claim, Source, Verdict
from ..verdict_forms import CorrectionForm, SendBackForm, SourceEditForm, SourceForm, VerdictForm
from .responses import panel, rebased, refusal, requires

SOURCE_ROW = "factcheck/partials/_source_row.html"


@require_POST
@requires("write_verdict")
def verdict_save(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, verdict_form=form)
    fields = dict(form.cleaned_data)
    expected = fields.pop("version")
    try:
        workflow.save_verdict(claim, by=request.user, expected=expected, **fields)
    except locking.StaleEdit as stale:
        form = rebased(VerdictForm, request, stale)
        return panel(request, pk, status=409, verdict_form=form, verdict_stale=stale)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_POST
@requires("write_verdict")
def correction_start(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return panel(request, pk, correction_form=form)
    try:
        workflow.start_correction(claim, by=request.user, reason=form.cleaned_data["reason"])
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


def _verdict_step(request, pk, step, **arguments):
    verdict = get_object_or_404(Verdict, pk=pk)
    try:
        step(verdict, **arguments)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, verdict.claim_id, changed=True)


@require_POST
@requires("write_verdict")
def verdict_submit(request, pk):
    return _verdict_step(request, pk, workflow.submit, by=request.user)


@require_POST
@requires("review_verdict")
def verdict_approve(request, pk):
    return _verdict_step(request, pk, workflow.approve, reviewer=request.user)


@require_POST
@requires("review_verdict")
def verdict_send_back(request, pk):
    form = SendBackForm(request.POST)
    if not form.is_valid():
        verdict = get_object_or_404(Verdict, pk=pk)
        return panel(request, verdict.claim_id, send_back_form=form)
    return _verdict_step(
        request, pk, workflow.send_back, reviewer=request.user, comment=form.cleaned_data["comment"]
    )


@require_POST
@requires("edit_sources")
def source_add(request, pk):
    verdict = get_object_or_404(Verdict, pk=pk)
    form = SourceForm(request.POST)
    if not form.is_valid():
        return panel(request, verdict.claim_id, source_form=form)
    try:
        sources.add_source(verdict, by=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, verdict.claim_id, changed=True)


@require_http_methods(["GET", "POST"])
@requires("edit_sources")
def source_edit(request, pk):
    """GET: the row as a form, in place. POST: save it and show the row again."""
    source = get_object_or_404(Source.objects.select_related("verdict"), pk=pk)
    if request.method == "GET":
        if not sources.may_edit_sources(source.verdict, request.user):
            return refusal(request, workflow.NotAllowed(_("You cannot change this source now.")))
        form = SourceEditForm(instance=source)
    else:
        form = SourceEditForm(request.POST, instance=source)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            expected = fields.pop("version")
            try:
                sources.update_source(source, by=request.user, expected=expected, **fields)
            except locking.StaleEdit as stale:
                # The row shows the form as typed, with what is saved now; nothing overwritten.
                saved = stale.current or source
                form = rebased(SourceEditForm, request, stale, instance=saved)
                context = {"source": saved, "form": form, "can_edit_sources": True, "stale": stale}
                return render(request, SOURCE_ROW, context, status=409)
            except workflow.WorkflowError as error:
                return refusal(request, error)
            if not request.htmx:
                return panel(request, source.verdict.claim_id, changed=True)
            form = None
    context = {"source": source, "form": form, "can_edit_sources": True}
    return render(request, SOURCE_ROW, context, status=422 if form and form.errors else 200)


@require_POST
@requires("edit_sources")
def source_delete(request, pk):
    source = get_object_or_404(Source.objects.select_related("verdict"), pk=pk)
    try:
        sources.remove_source(source, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, source.verdict.claim_id, changed=True)
