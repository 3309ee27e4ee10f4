"""Other desks' published fact-checks (ExternalReview) and the desk's claims that repeat them
(ExternalLink)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalReview(models.Model):
    """One ClaimReview published by another fact-checker, as its feed gave it; ``url`` names it,
    so importing it again updates this row."""

    url = models.CharField(_("address"), max_length=2000, unique=True)
    publisher = models.CharField(_("publisher"), max_length=300)
    claim_reviewed = models.TextField(_("claim reviewed"))
    claimant = models.CharField(_("said by"), max_length=300, blank=True)
    rating = models.CharField(_("rating"), max_length=300, blank=True)
    rating_value = models.FloatField(_("rating value"), null=True, blank=True)
    best_rating = models.FloatField(_("best rating"), null=True, blank=True)
    worst_rating = models.FloatField(_("worst rating"), null=True, blank=True)
    reviewed_on = models.DateField(_("review date"))
    language = models.CharField(_("language"), max_length=12)
    appearances = models.JSONField(_("appearances"), default=list, blank=True)
    # Derived (external.matching): the folded text searched and the word keys matched on.
    search_text = models.TextField(default="", editable=False)
    match_keys = models.TextField(default="", editable=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("external fact-check")
        verbose_name_plural = _("external fact-checks")
        ordering = ["-reviewed_on", "-pk"]
        permissions = [("import_external_reviews", _("Can import other desks’ fact-checks"))]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.claim_reviewed[:80]}"


class ExternalLink(models.Model):
    """``claim`` repeats what ``external_review`` checked."""

    class Relation(models.TextChoices):
        REPEATS = "repeats", _("repeats")

    claim = models.ForeignKey(
        "factcheck.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="external_links",
    )
    external_review = models.ForeignKey(
        ExternalReview,
        verbose_name=_("external fact-check"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    relation = models.CharField(
        _("relation"), max_length=12, choices=Relation.choices, default=Relation.REPEATS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("link to an external fact-check")
        verbose_name_plural = _("links to external fact-checks")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "external_review"], name="one_external_link_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} {self.relation} {self.external_review_id}"
