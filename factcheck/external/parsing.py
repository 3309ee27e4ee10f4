"""Reading a ClaimReview feed: JSON-LD as other fact-checkers publish it, checked item by item.

Accepted shapes: one ClaimReview object, a JSON list of them, a schema.org ``DataFeed`` whose
``dataFeedElement`` items are ClaimReviews or wrap one (``item``), an ``@graph``, and an HTML page
carrying ``<script type="application/ld+json">`` blocks. In a list or a feed every item must be a
ClaimReview; in an ``@graph`` or a page, other nodes (the site, breadcrumbs) are passed over.

Nothing is written here: ``read_feed`` returns every item checked, or raises ``FeedRefused``
whose message is one translated line naming the first bad item and its problem, so that an
import is all or nothing.
"""

import datetime
import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 2000
MAX_TEXT = 5000
MAX_NAME = 300
MAX_URL = 2000
MAX_APPEARANCES = 20


class FeedRefused(Exception):
    """The feed is refused as a whole; ``message`` is the sentence the person reads."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Item:
    """One checked ClaimReview, ready to be stored."""

    url: str
    publisher: str
    claim_reviewed: str
    reviewed_on: datetime.date
    rating: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    claimant: str = ""
    language: str = ""
    appearances: list[str] = field(default_factory=list)


def read_feed(data: bytes) -> list[Item]:
    """Every ClaimReview in ``data`` (JSON or an HTML page), checked; or ``FeedRefused``."""
    if len(data) > MAX_BYTES:
        raise FeedRefused(_("The file is larger than %(limit)d kB.") % {"limit": MAX_BYTES // 1024})
    if b"\x00" in data:
        raise FeedRefused(_("The file holds NUL bytes: it is not a JSON or HTML text."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedRefused(_("The file is not UTF-8 text.")) from None
    if not text.strip():
        raise FeedRefused(_("The file is empty."))
    if text.lstrip().startswith("<"):
        nodes = _page_nodes(text)
    else:
        try:
            document = json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise FeedRefused(
                _("The file is neither JSON nor an HTML page carrying JSON-LD.")
            ) from None
        nodes = _items(document, strict=True)
    if not nodes:
        raise FeedRefused(_("The file holds no ClaimReview."))
    if len(nodes) > MAX_ITEMS:
        raise FeedRefused(
            _("The file holds %(count)d items; at most %(limit)d are imported at once.")
            % {"count": len(nodes), "limit": MAX_ITEMS}
        )
    items, seen = [], {}
    for number, node in enumerate(nodes, start=1):
        item = _item(node, number)
        if item.url in seen:
            raise FeedRefused(
                _("Item %(number)d: its url is that of item %(first)d.")
                % {"number": number, "first": seen[item.url]}
            )
        seen[item.url] = number
        items.append(item)
    return items


def _no_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON


def _types(node) -> set[str]:
    kind = node.get("@type") if isinstance(node, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _items(document, *, strict: bool) -> list:
    """The ClaimReview candidates of a JSON-LD document, in order. ``strict``: a list's or a
    feed's items are all taken (a wrong one is named as an item); otherwise, and in @graph,
    only ClaimReview nodes."""
    if isinstance(document, list):
        found = []
        for element in document:
            if isinstance(element, dict) and ("@graph" in element or "DataFeed" in _types(element)):
                found += _items(element, strict=strict)
            elif strict or "ClaimReview" in _types(element):
                found.append(element)
        return found
    if not isinstance(document, dict):
        raise FeedRefused(_("The file is JSON but holds no ClaimReview object."))
    if "@graph" in document:
        graph = document["@graph"]
        return _items(graph if isinstance(graph, list) else [graph], strict=False)
    if "DataFeed" in _types(document):
        elements = document.get("dataFeedElement")
        if not isinstance(elements, list):
            raise FeedRefused(_("The DataFeed has no dataFeedElement list."))
        return [_unwrap(element) for element in elements]
    if strict or "ClaimReview" in _types(document):
        return [document]
    return []


def _unwrap(element):
    """A feed element: a ClaimReview itself, or a DataFeedItem whose ``item`` is one."""
    if isinstance(element, dict) and "ClaimReview" not in _types(element):
        inner = element.get("item")
        if isinstance(inner, dict):
            return inner
    return element


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        if tag == "script" and kind == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _page_nodes(text: str) -> list:
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    if not parser.blocks:
        raise FeedRefused(_("The page carries no JSON-LD block."))
    nodes = []
    for number, block in enumerate(parser.blocks, start=1):
        try:
            document = json.loads(block, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise FeedRefused(
                _("JSON-LD block %(number)d of the page is not valid JSON.") % {"number": number}
            ) from None
        nodes += _items(document, strict=False)
    return nodes


# One item.

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


class _Bad(Exception):
    """The item's problem (the caller adds which item)."""


