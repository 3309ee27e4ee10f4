"""Notifications: one for each event to the people it concerns, never to the person who acted,
switchable per kind, read and unread, shown in the header, e-mailed through the task queue."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from factcheck import workflow
from factcheck.collab import notes, notifications
from factcheck.models import Claim, ClaimFollow, Notification, NotificationSetting, Verdict
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

Kind = notifications.Kind


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a step registers for after its commit, as a real request would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def told(user):
    return sorted(
        (n.kind, n.actor.get_username() if n.actor else None)
        for n in Notification.objects.filter(recipient=user)
    )


def submitted(author):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED, sourced=True)


def test_assigning_a_claim_tells_the_assignee_not_the_one_who_assigned(
    editor, other_editor, run_on_commit
):
    claim = ClaimFactory()
    run_on_commit(workflow.assign, claim, assignee=other_editor, by=editor)
    assert told(other_editor) == [(Kind.ASSIGNED, "edith")]
    assert told(editor) == []
    run_on_commit(workflow.assign, claim, assignee=editor, by=editor)  # taking it oneself
    assert told(editor) == []
    # The assignee now follows the claim: the next change reaches them.
    assert ClaimFollow.objects.filter(claim=claim, user=other_editor).exists()


def test_a_submitted_verdict_waits_for_every_reviewer_but_its_author(
    editor, reviewer, other_reviewer, run_on_commit
):
    verdict = VerdictFactory(author=editor, sourced=True)
    run_on_commit(workflow.submit, verdict, by=editor)
    assert told(reviewer) == told(other_reviewer) == [(Kind.REVIEW, "edith")]
    assert told(editor) == []


def test_the_author_hears_that_the_verdict_was_approved(editor, reviewer, run_on_commit):
    verdict = submitted(editor)
    run_on_commit(workflow.approve, verdict, reviewer=reviewer)
    assert told(editor) == [(Kind.APPROVED, "remi")]


def test_the_author_hears_that_the_verdict_was_sent_back(editor, reviewer, run_on_commit):
    verdict = submitted(editor)
    run_on_commit(workflow.send_back, verdict, reviewer=reviewer, comment="Sources ?")
    assert told(editor) == [(Kind.SENT_BACK, "remi")]


def test_a_mention_tells_the_person_and_followers_hear_of_the_note(
    editor, reviewer, viewer, run_on_commit
):
    claim = ClaimFactory()
    notes.follow(claim, user=viewer)
    notes.follow(claim, user=reviewer)
    run_on_commit(notes.write_note, claim, by=editor, body="<p>@remi, regarde</p>")
    assert told(reviewer) == [(Kind.MENTIONED, "edith")]  # once, not also as a follower
    assert told(viewer) == [(Kind.FOLLOWED, "edith")]
    assert told(editor) == []


def test_followers_hear_of_status_changes(editor, viewer, run_on_commit):
    claim = ClaimFactory()
    notes.follow(claim, user=viewer)
    run_on_commit(workflow.set_not_checkable, claim, by=editor, reason="Une opinion")
    run_on_commit(workflow.reopen, claim, by=editor)
    assert told(viewer) == [(Kind.FOLLOWED, "edith")] * 2


def test_a_step_that_fails_tells_nobody(editor, reviewer, run_on_commit):
    verdict = VerdictFactory(author=editor)  # no sources: approval is refused
    verdict.status = Verdict.Status.SUBMITTED
    verdict.save()
    with pytest.raises(workflow.Conflict):
        run_on_commit(workflow.approve, verdict, reviewer=reviewer)
    assert not Notification.objects.exists()


def test_a_rolled_back_transaction_tells_nobody(editor, other_editor, run_on_commit):
    claim = ClaimFactory()

    def assign_then_fail():
        with transaction.atomic():
            workflow.assign(claim, assignee=other_editor, by=editor)
            raise RuntimeError("later step failed")

    with pytest.raises(RuntimeError):
        run_on_commit(assign_then_fail)
    assert not Notification.objects.exists()


def test_a_kind_switched_off_is_not_made(editor, other_editor, run_on_commit):
    NotificationSetting.objects.create(user=other_editor, kind=Kind.ASSIGNED, enabled=False)
    run_on_commit(workflow.assign, ClaimFactory(), assignee=other_editor, by=editor)
    assert told(other_editor) == []


def test_a_failing_receiver_never_blocks_the_step(editor, other_editor, run_on_commit, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(notifications, "_deliver", broken)
    claim = ClaimFactory()
    run_on_commit(workflow.assign, claim, assignee=other_editor, by=editor)
    claim.refresh_from_db()
    assert claim.assignee == other_editor


# --- Pages -------------------------------------------------------------------------------------


def test_a_mentioned_reviewer_sees_the_count_and_lands_on_the_claim(
    editor, reviewer, client_for, run_on_commit
):
    claim = ClaimFactory()
    run_on_commit(notes.write_note, claim, by=editor, body="<p>@remi ?</p>")
    client = client_for(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert '<span class="unread-count" data-role="unread-count">1</span>' in html
    listing = client.get(reverse("notification_list")).content.decode()
    assert "someone mentions me in a note" in listing.lower()
    notification = Notification.objects.get()
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == reverse("claim_detail", args=[claim.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-role="unread-count"' not in client.get(reverse("dashboard")).content.decode()


def test_mark_one_read_with_htmx_and_all_read(editor, reviewer, client_for, run_on_commit):
    for _ in range(3):
        run_on_commit(notes.write_note, ClaimFactory(), by=editor, body="<p>@remi</p>")
    client = client_for(reviewer)
    first = Notification.objects.first()
    response = client.post(
        reverse("notification_read", args=[first.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'data-unread="false"' in response.content.decode()
    assert notifications.unread_count(reviewer) == 2
    client.post(reverse("notification_read_all"))
    assert notifications.unread_count(reviewer) == 0


def test_nobody_opens_or_reads_someone_elses_notification(
    editor, reviewer, other_reviewer, client_for, run_on_commit
):
    run_on_commit(notes.write_note, ClaimFactory(), by=editor, body="<p>@remi</p>")
    notification = Notification.objects.get()
    client = client_for(other_reviewer)
    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
    client.post(reverse("notification_read_all"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_settings_page_saves_each_switch_and_ignores_junk(reviewer, client_for):
    client = client_for(reviewer)
    assert client.get(reverse("notification_settings")).status_code == 200
    response = client.post(
        reverse("notification_settings"), {"enabled": ["review", "mentioned"], "email": ["review"]}
    )
    assert response.status_code == 302
    saved = notifications.settings_of(reviewer)
    assert saved[Kind.REVIEW].enabled and saved[Kind.REVIEW].email
    assert not saved[Kind.ASSIGNED].enabled and not saved[Kind.MENTIONED].email
    response = client.post(reverse("notification_settings"), {"enabled": ["nonsense", "🙂"]})
    assert response.status_code == 422
    assert notifications.settings_of(reviewer)[Kind.REVIEW].enabled  # nothing lost


def test_the_pages_in_french(editor, reviewer, client_for, run_on_commit):
    run_on_commit(notes.write_note, ClaimFactory(), by=editor, body="<p>@remi</p>")
    client = client_for(reviewer)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("notification_list")).content.decode()
    assert "Tout marquer comme lu" in html and "me mentionne dans une note" in html
    html = client.get(reverse("notification_settings")).content.decode()
    assert "Par courriel" in html


# --- E-mail through the task queue --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_email_goes_out_through_the_database_queue_and_a_real_worker(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor = UserFactory(username="edith", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer", email="remi@example.org")
    quiet = UserFactory(username="rosa", role="reviewer", email="rosa@example.org")
    NotificationSetting.objects.create(user=reviewer, kind=Kind.MENTIONED, email=True)
    claim = ClaimFactory()
    notes.write_note(claim, by=editor, body="<p>@remi @rosa, « urgent »</p>")
    assert mail.outbox == []  # queued, not sent in the request
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [message.to for message in mail.outbox] == [["remi@example.org"]]
    assert f"/claims/{claim.pk}/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Notification.objects.filter(recipient=quiet).exists()  # shown, not e-mailed
