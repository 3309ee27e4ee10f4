"""The webhooks' ear on the workflow: an approved verdict becomes ``verdict.approved``, or
``verdict.corrected`` when it superseded an earlier one."""

from factcheck.webhooks import delivery
from factcheck.webhooks.models import Event
from factcheck.workflow import events


def on_claim_event(sender, *, claim, by, verdict=None, corrected=False, **extra) -> None:
    if sender != events.APPROVED or verdict is None:
        return
    event = Event.CORRECTED if corrected else Event.APPROVED
    delivery.announce(event, claim=claim, verdict=verdict)


def connect_signals() -> None:
    events.claim_event.connect(on_claim_event, dispatch_uid="webhooks")
