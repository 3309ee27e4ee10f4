"""Kept counts for the dashboard, so that it never counts a million claims per request.

The database keeps them: triggers on the claims and verdicts tables (see ``desk.tallies``)
add and subtract as rows are inserted, updated or deleted, whatever wrote them (the workflow,
the admin, a bulk update, a COPY). Nothing in Python writes these rows but ``tallies.recount``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusTally(models.Model):
    """How many claims have ``status`` and are assigned to ``assignee_id`` (0: nobody)."""

    status = models.CharField(_("status"), max_length=13)
    # A plain number, not a foreign key: the trigger writes 0 for "nobody", and a deleted user's
    # claims move to 0 when their assignee is set to NULL.
    assignee_id = models.IntegerField(_("assignee"), default=0)
    claims = models.BigIntegerField(_("claims"), default=0)

    class Meta:
        verbose_name = _("claims by status")
        verbose_name_plural = _("claims by status")
        constraints = [
            models.UniqueConstraint(fields=["status", "assignee_id"], name="status_tally_key")
        ]

    def __str__(self):
        return f"{self.status} / {self.assignee_id}: {self.claims}"


class RatingTally(models.Model):
    """How many approved verdicts have the rating ``rating_id``."""

    rating_id = models.BigIntegerField(_("rating"), unique=True)
    verdicts = models.BigIntegerField(_("approved verdicts"), default=0)

    class Meta:
        verbose_name = _("approved verdicts by rating")
        verbose_name_plural = _("approved verdicts by rating")

    def __str__(self):
        return f"{self.rating_id}: {self.verdicts}"
