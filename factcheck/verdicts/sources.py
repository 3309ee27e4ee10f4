"""Sources behind a verdict: added, edited and removed while the verdict is being written.

A source belongs to its verdict's text: once the verdict is submitted or approved its sources
are frozen with it (a correction copies them into a new draft).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.core import locking
from factcheck.core.permissions import can
from factcheck.models import Source, Verdict
from factcheck.workflow import Conflict, NotAllowed


def may_edit_sources(verdict, user) -> bool:
    return (
        can(user, "edit_sources")
        and verdict.status in (Verdict.Status.DRAFT, Verdict.Status.SENT_BACK)
        and (verdict.author_id == user.pk or user.is_superuser)
    )


def _check(verdict, by) -> None:
    if not can(by, "edit_sources"):
        raise NotAllowed(_("You are not allowed to do this."))
    if verdict.author_id != by.pk and not by.is_superuser:
        raise NotAllowed(_("Only the verdict’s author can change its sources."))
    if verdict.status not in (Verdict.Status.DRAFT, Verdict.Status.SENT_BACK):
        raise Conflict(_("This verdict is not a draft any more; its sources cannot change."))


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
