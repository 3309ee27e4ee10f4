"""What the workflow tells the rest of the desk once a step has committed: one signal, sent
after the transaction commits (a rolled-back step announces nothing), to receivers that may fail
without undoing or blocking the step (notifications, webhooks)."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# sender: one of the event names below; keyword arguments: claim, by (who took the step),
# verdict (or None), assignee (for ASSIGNED), corrected (for APPROVED: it superseded a verdict).
claim_event = Signal()

ASSIGNED = "assigned"
SUBMITTED = "submitted"
APPROVED = "approved"
SENT_BACK = "sent_back"
STATUS_CHANGED = "status_changed"


def announce(event: str, *, claim, by, verdict=None, **extra) -> None:
    """Send ``event`` once the current transaction commits (at once outside one)."""

    def send():
        for receiver, outcome in claim_event.send_robust(
            sender=event, claim=claim, by=by, verdict=verdict, **extra
        ):
            if isinstance(outcome, Exception):
                logger.error(
                    "receiver %r failed on %s for claim %s",
                    receiver,
                    event,
                    claim.pk,
                    exc_info=(type(outcome), outcome, outcome.__traceback__),
                )

    transaction.on_commit(send, robust=True)
