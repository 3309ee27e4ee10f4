"""Importing an article from its address: fetch and show the extraction, then save it as the
editor corrected it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factcheck.articles.forms import ArticleImportForm
from factcheck.articles.services import DuplicateArticle
from factcheck.core.permissions import can
from factcheck.intake import services
from factcheck.intake.extraction import NothingExtracted
from factcheck.intake.fetching import FetchRefused
from factcheck.intake.forms import FetchedArticleForm, UrlImportForm, snapshot_token
from factcheck.workflow import NotAllowed

REVIEW = "factcheck/article_fetched.html"


def _check(request) -> None:
    if not can(request.user, "import_article"):
        raise PermissionDenied(_("You are not allowed to import articles."))


@require_POST
def article_import_url(request):
    """Fetch the page and show what was read, for the editor to correct before saving."""
    _check(request)
    form = UrlImportForm(request.POST)
    if form.is_valid():
        try:
            page = services.fetch_article_page(form.cleaned_data["address"], by=request.user)
        except services.AlreadyOnDesk as known:
            messages.info(request, str(known))
            return redirect(known.article)
        except (FetchRefused, NothingExtracted) as refusal:
            form.add_error("address", str(refusal))
        else:
            found = page.extraction
            review = FetchedArticleForm(
                initial={
                    "snapshot": snapshot_token(page.snapshot),
                    "title": found.title,
                    "published": str(found.published) if found.published else "",
                    "outlet": found.outlet,
                    "url": found.canonical_url,
                    "language": found.language,
                    "text": found.text,
                }
            )
            context = {"form": review, "snapshot": page.snapshot, "extraction": found}
            return render(request, REVIEW, context)
    context = {"form": ArticleImportForm(), "url_form": form}
    return render(request, "factcheck/article_import.html", context, status=422)


@require_POST
def article_import_fetched(request):
    """Save the fetched page's text as the editor confirmed it."""
    _check(request)
    form = FetchedArticleForm(request.POST)
    duplicate = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            article = services.import_fetched(
                snapshot=data["snapshot"],
                parsed=form.parsed(),
                outlet=data["outlet"],
                url=data["url"],
                language=data["language"],
                by=request.user,
                allow_duplicate_body=data["import_anyway"],
            )
        except NotAllowed as refusal:
            form.add_error(None, refusal.message)
        except ValidationError as error:
            if isinstance(error, DuplicateArticle):
                duplicate = error
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Article imported: %(title)s") % {"title": article.title})
            return redirect(article)
    snapshot = form.cleaned_data.get("snapshot") if hasattr(form, "cleaned_data") else None
    context = {"form": form, "snapshot": snapshot, "duplicate": duplicate}
    return render(request, REVIEW, context, status=422)
