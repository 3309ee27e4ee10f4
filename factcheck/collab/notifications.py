"""Who is told what: notifications made from the workflow's events and from notes, each kind
switchable per person, optionally e-mailed by the task queue; unread counts and marking read."""

from django.db import transaction
from django.utils import timezone

from factcheck.core.permissions import users_who_can
from factcheck.models import (
    ClaimFollow,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from factcheck.workflow import events

Kind = NotificationKind


def _deliver(kind: str, recipients, *, claim, actor, note=None) -> list[Notification]:
    """One notification per recipient who keeps ``kind`` on (never the person who acted); an
    e-mail task for those who asked for e-mail and have an address."""
    people = {user.pk: user for user in recipients if user is not None}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    settings = {
        s.user_id: s for s in NotificationSetting.objects.filter(user__in=people, kind=kind)
    }
    wanted = [pk for pk in people if settings.get(pk) is None or settings[pk].enabled]
    made = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, kind=kind, claim=claim, actor=actor, note=note)
            for pk in wanted
        ]
    )
    to_email = [
        n.pk
        for n in made
        if settings.get(n.recipient_id) is not None
        and settings[n.recipient_id].email
        and people[n.recipient_id].email
    ]
    if to_email:
        from factcheck.collab.tasks import email_notifications

        email_notifications.enqueue(to_email)
    return made


def _followers(claim, *, besides):
    return [
        follow.user
        for follow in ClaimFollow.objects.filter(claim=claim, user__is_active=True)
        .exclude(user__in=besides)
        .select_related("user")
    ]


def note_written(note, *, mentioned) -> None:
    """Mentioned people are told they were mentioned; the other followers that the claim
    changed."""
    claim, actor = note.claim, note.author
    _deliver(Kind.MENTIONED, mentioned, claim=claim, actor=actor, note=note)
    besides = {actor.pk, *(user.pk for user in mentioned)}
    _deliver(Kind.FOLLOWED, _followers(claim, besides=besides), claim=claim, actor=actor, note=note)


def on_claim_event(sender, *, claim, by, verdict=None, **extra) -> None:
    """The workflow's steps, told to the people they concern, then to the claim's followers."""
    told = set()
    if sender == events.ASSIGNED:
        assignee = extra["assignee"]
        ClaimFollow.objects.get_or_create(claim=claim, user=assignee)
        told |= {n.recipient_id for n in _deliver(Kind.ASSIGNED, [assignee], claim=claim, actor=by)}
        told.add(assignee.pk)
    elif sender == events.SUBMITTED:
        reviewers = users_who_can("review_verdict").exclude(pk=verdict.author_id)
        told |= {r.pk for r in reviewers}
        _deliver(Kind.REVIEW, reviewers, claim=claim, actor=by)
    elif sender in (events.APPROVED, events.SENT_BACK):
        kind = Kind.APPROVED if sender == events.APPROVED else Kind.SENT_BACK
        _deliver(kind, [verdict.author], claim=claim, actor=by)
        told.add(verdict.author_id)
    if by is not None:
        told.add(by.pk)
    _deliver(Kind.FOLLOWED, _followers(claim, besides=told), claim=claim, actor=by)


def connect_signals() -> None:
    events.claim_event.connect(on_claim_event, dispatch_uid="collab-notifications")


def unread_count(user) -> int:
    return Notification.objects.unread().filter(recipient=user).count()


def for_user(user):
    return Notification.objects.filter(recipient=user).select_related("claim", "actor", "note")


def mark_read(notification_id: int, *, user) -> Notification | None:
    """Mark one of ``user``'s notifications read (someone else's is as good as missing)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return Notification.objects.unread().filter(recipient=user).update(read_at=timezone.now())


def settings_of(user) -> dict[str, NotificationSetting]:
    """Every kind's setting for ``user``, the default (shown, not e-mailed) where none is saved."""
    saved = {s.kind: s for s in NotificationSetting.objects.filter(user=user)}
    return {kind: saved.get(kind) or NotificationSetting(user=user, kind=kind) for kind in Kind}


def save_settings(user, *, enabled: set[str], email: set[str]) -> None:
    with transaction.atomic():
        for kind in Kind:
            NotificationSetting.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"enabled": kind in enabled, "email": kind in email},
            )
