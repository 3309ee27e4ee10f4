"""Writing articles: one new Article from a parsed text and what the desk knows about it.

The import page and the ``import_article`` command both call ``create_article``, so a pasted
text, an uploaded file and a file on the command line follow the same rules.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.articles.canonical import body_hash, canonical_url
from factcheck.articles.importing import ParsedArticle
from factcheck.core.validators import validate_web_url
from factcheck.models import Article
from factcheck.workflow import enforce, rules


class DuplicateArticle(ValidationError):
    """The article is already there: ``existing`` is it; ``field`` is "url" or "text"."""

    def __init__(self, message: str, *, existing: Article, field: str):
        super().__init__({field: message}, code=f"duplicate_{field}")
        self.existing = existing
        self.field = field


def _duplicate_url_error(url: str) -> DuplicateArticle:
    existing = Article.objects.filter(url=url).first()
    return DuplicateArticle(
        _("An article with this URL already exists: %(url)s") % {"url": url},
        existing=existing,
        field="url",
    )


def _duplicate_body_error(existing: Article) -> DuplicateArticle:
    return DuplicateArticle(
        _("The same text is already imported, as article %(id)d: “%(title)s”.")
        % {"id": existing.pk, "title": existing.title},
        existing=existing,
        field="text",
    )


def create_article(
    *,
    parsed: ParsedArticle,
    outlet: str = "",
    url: str = "",
    language: str = "fr",
    origin: str = "",
    by=None,
    allow_duplicate_body: bool = False,
) -> Article:
    """Save ``parsed`` as a new article, whole or not at all.

    ``by`` is the user importing it (None for a command run by the operator). Raises
    ``ValidationError`` keyed by field (``url``, ``language``, ``title``...) when the metadata
    does not fit, ``DuplicateArticle`` when its URL (in canonical form) or its text (white
    space aside) is already imported (the text only unless ``allow_duplicate_body``), and
    ``workflow.NotAllowed`` when ``by`` may not import.
    """
    if by is not None:
        enforce(rules.import_article(by))
    url = canonical_url(url)
    if url:
        try:
            validate_web_url(url)
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from None
    article = Article(
        title=parsed.title,
        body=parsed.body,
        outlet=" ".join(outlet.split()),
        url=url,
        language=language,
        published_on=parsed.published.date if parsed.published else None,
        published_precision=parsed.published.precision if parsed.published else "",
        origin=origin[:300],
        imported_by=by,
    )
    # Field checks only: the unique URL is checked below, by name, so it lands on the URL field.
    article.full_clean(validate_constraints=False)
    if url and Article.objects.filter(url=url).exists():
        raise _duplicate_url_error(url)
    if not allow_duplicate_body:
        same_text = Article.objects.filter(body_hash=body_hash(parsed.body)).order_by("pk").first()
        if same_text is not None:
            raise _duplicate_body_error(same_text)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Two imports of the same URL at once: the database constraint decides, same message.
        if url and Article.objects.filter(url=url).exists():
            raise _duplicate_url_error(url) from None
        raise
    return article


def archive_article(article, *, by) -> Article:
    """Hide an article from the daily lists, with its claims; it is never deleted once it has
    claims (they stay in exports and history), and ``restore_article`` brings it back."""
    enforce(rules.archive_article(by))
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.archived_at is None:
            article.archived_at = timezone.now()
            article._history_user = by
            article.save(update_fields=["archived_at", "updated_at"])
    return article


def restore_article(article, *, by) -> Article:
    """Bring an archived article back into the lists."""
    enforce(rules.archive_article(by))
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.archived_at is not None:
            article.archived_at = None
            article._history_user = by
            article.save(update_fields=["archived_at", "updated_at"])
    return article
