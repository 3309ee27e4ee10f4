"""Sources behind a verdict: added, edited and removed while the verdict is being written.

A source belongs to its verdict's text: once the verdict is submitted or approved its sources
are frozen with it (a correction copies them into a new draft).
"""

from django.db import transaction

from factcheck.core import locking
from factcheck.models import Source, Verdict
from factcheck.workflow import enforce, rules


def _check(verdict, by) -> None:
    enforce(rules.edit_sources(by, verdict))


def _locked(verdict) -> Verdict:
    return Verdict.objects.select_for_update().get(pk=verdict.pk)


def add_source(verdict, *, by, **fields) -> Source:
    with transaction.atomic():
        verdict = _locked(verdict)
        _check(verdict, by)
        return Source.objects.create(verdict=verdict, added_by=by, **fields)


def update_source(source, *, by, expected: int | None = None, **fields) -> Source:
    """Change a source; ``expected`` is the version its form was opened on."""
    with transaction.atomic():
        _check(_locked(source.verdict), by)
        return locking.update_if_current(source, expected=expected, by=by, **fields)


def remove_source(source, *, by) -> None:
    with transaction.atomic():
        _check(_locked(source.verdict), by)
        source.delete()
