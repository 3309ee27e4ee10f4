"""Delivering a webhook: events become one delivery per endpoint that wants them, each attempt
is a task on the queue, logged as a row, and retried with backoff.

A 2xx answer delivers. A network error, a timeout, 408, 429 and any 5xx are retried after
``RETRY_DELAYS`` (1 min, 5 min, 30 min, 2 h, 12 h: six attempts in all), then the delivery has
failed. Any other answer (3xx, since redirects are not followed, and 4xx) is final: the endpoint
refused these bytes and would refuse them again; so is an address the desk may not post to.
An administrator redelivers from the admin site, at any time. A deleted or deactivated endpoint cancels its
pending deliveries when their next attempt comes.
"""

import datetime
import json
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck.exports.exporting import claimreview_for
from factcheck.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from factcheck.webhooks import sending, signing
from factcheck.webhooks.models import Event, new_secret

RETRY_DELAYS = (60, 300, 1800, 7200, 43200)  # seconds before attempts 2, 3, 4, 5, 6
RETRIED_STATUSES = {408, 429}

State = WebhookDelivery.State


def _iso(moment) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


def payload(event: str, *, event_id: uuid.UUID, claim, verdict) -> dict:
    """What every endpoint receives for ``event``: the claim, the verdict and its ClaimReview."""
    base = settings.SITE_URL
    article = claim.article
    reviewer = verdict.reviewer
    rating = verdict.rating
    return {
        "id": str(event_id),
        "type": event,
        "occurred_at": _iso(verdict.reviewed_at or timezone.now()),
        "claim": {
            "id": claim.pk,
            "url": base + claim.get_absolute_url(),
            "quote": claim.quote,
            "claim_reviewed": claim.claim_reviewed,
            "speaker": claim.speaker.name if claim.speaker_id else None,
            "article_url": article.url or base + article.get_absolute_url(),
        },
        "verdict": {
            "id": verdict.pk,
            "rating": {
                "code": rating.slug,
                "value": rating.value,
                "label_en": rating.label_en,
                "label_fr": rating.label_fr,
            }
            if rating
            else None,
            "summary": verdict.summary,
            "reviewer": (reviewer.get_full_name() or reviewer.get_username()) if reviewer else None,
            "reviewed_at": _iso(verdict.reviewed_at),
            "supersedes": verdict.supersedes_id,
            "correction_reason": verdict.correction_reason,
        },
        "claimreview": claimreview_for(claim.pk, base_url=base),
    }


def announce(event: str, *, claim, verdict) -> list[WebhookDelivery]:
    """One delivery of ``event`` per active endpoint that wants it, its first attempt queued in
    the same transaction (nothing is sent here: the desk never waits for an endpoint)."""
    field = "wants_corrected" if event == Event.CORRECTED else "wants_approved"
    endpoints = list(WebhookEndpoint.objects.filter(active=True, **{field: True}))
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    body = json.dumps(
        payload(event, event_id=event_id, claim=claim, verdict=verdict), ensure_ascii=False
    )
    with transaction.atomic():
        made = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                endpoint=endpoint,
                url=endpoint.url,
                event_id=event_id,
                event=event,
                claim=claim,
                body=body,
                next_attempt_at=timezone.now(),
            )
            for endpoint in endpoints
        )
        for delivery in made:
            _queue(delivery, number=1)
    return made


def rotate_secrets(*, endpoints) -> list[WebhookEndpoint]:
    """A new secret for each endpoint: the old one stops signing at once."""
    rotated = []
    with transaction.atomic():
        for endpoint in endpoints.select_for_update():
            endpoint.secret = new_secret()
            endpoint.save(update_fields=["secret"])
            rotated.append(endpoint)
    return rotated


def _queue(delivery: WebhookDelivery, *, number: int, at=None) -> None:
    from factcheck.webhooks.tasks import deliver

    task = deliver.using(run_after=at) if at is not None else deliver
    task.enqueue(delivery.pk, number)


def attempt(delivery_id: int, number: int) -> str:
    """Attempt ``number`` of the delivery: post it, log the attempt, then deliver, fail or
    queue the next attempt. A stale task (the delivery moved on, or is taken by another
    worker) does nothing. Returns the delivery's state."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=State.PENDING, attempts=number - 1
    ).update(attempts=F("attempts") + 1)
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    if not claimed:
        return delivery.state
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=State.CANCELLED, next_attempt_at=None, attempts=number - 1
        )
        return State.CANCELLED
    body = delivery.body.encode("utf-8")
    started_at = timezone.now()
    timestamp = str(int(started_at.timestamp()))
    sent = sending.post(
        endpoint.url,
        body,
        {
            "X-Factcheck-Event": delivery.event,
            "X-Factcheck-Delivery": str(delivery.delivery_id),
            "X-Factcheck-Timestamp": timestamp,
            "X-Factcheck-Signature": signing.sign(endpoint.secret, timestamp, body),
        },
    )
    return _record(delivery, number, started_at, sent, url=endpoint.url)


def _record(delivery, number, started_at, sent: sending.Sent, *, url: str) -> str:
    succeeded = sent.status is not None and 200 <= sent.status < 300
    retry = not succeeded and not sent.final
    if sent.status is not None and not succeeded:
        retry = sent.status in RETRIED_STATUSES or sent.status >= 500
    next_at = None
    if retry and number <= len(RETRY_DELAYS):
        next_at = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[number - 1])
    state = State.DELIVERED if succeeded else State.PENDING if next_at else State.FAILED
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=sent.duration_ms,
            status_code=sent.status,
            response_excerpt=sent.excerpt,
            error=sent.error,
            succeeded=succeeded,
            next_attempt_at=next_at,
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            url=url,  # where it went last: the administrator may have fixed the endpoint's URL
            state=state,
            next_attempt_at=next_at,
            delivered_at=timezone.now() if succeeded else delivery.delivered_at,
        )
        if next_at is not None:
            _queue(delivery, number=number + 1, at=next_at)
    return state


def redeliver(*, deliveries) -> int:
    """Send the chosen deliveries again, now: the attempts go on numbering and the event id
    stays the same for the receiver. A pending one is sent now instead of at its next attempt
    (whose task then finds itself stale), which also frees one whose worker died mid-attempt."""
    count = 0
    chosen = WebhookDelivery.objects.filter(pk__in=deliveries.values("pk"))
    with transaction.atomic():
        for delivery in chosen.select_for_update():
            delivery.state = State.PENDING
            delivery.next_attempt_at = timezone.now()
            delivery.save(update_fields=["state", "next_attempt_at"])
            _queue(delivery, number=delivery.attempts + 1)
            count += 1
    return count
