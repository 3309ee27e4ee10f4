"""The webhook signature: HMAC-SHA256 of ``timestamp + "." + body`` under the endpoint's
secret, sent as ``X-Factcheck-Signature: sha256=<hex>`` with ``X-Factcheck-Timestamp`` (Unix
seconds). ``verify`` is what a receiver runs: the same digest, compared in constant time, and a
timestamp no further than ``TOLERANCE`` seconds from its clock, so a captured request cannot be
replayed later."""

import hashlib
import hmac
import time

TOLERANCE = 300  # seconds


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE,
) -> bool:
    """True when ``signature`` is ``sign(secret, timestamp, body)`` and ``timestamp`` is recent."""
    timestamp = str(timestamp or "")
    if not (timestamp.isascii() and timestamp.isdigit()):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    expected = sign(secret, timestamp, body).encode()
    return hmac.compare_digest(expected, str(signature or "").encode("utf-8", "replace"))
