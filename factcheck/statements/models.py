"""What the desk decided about a proposed statement without making it a claim: dismissed.

Proposals themselves are not stored: the finder recomputes them from the body, so they follow
every correction of the text. An accepted proposal is a claim like any other."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from factcheck.articles.models import Article


class DismissedStatement(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="dismissed_statements",
    )
    # The words as proposed: a dismissal hides every proposal of the same words in the article,
    # wherever a corrected body moves them.
    quote = models.TextField(_("quote"))
    start_offset = models.PositiveIntegerField(_("start"))
    end_offset = models.PositiveIntegerField(_("end"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed statement")
        verbose_name_plural = _("dismissed statements")
        ordering = ["article", "start_offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start_offset", "end_offset"],
                name="dismissed_statement_once",
            ),
            models.CheckConstraint(
                condition=Q(start_offset__lt=F("end_offset")),
                name="dismissed_statement_offsets_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]
