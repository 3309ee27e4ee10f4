"""TEMPORARY stand-ins for pages another branch builds; the lead deletes this module on merge."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import Article


@require_GET
def article_detail(request, pk):
    """The bare article, so the import page has a page to land on until the real one merges."""
    article = get_object_or_404(Article, pk=pk)
    return render(request, "factcheck/article_detail_placeholder.html", {"article": article})
