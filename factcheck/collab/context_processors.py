"""The header's unread notification count, on every workbench page (one COUNT query)."""

from factcheck.collab.notifications import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that never shows the header (a fragment) runs no query for it.
    return {"unread_notifications": lambda: unread_count(user)}
