"""The corrections log: every approved verdict that replaced an earlier one, and why.

A correction is a verdict with ``supersedes`` set that a reviewer approved (it may since have
been corrected in turn). It carries the date it was approved, the editor's reason, the old and
new ratings, and word diffs of the summary and of the rationale's text.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from factcheck.articles.reanchoring import DiffPart, word_diff
from factcheck.core.sanitize import html_to_text
from factcheck.models import Verdict

PUBLISHED = (Verdict.Status.APPROVED, Verdict.Status.SUPERSEDED)


def corrections() -> QuerySet:
    """Approved corrections, newest first, with what a listing of them shows."""
    return (
        Verdict.objects.filter(supersedes__isnull=False, status__in=PUBLISHED)
        .select_related(
            "rating",
            "reviewer",
            "author",
            "supersedes__rating",
            "claim__article",
            "claim__speaker",
        )
        .defer("claim__article__body", "claim__search_text")
        .order_by("-reviewed_at", "-pk")
    )


@dataclass
class Correction:
    verdict: Verdict  # the correcting verdict
    previous: Verdict  # the verdict it replaced

    @property
    def date(self):
        return self.verdict.reviewed_at

    @property
    def reason(self) -> str:
        return self.verdict.correction_reason

    @property
    def old_rating(self):
        return self.previous.rating

    @property
    def new_rating(self):
        return self.verdict.rating

    @cached_property
    def summary_diff(self) -> list[DiffPart]:
        return word_diff(self.previous.summary, self.verdict.summary)

    @cached_property
    def rationale_diff(self) -> list[DiffPart]:
        old = html_to_text(self.previous.rationale, cleaned=True)
        return word_diff(old, html_to_text(self.verdict.rationale, cleaned=True))

    @property
    def summary_changed(self) -> bool:
        return self.previous.summary != self.verdict.summary

    @property
    def rationale_changed(self) -> bool:
        return any(part.op != "equal" for part in self.rationale_diff)


def of(verdicts) -> list[Correction]:
    """The corrections among ``verdicts`` (from ``corrections()``, or a claim's verdicts all
    loaded, as the panel has them), newest first."""
    verdicts = list(verdicts)
    by_pk = {verdict.pk: verdict for verdict in verdicts}
    found = []
    for verdict in verdicts:
        if verdict.supersedes_id is None or verdict.status not in PUBLISHED:
            continue
        previous = by_pk.get(verdict.supersedes_id) or verdict.supersedes
        found.append(Correction(verdict, previous))
    found.sort(key=lambda c: (c.date is not None, c.date, c.verdict.pk), reverse=True)
    return found
