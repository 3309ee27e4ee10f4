"""Login throttling: who a request comes from behind the load balancer, and two limits.

Behind ``PROXY_COUNT`` trusted proxies, each proxy appends to ``X-Forwarded-For`` the address it
received the request from, so the client is the PROXY_COUNT-th entry from the right. Entries to
the left of it were written by the client and are never trusted: an attacker who sends
``X-Forwarded-For: <someone else>`` only adds a spoofed entry the proxies push further left.

django-axes counts failures twice (``AXES_LOCKOUT_PARAMETERS``): per user name and address, up to
``AXES_FAILURE_LIMIT``; and per address across user names (password spraying), up to the higher
``AXES_ADDRESS_FAILURE_LIMIT``, since a newsroom's staff may share one address.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or what the trusted proxies report."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return _address(remote) or remote or None
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) >= proxies:
        reported = _address(entries[-proxies])
        if reported:
            return reported
    # Not through every trusted proxy, or garbled: the nearest peer is all that is known.
    return _address(remote) or remote or None


class ThrottlingHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the per-address count."""

    def get_failures(self, request, credentials=None) -> int:
        # One list of attempts per entry of AXES_LOCKOUT_PARAMETERS: the pair, then the address.
        pair, address = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares one number with AXES_FAILURE_LIMIT: scale the address count to it.
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(pair, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful login clears its own user name's failures, not the address's: a sprayer
        # who owns one account must not wipe the count by logging in to it.
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
