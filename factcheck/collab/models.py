"""Notes on claims, who follows a claim, and what each person is told (notifications and their
per-kind switches)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Claim


class ClaimNote(models.Model):
    """A message in a claim's thread: the desk's own discussion, never exported. The body is
    HTML cleaned by factcheck.core.sanitize, like a verdict's rationale."""

    # A note is people's work: it goes only with its claim, which is never deleted.
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="claim_notes",
    )
    body = models.TextField(_("note"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        blank=True,
        related_name="mentioned_in_notes",
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="note_body_not_empty")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.claim_id}"


class ClaimFollow(models.Model):
    """Someone who wants to hear about every change of a claim."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="followed_claims",
    )
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed claim")
        verbose_name_plural = _("followed claims")
        constraints = [
            models.UniqueConstraint(fields=["user", "claim"], name="follow_a_claim_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.claim_id}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("a claim is assigned to me")
    SENT_BACK = "sent_back", _("my verdict is sent back")
    APPROVED = "approved", _("my verdict is approved")
    REVIEW = "review", _("a verdict waits for my review")
    MENTIONED = "mentioned", _("someone mentions me in a note")
    FOLLOWED = "followed", _("a claim I follow changes")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.ForeignKey(
        ClaimNote,
        verbose_name=_("note"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.claim_id}"

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.claim_id])


class NotificationSetting(models.Model):
    """One person's choice for one kind of notification; without a row, the kind is shown in
    the workbench and not e-mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    enabled = models.BooleanField(_("in the workbench"), default=True)
    email = models.BooleanField(_("by e-mail"), default=False)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind}"
