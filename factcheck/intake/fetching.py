"""The one way the desk fetches a page from the web, for an imported article and for a source.

Only http and https. Every host is resolved here and each address it resolves to must be public
(no private, loopback, link-local, shared, multicast or reserved range) before any connection;
the connection then goes to the address checked, so a name cannot resolve to something else a
moment later. The same checks run again for every redirect, at most ``FETCH_MAX_REDIRECTS`` of
them. ``FETCH_CONNECT_TIMEOUT`` bounds each connection and ``FETCH_TIMEOUT`` the whole fetch,
redirects and a page that trickles in included; ``FETCH_MAX_BYTES`` caps what is read; only HTML
and plain text are accepted, unless the caller names other types (``accept``: a feed of JSON-LD). ``settings.FETCH_ALLOWED_HOSTS`` names hosts exempt from the address
rule (tests serve fixture pages on localhost). Every refusal is one ``FetchRefused`` whose message
is a translated sentence for the page and the command line.
"""

import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# A feed of structured data (schema.org JSON-LD), for callers that ask for it.
JSON_TYPES = ("application/ld+json", "application/json")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
USER_AGENT = "FactcheckDesk/1.0 (newsroom fact-check workbench)"


class FetchRefused(Exception):
    """The page was not fetched; ``message`` says why in one sentence, in the language active
    when it is read, ``code`` names the rule. ``reason`` (the English sentence, a msgid) and
    ``params`` are what a snapshot keeps, so the panel shows it in its reader's language."""

    def __init__(self, reason: str, *, code: str, **params):
        self.reason = reason
        self.params = params
        self.code = code
        super().__init__(reason)

    @property
    def message(self) -> str:
        return reason_text(self.reason, self.params)

    def __str__(self) -> str:
        return self.message


def reason_text(reason: str, params: dict) -> str:
    """A refusal's sentence in the active language."""
    return gettext(reason) % params if params else gettext(reason)


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type alone: "text/html"
    charset: str  # from the Content-Type header, "" when it names none
    body: bytes
    fetched_at: datetime
    truncated: bool = False  # cut at FETCH_MAX_BYTES (only when the caller asked for that)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def fetch(url: str, *, truncate: bool = False, accept: tuple[str, ...] = ACCEPTED_TYPES) -> Fetched:
    """The page at ``url``, or ``FetchRefused``. A page over the size cap is refused, or with
    ``truncate`` (a source's copy) kept up to the cap. ``accept``: the media types read (HTML
    and plain text unless the caller widens it)."""
    deadline = time.monotonic() + settings.FETCH_TIMEOUT
    current = (url or "").strip()
    for hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, target = _split(current)
        addresses = _public_addresses(host, port, redirected=hop > 0)
        connection, response = _request(scheme, host, port, target, addresses, deadline, accept)
        try:
            if response.status in REDIRECTS:
                location = response.getheader("Location", "").strip()
                if not location:
                    raise FetchRefused(gettext_noop("The page redirects nowhere."), code="redirect")
                current = urljoin(current, location)
                continue
            return _read(url, current, response, deadline, truncate, accept)
        finally:
            connection.close()
    raise FetchRefused(
        gettext_noop("The page redirects more than %(count)d times."),
        code="redirects",
        count=settings.FETCH_MAX_REDIRECTS,
    )


def _split(url: str) -> tuple[str, str, int, str]:
    """Scheme, host (IDNA), port and request target of ``url``, or a refusal."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(
            gettext_noop("This is not a valid web address."), code="invalid"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(
            gettext_noop("Only http and https addresses can be fetched."), code="scheme"
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(
            gettext_noop("Addresses with a user name or password are not fetched."),
            code="credentials",
        )
    host = (parts.hostname or "").rstrip(".")
    if not host or any(ord(c) < 33 or c in "\\%" for c in host):
        raise FetchRefused(gettext_noop("This is not a valid web address."), code="invalid")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchRefused(
            gettext_noop("This is not a valid web address."), code="invalid"
        ) from None
    target = parts.path or "/"
    if any(ord(c) < 33 or ord(c) == 127 for c in target + parts.query):
        # Spaces and control characters would break the request line: send them escaped.
        raise FetchRefused(gettext_noop("This is not a valid web address."), code="invalid")
    if parts.query:
        target = f"{target}?{parts.query}"
    return scheme, host, port or (443 if scheme == "https" else 80), target


def forbidden_address(address: str) -> bool:
    """True when ``address`` is not a public internet address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and forbidden_address(str(embedded)):
            return True
    return not ip.is_global or ip.is_multicast or ip.is_reserved


