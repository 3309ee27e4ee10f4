"""The header's unread notification count, on every workbench page (a COUNT query, its answer
kept until notifications are written: core/kept.py)."""

import functools

from factcheck.collab.notifications import unread_count
from factcheck.core import kept


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that never shows the header (a fragment) runs no query for it. Kept until
    # a notification is written (delivered or read).
    count = functools.partial(unread_count, user)
    return {"unread_notifications": lambda: kept.remembered(user, "unread", count)}
