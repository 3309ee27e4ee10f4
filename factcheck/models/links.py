"""Typed links between claims: a reaction to another statement, a repeat, a contradiction."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .claims import Claim


class ClaimLink(models.Model):
    """``claim`` <relation> ``target``: "the White House's reaction responds to Musk's reply".

    A link reads from the claim it was made on; the target shows it the other way round
    (``Relation.inverse_label``). Suggestions of similar claims are not stored: only a link an
    editor confirmed is a ClaimLink."""

    class Relation(models.TextChoices):
        RESPONDS_TO = "responds_to", _("responds to")
        REPEATS = "repeats", _("repeats")
        CONTRADICTS = "contradicts", _("contradicts")
        CONTEXT_FOR = "context_for", _("gives context for")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="links_out"
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    target = models.ForeignKey(
        Claim, verbose_name=_("linked claim"), on_delete=models.CASCADE, related_name="links_in"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "target"],
                name="one_link_per_pair",
                violation_error_message=_("These two claims are already linked."),
            ),
            models.CheckConstraint(
                condition=~Q(claim=F("target")),
                name="link_to_another_claim",
                violation_error_message=_("A claim cannot be linked to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_relation_display()} {self.target}"


INVERSE_LABELS = {
    ClaimLink.Relation.RESPONDS_TO: _("answered by"),
    ClaimLink.Relation.REPEATS: _("repeated by"),
    ClaimLink.Relation.CONTRADICTS: _("contradicted by"),
    ClaimLink.Relation.CONTEXT_FOR: _("given context by"),
}
