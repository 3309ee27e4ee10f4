"""The verdict steps of the claim panel: write, submit, approve, send back, correct, and the
sources, added, edited and removed in place. Each POST calls one domain function.

Saving the verdict (its button or the autosave) answers with its save status and the form's
next version only; a source step answers with the sources block; both refresh the workflow
actions and the history out of band. Steps that change the claim's status answer with the
whole panel."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from factcheck import workflow
from factcheck.claims.views.panel import load_claim, verdict_context
from factcheck.claims.views.responses import fragment, panel, rebased, refusal, requires
from factcheck.core import locking
from factcheck.models import Claim, Source, Verdict
from factcheck.verdicts import history, sources
from factcheck.verdicts.forms import (
    CorrectionForm,
    SendBackForm,
    SourceEditForm,
    SourceForm,
    VerdictForm,
)
from factcheck.workflow import rules

SOURCE_ROW = "factcheck/partials/_source_row.html"
SOURCES = "factcheck/partials/_sources.html"
SAVED = "factcheck/partials/_verdict_saved.html"
ACTIONS = "factcheck/partials/_verdict_actions.html"
OPEN = "factcheck/partials/_verdict_open.html"
HISTORY = "factcheck/partials/_history.html"


def _verdict_part(request, claim_pk, **extra) -> dict:
    claim = load_claim(claim_pk)
    context = verdict_context(claim, request.user)
    context["history"] = history.claim_history(claim)
    return {**context, **extra}


def _in_save_status(claim, response):
    # Submit sends the verdict form along but targets the panel: why the draft was not saved
    # goes beside the form, which stays as typed.
    return reswap(retarget(response, f"#verdict-save-status-{claim.pk}"), "innerHTML")


def _save_draft(request, claim):
    """Save the verdict form posted with the request: (the verdict, None) when saved, else
    (None, the answer that says why not: the form's errors, a stale version, a refusal), with
    the typed text kept."""
    form = VerdictForm(request.POST)
    if not form.is_valid():
        if not request.htmx:
            return None, panel(request, claim.pk, verdict_form=form)
        errors = [error for errors in form.errors.values() for error in errors]
        context = {"errors": errors, "version": None}
        return None, _in_save_status(claim, fragment(request, SAVED, context, status=422))
    fields = dict(form.cleaned_data)
    expected = fields.pop("version")
    try:
        verdict = workflow.save_verdict(claim, by=request.user, expected=expected, **fields)
    except locking.StaleEdit as stale:
        form = rebased(VerdictForm, request, stale)
        if not request.htmx:
            return None, panel(
                request, claim.pk, status=409, verdict_form=form, verdict_stale=stale
            )
        # The next deliberate save replaces the other edit; the text stays as typed.
        context = {"stale": stale, "version": form.data["version"]}
        return None, _in_save_status(claim, fragment(request, SAVED, context, status=409))
    except workflow.WorkflowError as error:
        return None, refusal(request, error)
    return verdict, None


@require_POST
@requires("write_verdict")
def verdict_save(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    verdict, refused = _save_draft(request, claim)
    if refused is not None:
        return refused
    if not request.htmx:
        return panel(request, pk, changed=True)
    context = _verdict_part(request, pk)
    context.update(version=verdict.version, saved_at=verdict.updated_at)
    # The first save creates the verdict: its sources and actions appear beside the form.
    created = request.POST.get("version") in (None, "", "0")
    oob = [OPEN, "factcheck/partials/_claim_status.html"] if created else [ACTIONS]
    # An autosave shows its time in the form; a deliberate save is announced too.
    message = None if request.headers.get("X-Autosave") else _("Verdict saved.")
    return fragment(request, SAVED, context, oob=[*oob, HISTORY], changed=created, message=message)


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
    return panel(request, pk, changed=True, message=_("Correction started."))


def _verdict_step(request, pk, step, message, **arguments):
    verdict = get_object_or_404(Verdict, pk=pk)
    try:
        step(verdict, **arguments)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, verdict.claim_id, changed=True, message=message)


@require_POST
@requires("write_verdict")
def verdict_submit(request, pk):
    """Submit the verdict; the panel sends the open verdict form along, saved first (under its
    version check) so that nothing typed since the last save is lost or left out."""
    if "version" in request.POST:
        verdict = get_object_or_404(Verdict.objects.select_related("claim"), pk=pk)
        refused = _save_draft(request, verdict.claim)[1]
        if refused is not None:
            return refused
    return _verdict_step(request, pk, workflow.submit, _("Submitted for review."), by=request.user)


@require_POST
@requires("review_verdict")
def verdict_approve(request, pk):
    return _verdict_step(request, pk, workflow.approve, _("Approved."), reviewer=request.user)


@require_POST
@requires("review_verdict")
def verdict_send_back(request, pk):
    form = SendBackForm(request.POST)
    if not form.is_valid():
        verdict = get_object_or_404(Verdict, pk=pk)
        return panel(request, verdict.claim_id, send_back_form=form)
    return _verdict_step(
        request,
        pk,
        workflow.send_back,
        _("Sent back to its author."),
        reviewer=request.user,
        comment=form.cleaned_data["comment"],
    )


@require_POST
@requires("edit_sources")
def source_add(request, pk):
    verdict = get_object_or_404(Verdict, pk=pk)
    form = SourceForm(request.POST)
    if not form.is_valid():
        if not request.htmx:
            return panel(request, verdict.claim_id, source_form=form)
        context = _verdict_part(request, verdict.claim_id, source_form=form)
        return fragment(request, SOURCES, context, status=422)
    try:
        sources.add_source(verdict, by=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return _sources_changed(request, verdict.claim_id, _("Source added."))


def _sources_changed(request, claim_pk, message):
    if not request.htmx:
        return panel(request, claim_pk, changed=True)
    context = _verdict_part(request, claim_pk)
    return fragment(request, SOURCES, context, oob=[ACTIONS, HISTORY], message=message)


@require_http_methods(["GET", "POST"])
@requires("edit_sources")
def source_edit(request, pk):
    """GET: the row as a form, in place. POST: save it and show the row again."""
    source = get_object_or_404(Source.objects.select_related("verdict"), pk=pk)
    if request.method == "GET":
        if rules.edit_sources(request.user, source.verdict) is not None:
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
            # The row alone, and what depends on it (the evidence list) out of band.
            context = _verdict_part(request, source.verdict.claim_id, form=None)
            context["source"] = source
            return fragment(
                request, SOURCE_ROW, context, oob=[ACTIONS, HISTORY], message=_("Source saved.")
            )
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
    return _sources_changed(request, source.verdict.claim_id, _("Source removed."))
