"""What every workbench page shows in its header: the user's role and the current section."""

import functools

from factcheck.core.permissions import role_of

# URL-name prefix -> the header's section, so the navigation can mark where the user is.
SECTIONS = {
    "dashboard": "dashboard",
    "article": "articles",
    "claim": "claims",
    "claimreview": "claims",
    "correction": "corrections",
    "notification": "notifications",
    "external": "external",
}


def current_section(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return ""
    return SECTIONS.get(match.url_name.split("_", 1)[0], "")


def workbench(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy, and read once: a fragment never shows the header, so it runs no query for it.
    return {
        "user_role": functools.cache(lambda: role_of(user)),
        "nav_section": current_section(request),
    }
