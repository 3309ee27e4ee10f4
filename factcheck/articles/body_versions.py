"""Article corrections: replace an article's body with a new version and find its claims again.

``replace_body`` keeps every body as an ``ArticleVersion`` and re-anchors each claim with
``reanchoring.reanchor`` (its old position, then its quote with the text around it, then an
alignment of the old body with the new one). Each claim ends up:

- **found**: the same words (or the same words in other typography: ’ for ', « » for " ",
  another dash or space) stand in the new text; offsets and context follow them;
- **quote changed**: words near where the quote stood changed; the claim points at the new
  words and keeps the words it had in ``quote_before``; a reviewed claim goes back to review;
- **orphaned**: nothing like the quote is left; the claim keeps its last quote and offsets,
  which then point nowhere and are never used to highlight.

``quote_before`` holds the words as last reviewed or acknowledged, across several corrections:
a claim flagged A → B that a later version leaves at B stays flagged A → B; one whose words go
back to A is found again and its flag cleared. An orphaned claim whose quote comes back (the
same words, or the same in other typography) is found again. A reviewed claim goes back to
review only when its words change in *this* version, so an unacknowledged flag does not send
it back at each later correction.
"""

import difflib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from factcheck import workflow
from factcheck.articles.anchoring import find_quote, same_words
from factcheck.articles.highlighting import paragraph_spans
from factcheck.articles.importing import InvalidArticle, parse_article
from factcheck.articles.reanchoring import DiffPart, Outcome, Reanchored, reanchor, word_diff
from factcheck.models import Article, ArticleVersion, Claim
from factcheck.workflow import rules


class StaleVersion(workflow.Conflict):
    """Someone saved another version of the text after the editor started from ``expected``."""

    def __init__(self, *, latest: int, expected: int):
        super().__init__(
            _(
                "Someone saved version %(latest)d of this text while you were editing "
                "version %(expected)d; nothing was replaced. Compare it with yours, then save "
                "again to replace it."
            )
            % {"latest": latest, "expected": expected}
        )
        self.latest, self.expected = latest, expected


def normalized_body(text: str) -> str:
    """The body an import of ``text`` would keep: line ends as ``\\n``, a leading date marker
    dropped (a correction does not change the publication date). ``InvalidArticle`` if none."""
    return parse_article(text).body


@dataclass
class ClaimOutcome:
    claim: Claim
    anchor: str  # a Claim.Anchor value
    changed_now: bool = False  # the words changed in this version (not only flagged before)
    sent_to_review: bool = False

    @property
    def diff(self) -> list[DiffPart]:
        if self.anchor != Claim.Anchor.QUOTE_CHANGED or not self.claim.quote_before:
            return []
        return word_diff(self.claim.quote_before, self.claim.quote)


@dataclass
class ReplaceReport:
    version: ArticleVersion
    outcomes: list[ClaimOutcome] = field(default_factory=list)

    def _with(self, anchor) -> list[ClaimOutcome]:
        return [o for o in self.outcomes if o.anchor == anchor]

    @property
    def found(self) -> list[ClaimOutcome]:
        return self._with(Claim.Anchor.FOUND)

    @property
    def quote_changed(self) -> list[ClaimOutcome]:
        return self._with(Claim.Anchor.QUOTE_CHANGED)

    @property
    def orphaned(self) -> list[ClaimOutcome]:
        return self._with(Claim.Anchor.ORPHANED)

    @property
    def sent_to_review(self) -> list[ClaimOutcome]:
        return [o for o in self.outcomes if o.sent_to_review]

    @property
    def counts(self) -> dict[str, int]:
        return {anchor: len(self._with(anchor)) for anchor in Claim.Anchor.values}


def report_summary(report: ReplaceReport) -> dict:
    """The report as plain data (claim ids by outcome), to keep in the session across the
    redirect that follows saving."""
    return {
        "number": report.version.number,
        "claims": {o.claim.pk: [o.anchor, o.sent_to_review] for o in report.outcomes},
    }


def report_from_summary(summary: dict, version: ArticleVersion) -> ReplaceReport:
    """The report again from ``report_summary``'s data, with the claims as they are now (one
    query)."""
    outcomes = {int(pk): value for pk, value in summary["claims"].items()}
    claims = Claim.objects.filter(article_id=version.article_id, pk__in=outcomes).order_by(
        "start_offset", "pk"
    )
    report = ReplaceReport(version=version)
    for claim in claims:
        anchor, sent_to_review = outcomes[claim.pk]
        report.outcomes.append(
            ClaimOutcome(claim=claim, anchor=anchor, sent_to_review=sent_to_review)
        )
    return report


def latest_number(article) -> int:
    return article.versions.aggregate(latest=Max("number"))["latest"] or 0


def _find_again(claim, old_body: str, new_body: str) -> Reanchored:
    if claim.anchor == Claim.Anchor.ORPHANED:
        # Its offsets and context belong to an older text: only its words can bring it back.
        found = find_quote(new_body, claim.quote, prefix=claim.prefix, suffix=claim.suffix)
        if found is None:
            return Reanchored(Outcome.ORPHANED, None)
        return Reanchored(Outcome.MOVED, found)
    return reanchor(
        old_body=old_body,
        new_body=new_body,
        quote=claim.quote,
        start=claim.start_offset,
        end=claim.end_offset,
        prefix=claim.prefix,
        suffix=claim.suffix,
    )


