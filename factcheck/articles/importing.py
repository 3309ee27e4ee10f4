"""Bytes in, a parsed article out, or one clear ``InvalidArticle``.

The seed format: optional white space, an optional date marker (``date 2023``, ``date 2023-11`` or
``date 2023-11-27``) followed by a line break or by the lead on the same line, then paragraphs
separated by blank lines. The body keeps every character after the marker so offsets stay true;
only line ends are normalised to ``\\n``.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from factcheck.core.partial_dates import InvalidPartialDate, PartialDate

TITLE_MAX_LENGTH = 120
_MARKER = re.compile(r"\s*date(?=[ \t])[ \t]+(?P<date>\S*)(?P<sep>[ \t]*(?:\n|$)|[ \t]+)", re.ASCII)
# A sentence ends at . ! ? or … (closing quotes may follow) before a capital letter or the end;
# "« C’est faux ! » a dit le ministre" is one sentence.
_SENTENCE_END = re.compile(r"\s*[.!?…]+[\s»”\"’)]*?(?=\s+[A-ZÀ-ÖØ-Þ«“\"]|\s*$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class InvalidArticle(ValueError):
    """The text cannot become an article; the message names the problem in one line."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    published: PartialDate | None


def decode_article(data: bytes) -> str:
    """UTF-8 text from bytes (a byte-order mark is dropped), or ``InvalidArticle`` saying why not."""
    if not data:
        raise InvalidArticle(_("the file is empty"))
    if len(data) > settings.ARTICLE_MAX_BYTES:
        raise InvalidArticle(
            _("the file is too large (%(size)d kB; the limit is %(limit)d kB)")
            % {"size": len(data) // 1024, "limit": settings.ARTICLE_MAX_BYTES // 1024}
        )
    if b"\x00" in data:
        raise InvalidArticle(_("the file is binary, not text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidArticle(
            _("the file is not UTF-8 text (invalid byte at position %(position)d)")
            % {"position": error.start}
        ) from None
    return text


def parse_article(text: str, *, title: str = "") -> ParsedArticle:
    """Split text into date, title and body. ``title`` overrides the one taken from the lead."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        raise InvalidArticle(_("the text holds control characters: is it a binary file?"))
    published = None
    body = text
    marker = _MARKER.match(text)
    if marker:
        try:
            published = PartialDate.parse(marker["date"])
        except InvalidPartialDate as error:
            raise InvalidArticle(
                _("bad date marker “date %(date)s”: %(reason)s")
                % {"date": marker["date"], "reason": str(error)}
            ) from None
        body = text[marker.end() :]
    elif re.match(r"\s*date\s*$", text.split("\n", 1)[0]):
        raise InvalidArticle(_("the date marker has no date"))
    if not body.strip():
        raise InvalidArticle(_("there is no article text"))
    title = " ".join(title.split()) or title_from_lead(body)
    return ParsedArticle(title=title, body=body, published=published)


def title_from_lead(body: str) -> str:
    """The lead's first sentence, cut at a word boundary when it is long."""
    lead = " ".join(body.strip().split("\n\n", 1)[0].split())
    end = _SENTENCE_END.search(lead)
    sentence = (lead[: end.start()] if end else lead).rstrip()
    if not sentence:  # a lead that is only punctuation: keep it as it is
        sentence = lead
    if len(sentence) <= TITLE_MAX_LENGTH:
        return sentence
    cut = sentence[:TITLE_MAX_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def parse_article_bytes(data: bytes, *, title: str = "") -> ParsedArticle:
    return parse_article(decode_article(data), title=title)
