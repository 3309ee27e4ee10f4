"""What a fetched page says: its text, title, author, outlet, date and language.

trafilatura finds the article's text and metadata in the HTML (leaving menus, footers and
comments out) and htmldate its publication date; plain text goes through the import parser.
The text comes out as paragraphs separated by blank lines, the import format, so the body the
editor confirms is stored character for character and claim offsets hold.
"""

import codecs
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from django.utils.translation import gettext as _

from factcheck.articles.canonical import canonical_url
from factcheck.articles.importing import InvalidArticle, parse_article, title_from_lead
from factcheck.articles.models import Language
from factcheck.core.partial_dates import PartialDate
from factcheck.intake.fetching import Fetched

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Below this many words the page probably showed a paywall or needed a browser.
SHORT_TEXT_WORDS = 120
_FRENCH = {"le", "la", "les", "des", "une", "est", "et", "que", "qui", "dans", "pour", "pas", "sur"}
_ENGLISH = {"the", "and", "of", "to", "is", "that", "in", "for", "was", "with", "on", "said"}


@dataclass(frozen=True)
class Extraction:
    title: str
    text: str
    author: str
    outlet: str
    published: PartialDate | None
    language: str
    canonical_url: str
    warning: str = ""


class NothingExtracted(ValueError):
    """The page holds no article text; the message says so in one sentence."""


def decode(fetched: Fetched) -> str:
    """The page as text: the header's charset, else the page's own <meta charset>, else UTF-8,
    else Windows-1252 (what a browser does). Undecodable bytes become U+FFFD."""
    candidates = [fetched.charset]
    found = _META_CHARSET.search(fetched.body[:4096])
    if found:
        candidates.append(found[1].decode("ascii"))
    for name in [*candidates, "utf-8"]:
        try:
            codecs.lookup(name)
            return fetched.body.decode(name).removeprefix("\ufeff")
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return fetched.body.decode("cp1252", errors="replace")


def extract(fetched: Fetched) -> Extraction:
    """The article in ``fetched``, or ``NothingExtracted``."""
    if b"\x00" in fetched.body[:65536]:
        raise NothingExtracted(_("The page is a binary file, not HTML or text."))
    page = decode(fetched)
    if fetched.content_type == "text/plain":
        return _from_text(page, fetched)
    return _from_html(page, fetched)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _from_text(page: str, fetched: Fetched) -> Extraction:
    try:
        parsed = parse_article(_clean(page))
    except InvalidArticle:
        raise NothingExtracted(_("The page holds no article text.")) from None
    return Extraction(
        title=parsed.title,
        text=parsed.body,
        author="",
        outlet=_site(fetched.final_url),
        published=parsed.published,
        language=_guess_language("", parsed.body),
        canonical_url=canonical_url(fetched.final_url),
        warning=_short_warning(parsed.body),
    )


def _from_html(page: str, fetched: Fetched) -> Extraction:
    try:
        document = trafilatura.bare_extraction(
            page,
            url=fetched.final_url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
    except Exception:  # a parser failure on a hostile page is "nothing found", not a 500
        logger.warning("trafilatura failed on %s", fetched.final_url, exc_info=True)
        document = None
    text = _clean(document.text or "") if document is not None else ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = " ".join(((document and document.title) or "").split())
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the headline stands in the title, not in the body
    if not lines:
        raise NothingExtracted(_("The page holds no article text."))
    body = "\n\n".join(lines)
    return Extraction(
        title=title[:300] or title_from_lead(body),
        text=body,
        author=" ".join(((document and document.author) or "").split())[:200],
        outlet=" ".join(((document and document.sitename) or "").split())[:200]
        or _site(fetched.final_url),
        published=_published(page, fetched.final_url),
        language=_guess_language(_declared_language(page), body),
        canonical_url=_canonical(document and document.url, fetched.final_url),
        warning=_short_warning(body),
    )


def _published(page: str, url: str) -> PartialDate | None:
    try:
        found = htmldate.find_date(
            page, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"
        )
    except Exception:  # htmldate on a hostile page: no date, the editor types it
        logger.warning("htmldate failed on %s", url, exc_info=True)
        return None
    if not found:
        return None
    try:
        return PartialDate.parse(found)
    except ValueError:
        return None


def _declared_language(page: str) -> str:
    try:
        root = lxml.html.document_fromstring(page.encode("utf-8"))
    except Exception:
        return ""
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not declared:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" or (
                meta.get("property") or ""
            ).lower() == "og:locale":
                declared = meta.get("content") or ""
                break
    return declared.strip().lower().replace("_", "-").split("-")[0]


def _guess_language(declared: str, text: str) -> str:
    """The page's declared language when the desk knows it, else French or English by their
    commonest words, else French (the desk's language)."""
    if declared in Language.values:
        return declared
    words = re.findall(r"\w+", text.lower())[:2000]
    french = sum(word in _FRENCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return Language.ENGLISH if english > french else Language.FRENCH


def _canonical(declared: str | None, final_url: str) -> str:
    """The page's own canonical link when it stays on the site that served it, else the address
    it was served from; tracking parameters dropped."""
    final = canonical_url(final_url)
    if declared:
        candidate = canonical_url(declared)
        try:
            same_site = urlsplit(candidate).hostname == urlsplit(final).hostname
            scheme_ok = urlsplit(candidate).scheme in ("http", "https")
        except ValueError:
            return final
        if same_site and scheme_ok:
            return candidate
    return final


def _site(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _short_warning(text: str) -> str:
    words = len(text.split())
    if words >= SHORT_TEXT_WORDS:
        return ""
    return _(
        "Only %(count)d words were found: the page may be behind a paywall or show only a "
        "summary. Check the text against the page."
    ) % {"count": words}
