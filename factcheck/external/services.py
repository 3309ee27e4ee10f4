"""The external area's writers: importing a ClaimReview feed (the page and the command share
``import_feed``/``import_address``), and linking an external review to a claim as *repeats*.

An import is all or nothing: the whole feed is read and checked first (external.parsing), then
written in one transaction; a review's ``url`` names it, so importing a feed again updates its
rows and creates none.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from factcheck import workflow
from factcheck.external import matching, parsing
from factcheck.external.models import ExternalLink, ExternalReview
from factcheck.intake import fetching
from factcheck.models import Claim
from factcheck.workflow import enforce, rules

# Fields an import writes, on a new row and on one imported before.
IMPORTED_FIELDS = [
    "publisher",
    "claim_reviewed",
    "claimant",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "reviewed_on",
    "language",
    "appearances",
    "search_text",
    "match_keys",
    "updated_at",
]


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _row(item: parsing.Item, by) -> ExternalReview:
    review = ExternalReview(
        url=item.url,
        publisher=item.publisher,
        claim_reviewed=item.claim_reviewed,
        claimant=item.claimant,
        rating=item.rating,
        rating_value=item.rating_value,
        best_rating=item.best_rating,
        worst_rating=item.worst_rating,
        reviewed_on=item.reviewed_on,
        language=item.language or matching.guess_language(item.claim_reviewed),
        appearances=item.appearances,
        search_text=matching.review_text(
            claim_reviewed=item.claim_reviewed, claimant=item.claimant, publisher=item.publisher
        ),
        match_keys=matching.review_keys(claim_reviewed=item.claim_reviewed, claimant=item.claimant),
        imported_by=by if by is not None and by.is_authenticated else None,
    )
    return review


def import_feed(*, data: bytes, by=None) -> Imported:
    """Store every ClaimReview of ``data`` (JSON-LD or an HTML page), or none: raises
    ``parsing.FeedRefused`` naming the first bad item. ``by`` is the person importing (None for
    the command line, which only the server's administrators reach)."""
    if by is not None:
        enforce(rules.allowed(by, "import_external_reviews"))
    items = parsing.read_feed(data)
    rows = [_row(item, by) for item in items]
    with transaction.atomic():
        known = set()
        urls = [row.url for row in rows]
        for start in range(0, len(urls), 500):
            known |= set(
                ExternalReview.objects.filter(url__in=urls[start : start + 500]).values_list(
                    "url", flat=True
                )
            )
        ExternalReview.objects.bulk_create(
            rows,
            batch_size=200,
            update_conflicts=True,
            unique_fields=["url"],
            update_fields=IMPORTED_FIELDS,
        )
    return Imported(created=len(rows) - len(known), updated=len(known))


def import_address(*, address: str, by=None) -> Imported:
    """Fetch ``address`` through the desk's safe fetcher (JSON-LD or an HTML page) and import
    it; ``fetching.FetchRefused`` or ``parsing.FeedRefused`` say why not."""
    if by is not None:
        enforce(rules.allowed(by, "import_external_reviews"))
    page = fetching.fetch(address, accept=(*fetching.JSON_TYPES, "text/html"))
    return import_feed(data=page.body, by=by)


def link_review(*, claim: Claim, review_id: int, by) -> ExternalLink:
    """``claim`` repeats what the external review ``review_id`` checked: one link per pair."""
    enforce(rules.link_claims(by))
    review = ExternalReview.objects.filter(pk=review_id).first()
    if review is None:
        raise workflow.Conflict(_("There is no such external fact-check."))
    try:
        with transaction.atomic():
            return ExternalLink.objects.create(
                claim=claim,
                external_review=review,
                relation=ExternalLink.Relation.REPEATS,
                created_by=by,
            )
    except IntegrityError:
        raise workflow.Conflict(_("This claim is already linked to that fact-check.")) from None


def unlink_review(*, link: ExternalLink, by) -> None:
    enforce(rules.unlink(by))
    deleted, _rows = ExternalLink.objects.filter(pk=link.pk).delete()
    if not deleted:
        raise workflow.Conflict(_("This link was already removed."))
