"""Correcting an article's title, outlet, URL, publication date and language."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from factcheck import workflow
from factcheck.articles.forms import ArticleMetadataForm
from factcheck.articles.metadata import edit_article_metadata, edited_at
from factcheck.core import locking
from factcheck.core.permissions import can
from factcheck.models import Article

TEMPLATE = "factcheck/article_edit.html"


@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    if not can(request.user, "edit_article"):
        raise PermissionDenied(_("You are not allowed to do this."))
    article = get_object_or_404(Article, pk=pk)
    if request.method == "GET":
        form = ArticleMetadataForm.of(article, edited_at(article))
        return render(request, TEMPLATE, {"article": article, "form": form})
    form = ArticleMetadataForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"article": article, "form": form}, status=422)
    data = form.cleaned_data
    try:
        edit_article_metadata(
            article,
            by=request.user,
            title=data["title"],
            outlet=data["outlet"],
            url=data["url"],
            published=data["published"],
            language=data["language"],
            expected=data["version"],
        )
    except locking.StaleEdit as stale:
        # What was typed stays; saving again replaces the other edit, knowingly.
        data = request.POST.copy()
        data["version"] = edited_at(stale.current)
        context = {"article": stale.current, "form": ArticleMetadataForm(data), "stale": stale}
        return render(request, TEMPLATE, context, status=409)
    except workflow.NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return render(request, TEMPLATE, {"article": article, "form": form}, status=422)
    return redirect("article_detail", pk=article.pk)