def _reanchor_claim(claim, old_body: str, new_body: str) -> tuple[str, bool]:
    """Move ``claim`` (in memory) to where it stands in ``new_body``; its new anchor state and
    whether its words changed in this version."""
    result = _find_again(claim, old_body, new_body)
    if result.outcome == Outcome.ORPHANED:
        claim.anchor = Claim.Anchor.ORPHANED
        return claim.anchor, False
    found = result.anchor
    reference = claim.quote_before or claim.quote  # the words as last reviewed
    changed_now = not same_words(found.quote, claim.quote)
    claim.quote, claim.prefix, claim.suffix = found.quote, found.prefix, found.suffix
    claim.start_offset, claim.end_offset = found.start, found.end
    if same_words(found.quote, reference):
        claim.anchor, claim.quote_before = Claim.Anchor.FOUND, ""
    else:
        claim.anchor, claim.quote_before = Claim.Anchor.QUOTE_CHANGED, reference
    return claim.anchor, changed_now and claim.anchor == Claim.Anchor.QUOTE_CHANGED


SAVED_FIELDS = [
    "quote",
    "quote_before",
    "anchor",
    "start_offset",
    "end_offset",
    "prefix",
    "suffix",
    "version",
    "updated_at",
]


def replace_body(
    article, *, body: str, by, note: str = "", origin: str = "", expected: int | None = None
) -> ReplaceReport:
    """Make ``body`` the article's new version and find every claim in it again, whole or not
    at all.

    ``expected`` is the number of the version the editor started from (None: no check); if
    someone saved another version since, ``StaleVersion`` (a ``workflow.Conflict``) says so and
    nothing is written.
    Raises ``workflow.NotAllowed`` without the permission, ``workflow.Conflict`` for an empty or
    unchanged text."""
    workflow.enforce(rules.replace_body(by))
    try:
        new_body = normalized_body(body)
    except InvalidArticle as error:
        raise workflow.Conflict(str(error)) from None
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        latest = latest_number(article)
        old_body = article.body
        # Before the base check: a form sent twice (a reload) is told that nothing changed.
        if new_body.strip() == old_body.strip():
            raise workflow.Conflict(_("This text is the same as the current version."))
        if expected is not None and latest != expected:
            raise StaleVersion(latest=latest, expected=expected)
        if latest == 0:  # an article older than versions, not backfilled: keep its text first
            ArticleVersion.objects.create(
                article=article, number=1, body=old_body, origin=article.origin
            )
            latest = 1
        version = ArticleVersion.objects.create(
            article=article,
            number=latest + 1,
            body=new_body,
            origin=origin[:300],
            note=" ".join(note.split())[:300],
            created_by=by,
        )
        article.body = new_body
        article._history_user = by
        article.save(update_fields=["body", "updated_at"])

        report = ReplaceReport(version=version)
        claims = list(Claim.objects.select_for_update().filter(article=article).order_by("pk"))
        for claim in claims:
            before = [getattr(claim, name) for name in SAVED_FIELDS]
            anchor, changed_now = _reanchor_claim(claim, old_body, new_body)
            if [getattr(claim, name) for name in SAVED_FIELDS] != before:
                # Forms opened on the claim before the correction are now stale.
                claim.version += 1
                claim._history_user = by
                claim.save(update_fields=SAVED_FIELDS)
            outcome = ClaimOutcome(claim=claim, anchor=anchor, changed_now=changed_now)
            if changed_now and claim.status == Claim.Status.REVIEWED:
                verdict = workflow.review_again_after_quote_change(
                    claim, by=by, version=version.number
                )
                if verdict is not None:
                    claim.status = Claim.Status.IN_REVIEW
                    outcome.sent_to_review = True
            report.outcomes.append(outcome)
    return report


def acknowledge_quote_change(claim, *, by) -> Claim:
    """An editor has seen that the quote changed and accepts the new words: the flag goes."""
    workflow.enforce(rules.allowed(by, "edit_claim"))
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        workflow.enforce(rules.acknowledge_quote(by, claim))
        claim.anchor = Claim.Anchor.FOUND
        claim.quote_before = ""
        claim.version += 1
        claim._history_user = by
        claim.save(update_fields=["anchor", "quote_before", "version", "updated_at"])
    return claim


# Reading versions ----------------------------------------------------------------------------

_BREAK = "\n\n"  # a paragraph break, as one token of the word diff


def _tokens(body: str) -> list[str]:
    tokens: list[str] = []
    for start, end in paragraph_spans(body):
        if tokens:
            tokens.append(_BREAK)
        tokens.extend(body[start:end].split())
    return tokens


def body_diff(old: str, new: str) -> list[list[DiffPart]]:
    """``new`` against ``old`` word by word, as paragraphs of kept, deleted and inserted runs."""
    a, b = _tokens(old), _tokens(new)
    marked: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            marked.extend(("equal", token) for token in a[a1:a2])
            continue
        marked.extend(("delete", token) for token in a[a1:a2])
        marked.extend(("insert", token) for token in b[b1:b2])
    paragraphs: list[list[DiffPart]] = [[]]
    for op, token in marked:
        if token == _BREAK:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        parts = paragraphs[-1]
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, f"{parts[-1].text} {token}")
        else:
            parts.append(DiffPart(op, token))
    return [parts for parts in paragraphs if parts]


def body_paragraphs(body: str) -> list[str]:
    return [body[start:end] for start, end in paragraph_spans(body)]


def article_versions(article) -> list[ArticleVersion]:
    """The article's versions, newest first, with who added each (one query)."""
    return list(article.versions.select_related("created_by").order_by("-number"))


def anchor_context(claim, user) -> dict:
    """What the claim panel shows about the claim's anchor after a correction."""
    changed = claim.anchor == Claim.Anchor.QUOTE_CHANGED
    return {
        "quote_diff": word_diff(claim.quote_before, claim.quote) if changed else [],
        "can_acknowledge_quote": changed and rules.acknowledge_quote(user, claim) is None,
    }


def orphaned_claims(claims) -> list[Claim]:
    return [claim for claim in claims if claim.anchor == Claim.Anchor.ORPHANED]
