"""A claim's notes in its panel: add a note, follow or unfollow the claim, and the mention
autocomplete. Each POST calls one function of factcheck.collab.notes and answers with the notes
section (and the history out of band) for htmx, or a redirect to the claim page."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import workflow
from factcheck.claims.views.responses import announce, fragment, panel, refusal, requires
from factcheck.collab import notes
from factcheck.collab.forms import NoteForm
from factcheck.collab.views.context import notes_context
from factcheck.models import Claim
from factcheck.verdicts import history

NOTES = "factcheck/partials/_claim_notes.html"
FOLLOW = "factcheck/partials/_claim_follow.html"
HISTORY = "factcheck/partials/_history.html"
MENTION_LIMIT = 10


def _notes(request, claim, *, status=200, message=None, **forms):
    """The notes section for htmx (what is typed elsewhere in the panel stays), else the claim
    page: a redirect after a success, the page with the form's errors after a refusal."""
    if not request.htmx:
        if status == 200:
            return redirect("claim_detail", pk=claim.pk)
        return panel(request, claim.pk, status=status, **forms)
    context = {"claim": claim, **notes_context(claim, request.user), **forms}
    oob = []
    if status == 200:
        context["history"] = history.claim_history(claim)
        oob = [HISTORY]
    return fragment(request, NOTES, context, oob=oob, status=status, message=message)


@require_POST
@requires("write_note")
def note_add(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _notes(request, claim, status=422, note_form=form)
    try:
        note = notes.write_note(claim, by=request.user, body=form.cleaned_data["body"])
    except notes.InvalidNote as error:
        form.add_error("body", error.message)
        return _notes(request, claim, status=422, note_form=form)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    mentioned = [user.get_username() for user in note.mentions.all()]
    message = _("Note added.")
    if mentioned:
        message = _("Note added; told %(names)s.") % {"names": ", ".join(mentioned)}
    return _notes(request, claim, message=message)


@require_POST
@requires("view")
def claim_follow(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    following = request.POST.get("follow") != "off"
    if following:
        notes.follow(claim, user=request.user)
        message = _("You follow this claim: its changes will be in your notifications.")
    else:
        notes.unfollow(claim, user=request.user)
        message = _("You no longer follow this claim.")
    if not request.htmx:
        return redirect("claim_detail", pk=claim.pk)
    response = render(request, FOLLOW, {"claim": claim, "following": following})
    return announce(response, message)


@require_GET
@vary_on_headers("HX-Request")
def mention_search(request):
    """People whose user name starts with what follows the @ being typed."""
    prefix = request.GET.get("q", "")[:150]
    people = notes.mention_candidates(prefix, limit=MENTION_LIMIT)
    return render(request, "factcheck/partials/_mention_options.html", {"people": people})
