"""Correcting an article's metadata (title, outlet, URL, publication date, language) from the
article page; the body changes only through a new version of the text (body_versions.py)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from factcheck.core import locking
from factcheck.core.validators import validate_web_url
from factcheck.models import Article
from factcheck.workflow import enforce, rules

# The metadata fields, in the order the form shows them; the version check reads updated_at.
FIELDS = ("title", "outlet", "url", "published_on", "published_precision", "language")


def edited_at(article) -> str:
    """The token an edit form carries: the article's last save, to the microsecond."""
    return article.updated_at.isoformat()


def edit_article_metadata(
    article, *, by, title: str, outlet: str, url: str, published, language: str, expected: str
) -> Article:
    """Write the article's metadata if nobody saved it since ``expected`` (``edited_at`` when the
    form was opened), else raise ``locking.StaleEdit``; ``ValidationError`` keyed by field for
    a value that does not fit (a URL another article has, a title left empty…)."""
    enforce(rules.edit_article(by))
    typed = {
        "title": " ".join(title.split()),
        "outlet": " ".join(outlet.split()),
        "url": url.strip(),
        "published_on": published.date if published else None,
        "published_precision": published.precision if published else "",
        "language": language,
    }
    if typed["url"]:
        try:
            validate_web_url(typed["url"])
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from None
    try:
        with transaction.atomic():
            current = Article.objects.select_for_update().get(pk=article.pk)
            if edited_at(current) != expected:
                raise locking.StaleEdit(current, typed, expected)
            for name, value in typed.items():
                setattr(current, name, value)
            current.full_clean(exclude=["body"], validate_constraints=False)
            if (
                typed["url"]
                and Article.objects.filter(url=typed["url"]).exclude(pk=current.pk).exists()
            ):
                raise _duplicate_url(typed["url"])
            current._history_user = by
            current.save(update_fields=[*FIELDS, "updated_at"])
    except IntegrityError:
        # The same URL saved at the same moment on another article: the constraint decided.
        raise _duplicate_url(typed["url"]) from None
    return current


def _duplicate_url(url: str) -> ValidationError:
    return ValidationError(
        {"url": _("An article with this URL already exists: %(url)s") % {"url": url}}
    )
