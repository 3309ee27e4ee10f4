"""How the claim views answer: the panel or one of its fragments for htmx, a redirect for a plain
POST, and refusals (403 for a forbidden step, 409 for a step that does not fit) shown inside the
panel. Each success carries a translated status message (static/factcheck/feedback.js says it)."""

from functools import wraps

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget, trigger_client_event

from factcheck import workflow
from factcheck.claims.views.panel import load_claim, panel_context
from factcheck.core import locking
from factcheck.core.permissions import can

PANEL = "factcheck/partials/_claim_panel.html"
# Fired after every change so the article page refreshes its highlighted body.
CHANGED = "claims-changed"
# Carries the sentence that says a step worked, for the page's one role="status" region.
STATUS = "factcheck:status"


def announce(response, message):
    """Tell the page, after the swap, what the step did (feedback.js shows and announces it)."""
    if message:
        trigger_client_event(response, STATUS, {"message": str(message)}, after="settle")
    return response


def panel(request, pk, *, changed=False, status=None, message=None, compare_similar=True, **forms):
    """The claim panel after a step (or with a form's errors): a fragment for htmx, else the
    claim page (a redirect after a successful plain POST)."""
    if not request.htmx and changed:
        return redirect("claim_detail", pk=pk)
    claim = load_claim(pk)
    context = panel_context(claim, request.user, compare_similar=compare_similar, **forms)
    # 422 when a form comes back with its errors, so tests and htmx tell it from a success.
    status = status or (422 if forms else 200)
    if not request.htmx:
        return render(request, "factcheck/claim_detail.html", context, status=status)
    response = render(request, PANEL, context, status=status)
    if changed:
        trigger_client_event(response, CHANGED, after="swap")
    return announce(response, message)


def fragment(request, template, context, *, oob=(), status=200, changed=False, message=None):
    """One part of the panel for htmx, with ``oob`` parts that depend on it swapped out of band
    (each marks its root ``hx-swap-oob`` when ``oob`` is set): what is typed elsewhere in the
    panel stays where it is."""
    context = {**context, "template": template, "oob_templates": oob}
    response = render(request, "factcheck/partials/_fragment.html", context, status=status)
    if changed:
        trigger_client_event(response, CHANGED, after="swap")
    return announce(response, message)


def rebased(form_class, request, stale: locking.StaleEdit, **kwargs):
    """The form as the person filled it in, now based on the row's current version: what they
    typed stays on screen, and saving again is a deliberate choice to replace the other edit."""
    data = request.POST.copy()
    data["version"] = stale.current.version if stale.current is not None else 0
    return form_class(data, **kwargs)


def refusal(request, error: workflow.WorkflowError):
    """403 for NotAllowed, 409 for Conflict (and a quote not found): the message, in the panel's
    alert slot for htmx, as text otherwise."""
    status = 403 if isinstance(error, workflow.NotAllowed) else 409
    if not request.htmx:
        return HttpResponse(error.message, status=status, content_type="text/plain; charset=utf-8")
    response = render(
        request, "factcheck/partials/_alert.html", {"message": error.message}, status=status
    )
    return reswap(retarget(response, "#panel-alert"), "innerHTML")


def requires(action: str):
    """Refuse (403) before reading any form when the user's role lacks ``action``; the workflow
    function then checks the finer rules (own verdict, current state)."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not can(request.user, action):
                return refusal(request, workflow.NotAllowed(_("You are not allowed to do this.")))
            return view(request, *args, **kwargs)

        return checked

    return decorator