def _public_addresses(host: str, port: int, *, redirected: bool) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchRefused(
            gettext_noop("The name “%(host)s” could not be found."), code="dns", host=host
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host.lower() in settings.FETCH_ALLOWED_HOSTS:
        return addresses
    for address in addresses:
        if forbidden_address(address):
            if redirected:
                reason = gettext_noop(
                    "The page redirects to “%(host)s”, a private, local or reserved network "
                    "address (%(address)s), which the desk never fetches."
                )
            else:
                reason = gettext_noop(
                    "“%(host)s” is a private, local or reserved network address (%(address)s), "
                    "which the desk never fetches."
                )
            raise FetchRefused(reason, code="address", host=host, address=address)
    return addresses


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever the name would resolve to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _accept_header(accept: tuple[str, ...]) -> str:
    if accept == ACCEPTED_TYPES:
        return "text/html,application/xhtml+xml,text/plain;q=0.9"
    return ",".join(accept)


def _request(scheme, host, port, target, addresses, deadline, accept=ACCEPTED_TYPES):
    kind = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    refusal = None
    for address in addresses:
        connect_timeout = min(settings.FETCH_CONNECT_TIMEOUT, _remaining(deadline))
        connection = kind(host, port, address=address, timeout=connect_timeout)
        try:
            connection.connect()
            connection.sock.settimeout(_remaining(deadline))
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": _accept_header(accept),
                    "Accept-Encoding": "identity",
                },
            )
            sock = connection.sock
            response = connection.getresponse()
            # The connection lets go of its socket when the server closes after the answer; the
            # read timeouts are set on the socket itself.
            response.sock = sock
            return connection, response
        except BaseException as error:
            connection.close()
            refusal = _refusal(error, deadline)
            if refusal.code != "unreachable":
                raise refusal from None
    raise refusal or FetchRefused(
        gettext_noop("The server could not be reached."), code="unreachable"
    )


def _read(url, final_url, response, deadline, truncate, accept=ACCEPTED_TYPES) -> Fetched:
    if not 200 <= response.status < 300:
        raise FetchRefused(
            gettext_noop("The server answered with HTTP status %(status)d instead of the page."),
            code="status",
            status=response.status,
        )
    header = Message()
    header["content-type"] = response.getheader("Content-Type", "")
    media_type = header.get_content_type() if header["content-type"] else ""
    if media_type not in accept:
        if accept != ACCEPTED_TYPES:
            raise FetchRefused(
                gettext_noop(
                    "The address gives %(type)s, not one of the types read here (%(accepted)s)."
                ),
                code="type",
                type=media_type or "?",
                accepted=", ".join(accept),
            )
        if not media_type:
            raise FetchRefused(
                gettext_noop("The page says nothing of its type; only HTML or plain text is read."),
                code="type",
            )
        raise FetchRefused(
            gettext_noop("The page is not HTML or plain text (%(type)s)."),
            code="type",
            type=media_type,
        )
    limit = settings.FETCH_MAX_BYTES
    too_large = FetchRefused(
        gettext_noop("The page is larger than %(limit)d kB."), code="size", limit=limit // 1024
    )
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > limit and not truncate:
        raise too_large
    chunks, size, truncated = [], 0, False
    try:
        while True:
            response.sock.settimeout(_remaining(deadline))
            chunk = response.read(CHUNK)
            if not chunk:
                break
            if size + len(chunk) > limit:
                if not truncate:
                    raise too_large
                chunks.append(chunk[: limit - size])
                truncated = True
                break
            size += len(chunk)
            chunks.append(chunk)
    except FetchRefused:
        raise
    except BaseException as error:
        raise _refusal(error, deadline) from None
    return Fetched(
        url=url,
        final_url=final_url,
        status=response.status,
        content_type=media_type,
        charset=header.get_content_charset() or "",
        body=b"".join(chunks),
        fetched_at=timezone.now(),
        truncated=truncated,
    )


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow()
    return remaining


def _too_slow() -> FetchRefused:
    return FetchRefused(
        gettext_noop("The page took longer than %(seconds)s seconds to arrive."),
        code="timeout",
        seconds=f"{settings.FETCH_TIMEOUT:g}",
    )


def _refusal(error: BaseException, deadline: float) -> FetchRefused:
    """One sentence for what went wrong on the wire."""
    if isinstance(error, FetchRefused):
        return error
    if isinstance(error, TimeoutError | socket.timeout):
        if deadline - time.monotonic() <= 0.05:
            return _too_slow()
        return FetchRefused(
            gettext_noop("The server did not answer within %(seconds)s seconds."),
            code="timeout",
            seconds=f"{settings.FETCH_CONNECT_TIMEOUT:g}",
        )
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return FetchRefused(gettext_noop("The secure connection to the server failed."), code="tls")
    if isinstance(error, http.client.HTTPException):
        return FetchRefused(
            gettext_noop("The server did not answer like a web server."), code="protocol"
        )
    if isinstance(error, OSError):
        return FetchRefused(gettext_noop("The server could not be reached."), code="unreachable")
    raise error
