"""One POST of a webhook's body to an endpoint, with the fetcher's address rule: http and https
only, every address the host resolves to must be public (``intake.fetching.forbidden_address``)
unless the host is in ``settings.WEBHOOK_ALLOWED_HOSTS``, and the connection goes to the address
checked. Redirects are not followed. ``WEBHOOK_TIMEOUT`` bounds connecting and each read.

The outcome is a ``Sent`` whatever happened: a status code, or an error sentence and whether
trying again may help."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext

from factcheck.intake.fetching import (
    USER_AGENT,
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    forbidden_address,
)

EXCERPT_CHARS = 1000
READ_BYTES = 16 * 1024


@dataclass(frozen=True)
class Sent:
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    final: bool = False  # no use trying again (a refused address, a bad URL)
    duration_ms: int = 0


class _Refused(Exception):
    def __init__(self, message: str, *, final: bool):
        super().__init__(message)
        self.final = final


def _target(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _Refused(gettext("This is not a valid web address."), final=True) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    bad = any(ord(c) < 33 or ord(c) == 127 for c in host + parts.path + parts.query)
    if scheme not in ("http", "https") or not host or bad:
        raise _Refused(gettext("This is not a valid web address."), final=True)
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Refused(gettext("This is not a valid web address."), final=True) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise _Refused(
            gettext("The name “%(host)s” could not be found.") % {"host": host}, final=False
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host.lower() not in settings.WEBHOOK_ALLOWED_HOSTS:
        for address in addresses:
            if forbidden_address(address):
                raise _Refused(
                    gettext(
                        "“%(host)s” is a private, local or reserved network address "
                        "(%(address)s): add the host to WEBHOOK_ALLOWED_HOSTS to allow it."
                    )
                    % {"host": host, "address": address},
                    final=True,
                )
    return addresses


def post(url: str, body: bytes, headers: dict[str, str]) -> Sent:
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path = _target(url)
        addresses = _addresses(host, port)
    except _Refused as refusal:
        return Sent(error=str(refusal), final=refusal.final, duration_ms=took())
    kind = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    timeout = settings.WEBHOOK_TIMEOUT
    error = ""
    for address in addresses:
        connection = kind(host, port, address=address, timeout=timeout)
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "User-Agent": USER_AGENT,
                    "Content-Type": "application/json; charset=utf-8",
                    **headers,
                },
            )
            response = connection.getresponse()
            raw = response.read(READ_BYTES)
            excerpt = raw.decode("utf-8", "replace").replace("\x00", "\ufffd")
            return Sent(status=response.status, excerpt=excerpt[:EXCERPT_CHARS], duration_ms=took())
        except TimeoutError:
            error = gettext("The endpoint did not answer within %(seconds)s seconds.") % {
                "seconds": f"{timeout:g}"
            }
            break  # another address would only double the wait
        except (ssl.SSLError, ssl.CertificateError):
            error = gettext("The secure connection to the endpoint failed.")
        except http.client.HTTPException:
            error = gettext("The endpoint did not answer like a web server.")
        except OSError:
            error = gettext("The endpoint could not be reached.")
        finally:
            connection.close()
    return Sent(error=error, duration_ms=took())
