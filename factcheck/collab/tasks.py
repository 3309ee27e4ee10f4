"""Background work of the collab area, run by the task queue (``manage.py db_worker``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from factcheck.models import Notification


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail each notification to its recipient; returns how many were sent."""
    sent = 0
    notifications = Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient", "claim", "actor"
    )
    with translation.override(settings.LANGUAGE_CODE):
        for notification in notifications:
            if not notification.recipient.email:
                continue
            link = settings.SITE_URL + notification.get_absolute_url()
            who = notification.actor.get_username() if notification.actor else _("the system")
            subject = _("Fact-check desk: %(what)s") % {"what": notification.get_kind_display()}
            body = _("%(what)s (%(who)s): claim #%(claim)s, %(quote)s\n%(link)s") % {
                "what": notification.get_kind_display(),
                "who": who,
                "claim": notification.claim_id,
                "quote": notification.claim,
                "link": link,
            }
            sent += send_mail(subject, body, None, [notification.recipient.email])
    return sent
