"""The "Statements found" list of the article page, and its Accept and Dismiss buttons: each
POST calls one step of factcheck.statements.services, then the list is rendered again (htmx)
or the article page is shown again (a plain POST)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from factcheck import workflow
from factcheck.articles.body_versions import latest_number
from factcheck.claims.views.responses import CHANGED, announce
from factcheck.core.permissions import can
from factcheck.models import Article
from factcheck.statements import services
from factcheck.statements.forms import ProposalForm

LIST = "factcheck/partials/_statements.html"


def _list(request, article, *, status=200, error=None):
    context = {
        "article": article,
        "proposals": services.proposals_for(article),
        "body_version": latest_number(article),
        "can_mark": can(request.user, "mark_claim"),
        "error": error,
    }
    return render(request, LIST, context, status=status)


@require_GET
def statement_list(request, pk):
    """The proposals of the article, as the fragment the article page loads into its side
    column (the same fragment without htmx, like the highlighted body's)."""
    return _list(request, get_object_or_404(Article, pk=pk))


def _step(request, pk, step, message):
    article = get_object_or_404(Article, pk=pk)
    if not can(request.user, "mark_claim"):
        # Checked before the form is read; the step checks again.
        return _list(request, article, status=403, error=_("You are not allowed to do this."))
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _list(request, article, status=422, error=form.error_message())
    data = form.cleaned_data
    arguments = {"article": article, "by": request.user, "start": data["start"], "end": data["end"]}
    if step is services.accept:
        arguments["body_version"] = data["body_version"]
    try:
        step(**arguments)
    except workflow.WorkflowError as error:
        status = 403 if isinstance(error, workflow.NotAllowed) else 409
        return _list(request, article, status=status, error=error.message)
    if not request.htmx:
        return redirect(f"{article.get_absolute_url()}?statements=1")
    response = _list(request, article)
    if step is services.accept:
        # The highlighted body listens for this on <body> and reloads with the new claim.
        trigger_client_event(response, CHANGED, after="swap")
    return announce(response, message)


@require_POST
def statement_accept(request, pk):
    return _step(request, pk, services.accept, _("Statement marked as a claim."))


@require_POST
def statement_dismiss(request, pk):
    return _step(request, pk, services.dismiss, _("Statement dismissed."))
