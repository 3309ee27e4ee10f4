"""Webhooks end to end: a verdict approved (or corrected) on the desk reaches a CMS stub (a real
HTTP server on 127.0.0.1) through the database task queue and a real worker, signed; retries,
timeouts, refusals and the admin pages."""

import datetime
import hashlib
import hmac
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck import workflow
from factcheck.models import Claim, Rating, Verdict, WebhookDelivery, WebhookEndpoint
from factcheck.webhooks import signing
from factcheck.webhooks.delivery import RETRY_DELAYS
from factcheck.workflow import events
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory, VerdictFactory
from tests.reviewed import musk_article
from tests.webhooks.stub import serving

pytestmark = pytest.mark.django_db(transaction=True)

QUOTE = "Tu as dit l’exacte vérité"
CLAIM_REVIEWED = "Les personnes juives encouragent la « haine contre les Blancs » 🔥\u00a0!"
SUMMARY = "Aucune donnée n’étaye ce message ; c’est un cliché antisémite 🙅‍♀️."
State = WebhookDelivery.State


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def time_passes():
    """The queued retries become due, as if their delay had passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.fixture
def stub(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_TIMEOUT = 0.5
    settings.SITE_URL = "https://desk.example.org"
    with serving() as stub:
        yield stub


@pytest.fixture
def people(db):
    return (
        UserFactory(username="auteur", role="editor"),
        UserFactory(username="relecteur", first_name="Zoé", last_name="Ångström", role="reviewer"),
    )


def submitted(author) -> Verdict:
    """The seed's claim, its verdict in review, like the desk's first example."""
    claim = ClaimFactory(
        article=musk_article(),
        quote=QUOTE,
        speaker=SpeakerFactory(name="Elon Musk"),
        claim_reviewed=CLAIM_REVIEWED,
        status=Claim.Status.IN_REVIEW,
    )
    verdict = VerdictFactory(
        claim=claim, author=author, summary=SUMMARY, status=Verdict.Status.SUBMITTED, sourced=True
    )
    # The sources' copies would be fetched from the internet by the same worker: not here.
    DBTaskResult.objects.all().delete()
    return verdict


def endpoint(url, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, description="CMS « Le Quotidien »", **fields)


def correct(claim, *, author, reviewer) -> Verdict:
    correction = workflow.start_correction(claim, by=author, reason="Chiffre erroné : l’ADL dit…")
    workflow.save_verdict(claim, by=author, rating=Rating.objects.get(slug="misleading"))
    workflow.submit(correction, by=author)
    return workflow.approve(correction, reviewer=reviewer)


def test_an_approval_reaches_the_cms_signed_with_french_text_intact(stub, people):
    author, reviewer = people
    hook = endpoint(stub.url)
    verdict = submitted(author)

    workflow.approve(verdict, reviewer=reviewer)
    assert stub.received == []  # queued, not sent by the approval
    run_worker()

    [request] = stub.received
    headers = request.headers
    assert request.path == "/hooks/factcheck"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-Factcheck-Event"] == "verdict.approved"
    assert signing.verify(
        hook.secret,
        headers["X-Factcheck-Timestamp"],
        request.body,
        headers["X-Factcheck-Signature"],
    )
    # As the README tells a receiver, without the desk's code.
    mac = hmac.new(
        hook.secret.encode(),
        headers["X-Factcheck-Timestamp"].encode() + b"." + request.body,
        hashlib.sha256,
    )
    assert headers["X-Factcheck-Signature"] == "sha256=" + mac.hexdigest()
    assert abs(int(headers["X-Factcheck-Timestamp"]) - time.time()) < 60
    # The bytes themselves carry the French text, UTF-8, not \u escapes.
    assert CLAIM_REVIEWED.encode() in request.body and SUMMARY.encode() in request.body
    event = json.loads(request.body.decode("utf-8"))
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Factcheck-Delivery"] == str(delivery.delivery_id)
    assert event["id"] == str(delivery.event_id) and event["type"] == "verdict.approved"
    claim = verdict.claim
    assert event["claim"] == {
        "id": claim.pk,
        "url": f"https://desk.example.org/claims/{claim.pk}/",
        "quote": QUOTE,
        "claim_reviewed": CLAIM_REVIEWED,
        "speaker": "Elon Musk",
        "article_url": "https://journal.example.fr/2023/11/musk-herzog",
    }
    assert event["verdict"]["id"] == verdict.pk
    assert event["verdict"]["summary"] == SUMMARY
    assert event["verdict"]["rating"]["label_fr"] == "Faux"
    assert event["verdict"]["reviewer"] == "Zoé Ångström"
    assert event["occurred_at"] == event["verdict"]["reviewed_at"]
    review = event["claimreview"]
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == CLAIM_REVIEWED
    assert review["url"] == event["claim"]["url"]
    assert delivery.state == State.DELIVERED and delivery.attempts == 1
    [attempt] = delivery.attempt_log.all()
    assert attempt.succeeded and attempt.status_code == 200
    assert attempt.response_excerpt == "réponse 200 ✓" and attempt.next_attempt_at is None


def test_the_signature_fails_with_a_wrong_secret_a_changed_body_or_an_old_timestamp(stub, people):
    author, reviewer = people
    hook = endpoint(stub.url)
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    [request] = stub.received
    timestamp = request.headers["X-Factcheck-Timestamp"]
    signature = request.headers["X-Factcheck-Signature"]
    assert signing.verify(hook.secret, timestamp, request.body, signature)
    assert not signing.verify("whsec_other", timestamp, request.body, signature)
    assert not signing.verify(hook.secret, timestamp, request.body + b" ", signature)
    assert not signing.verify(hook.secret, timestamp, request.body, signature.upper())
    later = int(timestamp) + 301
    assert not signing.verify(hook.secret, timestamp, request.body, signature, now=later)
    assert signing.verify(hook.secret, timestamp, request.body, signature, now=later - 2)
    for junk in ("", "abc", "١٢٣", "12\x00", "-5", None):
        assert not signing.verify(hook.secret, junk, request.body, signature)
    for junk in ("", "sha256=é🙂", "\x00", None):
        assert not signing.verify(hook.secret, timestamp, request.body, junk)


def test_a_correction_is_announced_as_corrected(stub, people):
    author, reviewer = people
    endpoint(stub.url)
    verdict = submitted(author)
    workflow.approve(verdict, reviewer=reviewer)
    correction = correct(verdict.claim, author=author, reviewer=reviewer)
    run_worker()

    events_sent = [json.loads(r.body) for r in stub.received]
    assert sorted(e["type"] for e in events_sent) == ["verdict.approved", "verdict.corrected"]
    corrected = next(e for e in events_sent if e["type"] == "verdict.corrected")
    assert corrected["verdict"]["id"] == correction.pk
    assert corrected["verdict"]["supersedes"] == verdict.pk
    assert corrected["verdict"]["rating"]["code"] == "misleading"
    assert corrected["claimreview"]["correction"][0]["text"].startswith("Chiffre erroné : l’ADL")
    assert len({e["id"] for e in events_sent}) == 2


def test_an_endpoint_gets_only_the_events_it_wants_and_an_inactive_one_nothing(stub, people):
    author, reviewer = people
    with serving() as other, serving() as off:
        approvals_only = endpoint(other.url, wants_corrected=False)
        inactive = endpoint(off.url, active=False)
        endpoint(stub.url)
        verdict = submitted(author)
        workflow.approve(verdict, reviewer=reviewer)
        correct(verdict.claim, author=author, reviewer=reviewer)
        run_worker()
        assert [r.headers["X-Factcheck-Event"] for r in other.received] == ["verdict.approved"]
        assert off.received == []
        assert len(stub.received) == 2
    assert approvals_only.deliveries.count() == 1
    assert not inactive.deliveries.exists()  # not even queued


def test_a_500_is_retried_later_and_the_second_attempt_delivers(stub, people):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(500, 0), (200, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    before = timezone.now()
    run_worker()

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.PENDING and delivery.attempts == 1
    first = delivery.attempt_log.get()
    assert first.status_code == 500 and not first.succeeded
    assert first.response_excerpt == "réponse 500 ✓"
    wait = first.next_attempt_at - before
    assert datetime.timedelta(seconds=RETRY_DELAYS[0] - 5) < wait
    assert wait < datetime.timedelta(seconds=RETRY_DELAYS[0] + 30)
    assert delivery.next_attempt_at == first.next_attempt_at
    run_worker()  # not due yet: nothing is sent
    assert len(stub.received) == 1

    time_passes()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED and delivery.attempts == 2
    second = delivery.attempt_log.get(number=2)
    assert second.succeeded and second.status_code == 200
    # The same event, signed again at its own time.
    assert stub.received[0].body == stub.received[1].body
    assert delivery.attempt_log.get(number=2).succeeded


def test_a_fixed_url_and_a_new_secret_apply_to_the_next_attempt(
    stub, people, client_for, admin_user
):
    author, reviewer = people
    hook = endpoint(stub.url.replace("/hooks/", "/typo/"))
    stub.script = [(503, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    old_secret = hook.secret
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:factcheck_webhookendpoint_changelist"),
        {"action": "rotate_secrets", "_selected_action": [hook.pk]},
        follow=True,
    )
    hook.refresh_from_db()
    assert hook.secret != old_secret and hook.secret in response.content.decode()
    hook.url = stub.url
    hook.save()
    time_passes()
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.DELIVERED and delivery.url == stub.url
    late = stub.received[1]
    assert late.path == "/hooks/factcheck"
    args = (late.headers["X-Factcheck-Timestamp"], late.body, late.headers["X-Factcheck-Signature"])
    assert signing.verify(hook.secret, *args) and not signing.verify(old_secret, *args)
    assert stub.received[0].headers["X-Factcheck-Delivery"] == str(delivery.delivery_id)


def test_a_timeout_is_logged_and_retried_and_the_approval_never_waits(stub, people):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(200, 2)]  # answers after the desk gave up
    verdict = submitted(author)
    started = time.monotonic()
    workflow.approve(verdict, reviewer=reviewer)
    assert time.monotonic() - started < 0.5
    run_worker()

    delivery = WebhookDelivery.objects.get()
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and "0.5" in attempt.error
    assert 400 <= attempt.duration_ms < 1900
    assert delivery.state == State.PENDING and attempt.next_attempt_at is not None
    time_passes()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED and delivery.attempts == 2


def test_a_delivery_fails_after_the_last_retry(stub, people):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(503, 0)] * 10
    workflow.approve(submitted(author), reviewer=reviewer)
    for _ in range(len(RETRY_DELAYS) + 2):
        time_passes()
        run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.FAILED and delivery.attempts == len(RETRY_DELAYS) + 1
    assert delivery.attempt_log.last().next_attempt_at is None
    assert len(stub.received) == len(RETRY_DELAYS) + 1


@pytest.mark.parametrize("status", [400, 404, 410])
def test_a_client_error_is_final(stub, people, status):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(status, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    time_passes()
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.FAILED and delivery.attempts == 1
    assert len(stub.received) == 1


@pytest.mark.parametrize("status", [408, 429])
def test_too_busy_is_retried(stub, people, status):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(status, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    assert WebhookDelivery.objects.get().state == State.PENDING


def test_a_private_address_is_refused_unless_allowed(stub, people, settings):
    author, reviewer = people
    settings.WEBHOOK_ALLOWED_HOSTS = []
    endpoint(stub.url)
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert stub.received == []
    assert delivery.state == State.FAILED  # final: retrying would be refused again
    assert "127.0.0.1" in delivery.attempt_log.get().error


def test_a_deleted_or_deactivated_endpoint_stops_its_pending_deliveries(stub, people):
    author, reviewer = people
    with serving() as other:
        gone = endpoint(stub.url)
        paused = endpoint(other.url)
        workflow.approve(submitted(author), reviewer=reviewer)
        gone.delete()
        paused.active = False
        paused.save()
        run_worker()
        assert stub.received == [] and other.received == []
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {State.CANCELLED}
    assert WebhookDelivery.objects.filter(attempts=0).count() == 2  # the log stays


def test_a_failing_receiver_neither_breaks_the_approval_nor_the_webhook(stub, people):
    author, reviewer = people
    endpoint(stub.url)

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    events.claim_event.connect(broken, dispatch_uid="broken-test-receiver")
    try:
        verdict = workflow.approve(submitted(author), reviewer=reviewer)
    finally:
        events.claim_event.disconnect(dispatch_uid="broken-test-receiver")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED
    run_worker()
    assert len(stub.received) == 1


def test_a_rolled_back_approval_sends_nothing(stub, people):
    from django.db import transaction

    author, reviewer = people
    endpoint(stub.url)
    verdict = submitted(author)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.approve(verdict, reviewer=reviewer)
        raise RuntimeError("rolled back")
    assert WebhookDelivery.objects.count() == 0
    assert not DBTaskResult.objects.filter(task_path__contains="webhooks").exists()


def test_an_administrator_redelivers_from_the_admin(stub, people, client_for, admin_user):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(404, 0), (200, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.FAILED
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:factcheck_webhookdelivery_changelist"),
        {"action": "redeliver_selected", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 delivery queued again." in response.content.decode()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED and delivery.attempts == 2
    assert stub.received[0].body == stub.received[1].body


def test_a_doubled_or_stale_task_sends_nothing_more(stub, people):
    from factcheck.webhooks.tasks import deliver

    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(500, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    delivery = WebhookDelivery.objects.get()
    deliver.enqueue(delivery.pk, 1)  # the same attempt queued twice
    deliver.enqueue(delivery.pk, 7)  # an attempt from nowhere
    run_worker()
    assert len(stub.received) == 1
    delivery.refresh_from_db()
    assert delivery.state == State.PENDING and delivery.attempts == 1
    assert delivery.attempt_log.count() == 1


def test_the_payload_of_a_claim_without_speaker_or_article_address(stub, people):
    author, reviewer = people
    endpoint(stub.url)
    verdict = submitted(author)
    Claim.objects.filter(pk=verdict.claim_id).update(speaker=None)
    verdict.claim.article.url = ""
    verdict.claim.article.save()
    verdict.refresh_from_db()
    workflow.approve(verdict, reviewer=reviewer)
    run_worker()
    event = json.loads(stub.received[0].body)
    article = verdict.claim.article
    assert event["claim"]["speaker"] is None
    assert event["claim"]["article_url"] == f"https://desk.example.org/articles/{article.pk}/"
    assert event["verdict"]["reviewer"] == "Zoé Ångström"


def test_a_delivery_stuck_pending_is_sent_again_from_the_admin(
    stub, people, client_for, admin_user
):
    author, reviewer = people
    endpoint(stub.url)
    stub.script = [(503, 0)]
    workflow.approve(submitted(author), reviewer=reviewer)
    run_worker()  # attempt 1 failed, attempt 2 waits a minute
    delivery = WebhookDelivery.objects.get()
    client_for(admin_user).post(
        reverse("admin:factcheck_webhookdelivery_changelist"),
        {"action": "redeliver_selected", "_selected_action": [delivery.pk]},
    )
    run_worker()  # sent now, not in a minute
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED and delivery.attempts == 2
    time_passes()
    run_worker()  # the retry that was waiting is stale now
    assert len(stub.received) == 2
    assert delivery.attempt_log.count() == 2
