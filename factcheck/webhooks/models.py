"""Webhook endpoints, the deliveries of each event to each endpoint, and every attempt made."""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.core.validators import validate_web_url


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(32)


class Event(models.TextChoices):
    APPROVED = "verdict.approved", _("verdict approved")
    CORRECTED = "verdict.corrected", _("verdict corrected")


class WebhookEndpoint(models.Model):
    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[validate_web_url],
        help_text=_("Where the events are posted (http or https)."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept as it is: the desk signs with it. Generated here, readable by administrators only.
    secret = models.CharField(_("secret"), max_length=80, default=new_secret, editable=False)
    wants_approved = models.BooleanField(_("verdict approved"), default=True)
    wants_corrected = models.BooleanField(_("verdict corrected"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description or self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent at every attempt, and where it stands."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    # Kept when the endpoint is deleted (the log stays); its pending work then stops.
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    url = models.URLField(_("URL"), max_length=500)
    event_id = models.UUIDField(_("event id"), db_index=True)
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    claim = models.ForeignKey(
        "factcheck.Claim",
        verbose_name=_("claim"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("payload"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.url}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"
