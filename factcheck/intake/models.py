"""The desk's own copies of what it read on the web.

One ``Snapshot`` per fetch: the page an article was imported from (kept with the article's first
version) or a source behind a verdict (fetched in the background when the source is added or its
address changes; a failed fetch can be tried again, each try a new row). It lives in the intake
area, beside the fetcher that fills it, rather than next to sources: articles and sources both
have one, and neither area needs to know how it is made.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factcheck.intake.fetching import reason_text


class Snapshot(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("being fetched")
        DONE = "done", _("kept")
        FAILED = "failed", _("could not be fetched")

    url = models.CharField(_("address asked"), max_length=2000)
    source = models.ForeignKey(
        "factcheck.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        # A draft's source removed takes its copies; a published source is never deleted.
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    article_version = models.OneToOneField(
        "factcheck.ArticleVersion",
        verbose_name=_("article version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshot",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    final_url = models.CharField(_("address read"), max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    text = models.TextField(_("text extracted"), blank=True)
    raw = models.BinaryField(_("raw bytes"), blank=True, default=b"")
    truncated = models.BooleanField(_("cut at the size limit"), default=False)
    sha256 = models.CharField(_("SHA-256 of the raw bytes"), max_length=64, blank=True)
    # Why the fetch failed: the fetcher's sentence in English (its msgid) and its values, so
    # each reader sees it in their own language (``reason``).
    error = models.CharField(_("why the fetch failed"), max_length=500, blank=True)
    error_params = models.JSONField(_("values in the reason"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | (Q(fetched_at__isnull=False) & ~Q(sha256="")),
                name="snapshot_done_has_time_and_hash",
                violation_error_message=_("A kept copy needs its fetch time and SHA-256."),
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""),
                name="snapshot_failure_has_reason",
                violation_error_message=_("A failed fetch needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("snapshot_detail", args=[self.pk])

    @property
    def reason(self) -> str:
        return reason_text(self.error, self.error_params) if self.error else ""

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE
