"""Articles: the text in which claims are marked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from factcheck.articles.canonical import body_hash, canonical_url
from factcheck.core.partial_dates import Precision, format_partial


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    ARABIC = "ar", _("Arabic")
    HEBREW = "he", _("Hebrew")


class ArticleQuerySet(models.QuerySet):
    def current(self):
        """Articles in the daily lists: every article not archived."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Article(models.Model):
    title = models.CharField(_("title"), max_length=300)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("The first day of the period when only the year or month is known."),
    )
    published_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, blank=True
    )
    body = models.TextField(_("body"))
    # SHA-256 of the white-space-normalised body (urls_canon.body_hash), kept by save():
    # finds the same text imported again.
    body_hash = models.CharField(_("body fingerprint"), max_length=64, editable=False, default="")
    origin = models.CharField(
        _("origin"),
        max_length=300,
        blank=True,
        help_text=_("Where the text came from: a file name, “pasted”, a seed."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        # Who did the work stays known: a user who imported articles is deactivated, not deleted.
        on_delete=models.PROTECT,
        related_name="imported_articles",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "An archived article is hidden from the lists but kept, with its claims, in "
            "exports and history; it can be restored."
        ),
    )

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_url_unique_when_set",
                violation_error_message=_("An article with this URL already exists."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(published_on__isnull=True, published_precision="")
                    | Q(published_on__isnull=False, published_precision__in=Precision.values)
                ),
                name="article_date_has_precision",
                violation_error_message=_("A publication date needs its precision, and only then."),
            ),
            models.CheckConstraint(
                condition=~Q(body=""),
                name="article_body_not_empty",
                violation_error_message=_("An article needs a body."),
            ),
        ]
        indexes = [
            models.Index(fields=["-imported_at"], name="article_imported_idx"),
            models.Index(fields=["body_hash"], name="article_body_hash_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        adding = self._state.adding
        self.url = canonical_url(self.url)
        self.body_hash = body_hash(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_hash"}
        super().save(*args, **kwargs)
        if adding:
            # The text as it first came in is version 1; corrections add the next ones.
            ArticleVersion.objects.create(
                article=self,
                number=1,
                body=self.body,
                origin=self.origin,
                created_by=self.imported_by,
            )

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.url = canonical_url(self.url)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def published(self) -> str:
        """The publication date at its precision: ``2023-11``."""
        return format_partial(self.published_on, self.published_precision)


class ArticleVersion(models.Model):
    """One body an article has had. Number 1 is the text as imported; a correction adds the
    next. The article's ``body`` is always its latest version's."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("body"))
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    note = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_("The outlet’s correction notice, or what the editor saw change."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="article_version_number_unique",
                violation_error_message=_("This version of the article already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(body=""),
                name="article_version_body_not_empty",
                violation_error_message=_("An article needs a body."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} (v{self.number})"

    @property
    def origin_label(self) -> str:
        """Where the text came from, as the reader says it: a paste is stored as "pasted"."""
        return _("pasted text") if self.origin == "pasted" else self.origin
