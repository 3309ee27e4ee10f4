"""The desk's queue: a claim's priority and due date, and the claims waiting for someone, due
first (overdue ones at the top), then the most pressing."""

import datetime

from django.db import transaction
from django.db.models import BooleanField, Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.core.permissions import can
from factcheck.models import Claim
from factcheck.workflow import Conflict, NotAllowed

# Claims that still need work from the person they are assigned to.
OPEN = (Claim.Status.NEW, Claim.Status.IN_PROGRESS)
# A due date this far back is a typing slip, not a plan.
LONGEST_PAST = datetime.timedelta(days=366)
LONGEST_AHEAD = datetime.timedelta(days=366 * 5)

QUEUE_ORDER = (
    F("due_on").asc(nulls_last=True),
    F("priority").desc(nulls_last=True),
    "pk",
)


def today() -> datetime.date:
    return timezone.localdate()


def check_due_on(due_on: datetime.date | None) -> None:
    if due_on is None:
        return
    if not today() - LONGEST_PAST <= due_on <= today() + LONGEST_AHEAD:
        raise Conflict(
            _("A due date must fall between a year ago and five years from now; %(date)s does not.")
            % {"date": due_on.isoformat()}
        )


def set_deadline(claim, *, by, priority: int | None, due_on: datetime.date | None) -> Claim:
    """Give the claim a priority and a due date (None: none); in its history like any edit."""
    if not can(by, "edit_claim"):
        raise NotAllowed(_("You are not allowed to do this."))
    if priority is not None and priority not in Claim.Priority.values:
        raise Conflict(_("Choose a priority from the list."))
    check_due_on(due_on)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status == Claim.Status.WITHDRAWN:
            raise Conflict(_("This claim is withdrawn; restore it first."))
        if (claim.priority, claim.due_on) == (priority, due_on):
            return claim
        claim.priority, claim.due_on = priority, due_on
        claim._history_user = by
        claim.save(update_fields=["priority", "due_on", "updated_at"])
    return claim


def queue_of(user, *, limit: int | None = None):
    """The claims assigned to ``user`` that need work, in queue order."""
    claims = (
        Claim.objects.filter(assignee=user, status__in=OPEN)
        .select_related("article", "speaker")
        .annotate(overdue=overdue_expression())
        .order_by(*QUEUE_ORDER)
    )
    return claims[:limit] if limit else claims


# Claims whose due date can still be missed.
STILL_DUE = (Claim.Status.NEW, Claim.Status.IN_PROGRESS, Claim.Status.IN_REVIEW)


def filter_due(claims, value: str):
    """The claims list's "due" filter: overdue, due within a week, with or without a date."""
    day = today()
    if value == "overdue":
        return claims.filter(due_on__lt=day, status__in=STILL_DUE)
    if value == "week":
        return claims.filter(
            due_on__gte=day, due_on__lte=day + datetime.timedelta(days=7), status__in=STILL_DUE
        )
    if value == "set":
        return claims.filter(due_on__isnull=False)
    if value == "none":
        return claims.filter(due_on__isnull=True)
    return claims


def overdue_expression():
    """True for a claim that is past its due date and still needs work (for annotations)."""
    return Case(
        When(due_on__lt=today(), status__in=STILL_DUE, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def is_overdue(claim, *, on: datetime.date | None = None) -> bool:
    return claim.due_on is not None and claim.due_on < (on or today()) and claim.status in STILL_DUE