def _item(node, number: int) -> Item:
    try:
        return _checked(node)
    except _Bad as bad:
        raise FeedRefused(
            _("Item %(number)d: %(problem)s") % {"number": number, "problem": bad.args[0]}
        ) from None


def _text(value, name: str, *, limit: int, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise _Bad(_("%(field)s is missing.") % {"field": name})
        return ""
    if not isinstance(value, str):
        raise _Bad(_("%(field)s is not text.") % {"field": name})
    if "\x00" in value:
        raise _Bad(_("%(field)s holds a NUL character.") % {"field": name})
    value = _CONTROL.sub("", value).strip()
    if required and not value:
        raise _Bad(_("%(field)s is missing.") % {"field": name})
    if len(value) > limit:
        raise _Bad(
            _("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit}
        )
    return value


def _name(value, path: str) -> str:
    """The name of an author or publisher: a string, an object with ``name``, or a list of
    them (the first named one)."""
    if isinstance(value, list):
        for element in value:
            found = _name(element, path)
            if found:
                return found
        return ""
    if isinstance(value, dict):
        return _text(value.get("name"), f"{path}.name", limit=MAX_NAME)
    if isinstance(value, str):
        return _text(value, path, limit=MAX_NAME)
    if value is None:
        return ""
    raise _Bad(_("%(field)s is not a name.") % {"field": path})


def _url(value, name: str, *, required: bool = False) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    url = _text(value, name, limit=MAX_URL, required=required)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise _Bad(_("%(field)s is not a web address.") % {"field": name})
    return url


def _number(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Bad(_("%(field)s is not a number.") % {"field": name})
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise _Bad(_("%(field)s is not a number.") % {"field": name}) from None
    if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > 1e6:
        raise _Bad(_("%(field)s is not a number.") % {"field": name})
    return float(value)


def _date(value) -> datetime.date:
    raw = _text(value, "datePublished", limit=40, required=True)
    try:
        if len(raw) == 10:
            return datetime.date.fromisoformat(raw)
        return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        raise _Bad(
            _("datePublished “%(value)s” is not a date (2023-11-28).") % {"value": raw}
        ) from None


def _language(value) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    raw = _text(value, "inLanguage", limit=35)
    if not raw:
        return ""
    if not _LANGUAGE.match(raw):
        raise _Bad(_("inLanguage “%(value)s” is not a language code.") % {"value": raw})
    return raw.split("-")[0].split("_")[0].lower()


def _appearances(item: dict) -> list[str]:
    found = []
    for key in ("firstAppearance", "appearance"):
        values = item.get(key)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            url = _url(value, f"itemReviewed.{key}")
            if url and url not in found:
                found.append(url)
    return found[:MAX_APPEARANCES]


def _checked(node) -> Item:
    if not isinstance(node, dict):
        raise _Bad(_("it is not a ClaimReview object."))
    kinds = _types(node)
    if "ClaimReview" not in kinds:
        if not kinds:
            raise _Bad(_("its @type is missing; a ClaimReview is expected."))
        raise _Bad(
            _("its @type is %(type)s, not ClaimReview.") % {"type": ", ".join(sorted(kinds))[:80]}
        )
    url = _url(node.get("url"), "url", required=True)
    claim_reviewed = _text(
        node.get("claimReviewed"), "claimReviewed", limit=MAX_TEXT, required=True
    )
    publisher = _name(node.get("author"), "author") or _name(node.get("publisher"), "publisher")
    if not publisher:
        raise _Bad(_("author.name (the publisher) is missing."))
    rating = node.get("reviewRating")
    if rating is not None and not isinstance(rating, dict):
        raise _Bad(_("reviewRating is not an object."))
    rating = rating or {}
    label = _text(rating.get("alternateName"), "reviewRating.alternateName", limit=MAX_NAME)
    label = label or _text(rating.get("name"), "reviewRating.name", limit=MAX_NAME)
    value = _number(rating.get("ratingValue"), "reviewRating.ratingValue")
    if not label and value is None:
        raise _Bad(_("reviewRating.alternateName is missing."))
    reviewed = node.get("itemReviewed")
    if reviewed is not None and not isinstance(reviewed, dict):
        raise _Bad(_("itemReviewed is not an object."))
    reviewed = reviewed or {}
    return Item(
        url=url,
        publisher=publisher,
        claim_reviewed=claim_reviewed,
        reviewed_on=_date(node.get("datePublished")),
        rating=label,
        rating_value=value,
        best_rating=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        worst_rating=_number(rating.get("worstRating"), "reviewRating.worstRating"),
        claimant=_name(reviewed.get("author"), "itemReviewed.author"),
        language=_language(node.get("inLanguage")),
        appearances=_appearances(reviewed),
    )
