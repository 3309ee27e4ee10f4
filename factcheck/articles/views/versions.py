"""Article corrections: the "new version of the text" page with its report, the versions list,
one version with its word diff, and acknowledging a claim's changed quote."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck import workflow
from factcheck.articles import body_versions
from factcheck.articles.forms import BodyReplaceForm
from factcheck.claims.views.responses import panel, refusal, requires
from factcheck.models import Article, ArticleVersion, Claim, Snapshot
from factcheck.workflow import rules

REPORT_KEY = "version-report-%d"


@require_http_methods(["GET", "POST"])
def article_replace(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if rules.replace_body(request.user) is not None:
        raise PermissionDenied(_("You are not allowed to replace an article’s text."))
    context = {"article": article, "latest": body_versions.latest_number(article)}
    if request.method == "GET":
        context["form"] = BodyReplaceForm(initial={"base": context["latest"]})
        return render(request, "factcheck/versions/replace.html", context)
    form = context["form"] = BodyReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "factcheck/versions/replace.html", context, status=422)
    data = form.cleaned_data
    try:
        report = body_versions.replace_body(
            article,
            body=data["body"],
            by=request.user,
            note=data["note"],
            origin=data["origin"],
            expected=data["base"],
        )
    except body_versions.StaleVersion as stale:
        # What the editor typed stays; the form now starts from the newer version, so saving
        # again is a deliberate choice to replace it.
        typed = request.POST.copy()
        typed["base"] = stale.latest
        if data["origin"] != "pasted":  # a browser cannot send the file again: show its text
            typed["text"] = data["body"]
        form = context["form"] = BodyReplaceForm(typed)
        form.is_valid()
        form.add_error(None, stale.message)
        context["latest"] = stale.latest
        return render(request, "factcheck/versions/replace.html", context, status=409)
    except workflow.NotAllowed as error:
        raise PermissionDenied(error.message) from None
    except workflow.Conflict as error:
        form.add_error("file" if data["origin"] != "pasted" else "text", error.message)
        return render(request, "factcheck/versions/replace.html", context, status=422)
    # The report survives the redirect in the session; a reload of the page then shows the
    # version without it, and never sends the text again.
    request.session[REPORT_KEY % article.pk] = body_versions.report_summary(report)
    return redirect("article_version", pk=article.pk, number=report.version.number)


@require_GET
def article_versions(request, pk):
    article = get_object_or_404(Article, pk=pk)
    context = {
        "article": article,
        "versions": body_versions.article_versions(article),
        "can_replace_body": rules.replace_body(request.user) is None,
    }
    return render(request, "factcheck/versions/list.html", context)


@require_GET
def article_version(request, pk, number):
    version = get_object_or_404(
        ArticleVersion.objects.select_related("article", "created_by"), article_id=pk, number=number
    )
    previous = (
        ArticleVersion.objects.filter(article_id=pk, number__lt=number).order_by("-number").first()
    )
    summary = request.session.get(REPORT_KEY % version.article_id)
    report = None
    if summary is not None and summary["number"] == version.number:
        del request.session[REPORT_KEY % version.article_id]
        report = body_versions.report_from_summary(summary, version)
    context = {
        "report": report,
        "article": version.article,
        "version": version,
        "previous": previous,
        "diff": body_versions.body_diff(previous.body, version.body) if previous else None,
        "paragraphs": body_versions.body_paragraphs(version.body),
        # The page this version was read from, when it came from the web.
        "snapshot": Snapshot.objects.defer("raw", "text").filter(article_version=version).first(),
        "is_current": not ArticleVersion.objects.filter(article_id=pk, number__gt=number).exists(),
    }
    return render(request, "factcheck/versions/detail.html", context)


@require_POST
@requires("edit_claim")
def claim_acknowledge_quote(request, pk):
    """The editor accepts the claim's new words: the "quote changed" flag goes."""
    claim = get_object_or_404(Claim, pk=pk)
    try:
        body_versions.acknowledge_quote_change(claim, by=request.user)
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)
