"""The articles list, the import page, archiving and restoring an article."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck.articles.forms import ArticleImportForm
from factcheck.articles.services import (
    DuplicateArticle,
    archive_article,
    create_article,
    restore_article,
)
from factcheck.core.permissions import can
from factcheck.desk import queries
from factcheck.intake.forms import UrlImportForm
from factcheck.models import Article
from factcheck.workflow import NotAllowed

ARTICLES_PER_PAGE = 25


@require_GET
@vary_on_headers("HX-Request")
def article_list(request):
    search = request.GET.get("q", "").strip()
    archived = request.GET.get("archived") == "1"
    articles = queries.articles_with_claim_counts(search, archived=archived)
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    for article in page:
        article.status_counts = queries.status_counts(article)
    context = {
        "page": page,
        "search": search,
        "archived": archived,
        "can_import": can(request.user, "import_article"),
    }
    # An htmx search refreshes only the results; a history restore needs the whole page.
    if request.htmx.target == "listing-results" and not request.htmx.history_restore_request:
        return render(request, "factcheck/partials/_article_results.html", context)
    return render(request, "factcheck/article_list.html", context)


@require_http_methods(["GET", "POST"])
def article_import(request):
    if not can(request.user, "import_article"):
        raise PermissionDenied(_("You are not allowed to import articles."))
    if request.method == "GET":
        context = {"form": ArticleImportForm(), "url_form": UrlImportForm()}
        return render(request, "factcheck/article_import.html", context)
    form = ArticleImportForm(request.POST, request.FILES)
    duplicate = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            article = create_article(
                parsed=data["parsed"],
                outlet=data["outlet"],
                url=data["url"],
                language=data["language"],
                origin=data["origin"],
                by=request.user,
                allow_duplicate_body=data["import_anyway"],
            )
        except ValidationError as error:
            if isinstance(error, DuplicateArticle):
                duplicate = error
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Article imported: %(title)s") % {"title": article.title})
            return redirect(article)
    context = {"form": form, "duplicate": duplicate, "url_form": UrlImportForm()}
    return render(request, "factcheck/article_import.html", context)


@require_POST
def article_archive(request, pk):
    """Hide the article and its claims from the lists (never deleted: restorable)."""
    article = get_object_or_404(Article, pk=pk)
    try:
        archive_article(article, by=request.user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    messages.success(request, _("Article archived: it is hidden from the lists."))
    return redirect(article)


@require_POST
def article_restore(request, pk):
    article = get_object_or_404(Article, pk=pk)
    try:
        restore_article(article, by=request.user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    messages.success(request, _("Article restored: it is back in the lists."))
    return redirect(article)
