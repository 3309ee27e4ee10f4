"""One form for an article's address and one fingerprint for its text, so nothing is imported twice.

``canonical_url`` is the only place an address is normalised: the import page, ``import_article``
and ``Article.save`` call it, and the 0007 migration applied it to the articles already stored.
"""

import hashlib
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that say how a reader arrived, not which page it is.
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_eid",
    "mc_cid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
}


def _is_tracking(pair: str) -> bool:
    name = unquote(pair.split("=", 1)[0]).strip().lower()
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_NAMES


def canonical_url(url: str) -> str:
    """``url`` with a lower-case scheme and host, no default port, no fragment, no tracking
    parameters (the others kept, in order) and no trailing slash except the root's.

    An address that cannot be split is returned stripped, for the validator to refuse."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair))
    return urlunsplit((scheme, netloc, path, query, ""))


def body_hash(body: str) -> str:
    """SHA-256 of the text with every run of white space (line ends, no-break spaces…) made one
    space: the same article pasted again, however its lines were wrapped, has the same hash."""
    return hashlib.sha256(" ".join((body or "").split()).encode("utf-8")).hexdigest()
