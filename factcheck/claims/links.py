"""Links between claims (responds to, repeats, contradicts, gives context for): making and removing
them, sharing a repeated claim's verdict, the claim picker's search and what the panel shows.

Every step checks who is asking and refuses with workflow.NotAllowed (403) or workflow.Conflict
(409), as the workflow does; the claim's status changes only in workflow.share_verdict.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from factcheck import workflow
from factcheck.claims import search, similar
from factcheck.claims.models import INVERSE_LABELS
from factcheck.models import Claim, ClaimLink, Speaker, Verdict
from factcheck.workflow import enforce, rules

Relation = ClaimLink.Relation
PICKER_LIMIT = 10


def _linked(claim_id: int, other_id: int) -> bool:
    return ClaimLink.objects.filter(
        Q(claim_id=claim_id, target_id=other_id) | Q(claim_id=other_id, target_id=claim_id)
    ).exists()


def link_claims(*, claim: Claim, target_id: int, relation: str, by, note: str = "") -> ClaimLink:
    """``claim`` <relation> the claim ``target_id``: one link per pair of claims, whichever way
    round it was made, never a claim to itself."""
    enforce(rules.link_claims(by))
    if relation not in Relation.values:
        raise workflow.Conflict(_("Choose how the two claims are related."))
    if target_id == claim.pk:
        raise workflow.Conflict(_("A claim cannot be linked to itself."))
    with transaction.atomic():
        # Both rows locked, in id order: two people linking A to B and B to A at once end with
        # one link (the unique constraint covers only one direction).
        locked = {
            c.pk: c
            for c in Claim.objects.select_for_update()
            .filter(pk__in=[claim.pk, target_id])
            .order_by("pk")
        }
        if claim.pk not in locked:
            raise workflow.Conflict(_("This claim no longer exists."))
        target = locked.get(target_id)
        if target is None:
            raise workflow.Conflict(_("There is no claim #%(pk)s.") % {"pk": target_id})
        if _linked(claim.pk, target.pk):
            raise workflow.Conflict(_("These two claims are already linked."))
        try:
            # The savepoint keeps the transaction usable when a concurrent click won the race.
            with transaction.atomic():
                return ClaimLink.objects.create(
                    claim_id=claim.pk,
                    target=target,
                    relation=relation,
                    note=note.strip(),
                    created_by=by,
                )
        except IntegrityError:
            raise workflow.Conflict(_("These two claims are already linked.")) from None


def unlink(*, link: ClaimLink, by) -> None:
    """Remove a link (a verdict already shared through it stays, with its ``shared_from``)."""
    enforce(rules.unlink(by))
    deleted, _rows = ClaimLink.objects.filter(pk=link.pk).delete()
    if not deleted:
        raise workflow.Conflict(_("This link was already removed."))


def share_verdict(*, link: ClaimLink, by) -> Verdict:
    """After an editor confirmed that ``link.claim`` repeats ``link.target``: give it the
    target's approved verdict (workflow.share_verdict)."""
    enforce(rules.allowed(by, "write_verdict"))
    link = ClaimLink.objects.select_related("claim", "target").filter(pk=link.pk).first()
    if link is None:
        raise workflow.Conflict(_("This link was removed."))
    original = link.target.verdicts.filter(status=Verdict.Status.APPROVED).first()
    if original is None:
        # Refused by the rule, which says why; the workflow step needs a verdict to lock.
        enforce(rules.share_verdict(by, link.claim, [], link=link, original=None))
    return workflow.share_verdict(link.claim, original=original, link=link, by=by)


# Reading: the picker and the panel.


def linked_ids(claim_id: int) -> set[int]:
    rows = ClaimLink.objects.filter(Q(claim_id=claim_id) | Q(target_id=claim_id)).values_list(
        "claim_id", "target_id"
    )
    return {other for pair in rows for other in pair if other != claim_id}


@dataclass
class Picked:
    """The picker's answer: the best ``claims`` and how many matched in all."""

    claims: list[Claim]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.claims)


# Where a typed word is found, and what it is worth: the quote and the speaker first, then the
# desk's wording; anywhere else in the search text (summaries, the article's title) the least.
_PLACES = (("quote", 4), ("speaker", 4), ("claim_reviewed", 2))
RANKED = 200  # matching claims ranked in Python at most (those of a matching speaker first)


def _matching_speakers(words: list[str]) -> list[int]:
    """Speakers whose folded name or aliases hold one of ``words`` (the table is small)."""
    found = []
    for pk, name, aliases in Speaker.objects.values_list("pk", "name", "aliases"):
        names = search.fold(f"{name} {aliases}")
        if any(word in names for word in words):
            found.append(pk)
    return found


def _score(claim: Claim, words: list[str]) -> int:
    speaker = claim.speaker
    texts = {
        "quote": search.fold(claim.quote),
        "speaker": search.fold(f"{speaker.name} {speaker.aliases}") if speaker else "",
        "claim_reviewed": search.fold(claim.claim_reviewed),
    }
    score = 0
    for word in words:
        score += max((weight for place, weight in _PLACES if word in texts[place]), default=1)
    return score


def pick_candidates(claim: Claim, q: str, *, limit: int = PICKER_LIMIT) -> Picked:
    """Claims matching ``q`` (every word, as typed: a word may be unfinished) in their quote,
    the desk's wording, the speaker's names, a verdict's summary or the article's title, other
    than ``claim`` and those linked to it; the best ``limit`` first (words in the quote and the
    speaker count most, then the wording; newer claims break ties), with the total count."""
    words = search.fold(q).split()[:8]
    if not words:
        return Picked([], 0)
    exclude = linked_ids(claim.pk) | {claim.pk}
    claims = Claim.objects.exclude(pk__in=exclude)
    # search_text holds the folded quote, wording, speaker and aliases (factcheck/claims/search.py);
    # a substring match finds "veri" in "verite" while the person is still typing.
    for word in words:
        claims = claims.filter(search_text__contains=word)
    total = claims.count()
    newest = claims.select_related("speaker", "article").order_by("-created_at", "-pk")
    # The speaker's own claims are ranked even when many newer claims mention the name.
    speakers = _matching_speakers(words)
    pool = {c.pk: c for c in newest.filter(speaker__in=speakers)[:RANKED]} if speakers else {}
    pool |= {c.pk: c for c in newest[:RANKED] if c.pk not in pool}
    ranked = sorted(
        pool.values(), key=lambda c: (-_score(c, words), -c.created_at.timestamp(), -c.pk)
    )
    return Picked(ranked[:limit], total)


@dataclass
class LinkRow:
    """One link as one claim's panel shows it: the relation read from this claim's side."""

    link: ClaimLink
    other: Claim
    label: str
    outgoing: bool
    rating: object = None  # the other claim's current rating, if reviewed
    can_share: bool = False


def _verdicts_for(claim: Claim, others) -> tuple[dict, list]:
    """The other claims' approved verdicts (with ratings), and ``claim``'s own open or approved
    verdicts: one query."""
    verdicts = Verdict.objects.filter(
        Q(claim_id__in=others, status=Verdict.Status.APPROVED)
        | Q(claim_id=claim.pk, status__in=(*Verdict.OPEN_STATUSES, Verdict.Status.APPROVED))
    ).select_related("rating")
    approved, own = {}, []
    for verdict in verdicts:
        if verdict.claim_id == claim.pk:
            own.append(verdict)
        else:
            approved[verdict.claim_id] = verdict
    return approved, own


def links_context(claim: Claim, user, *, compare: bool = True) -> dict:
    """The panel's "Linked claims" and "Similar reviewed claims": three queries whatever the
    number of links (links, verdicts, similar claims); ``compare`` as in
    ``similar.similar_reviewed``."""
    links = list(
        ClaimLink.objects.filter(Q(claim=claim) | Q(target=claim))
        .select_related("claim__speaker", "claim__article", "target__speaker", "target__article")
        # A row names each claim's article; the articles' texts stay in the database.
        .defer("claim__article__body", "target__article__body")
    )
    others = {link.target_id if link.claim_id == claim.pk else link.claim_id for link in links}
    approved, own = _verdicts_for(claim, others)
    rows = []
    for link in links:
        outgoing = link.claim_id == claim.pk
        other = link.target if outgoing else link.claim
        relation = Relation(link.relation)
        verdict = approved.get(other.pk)
        rows.append(
            LinkRow(
                link=link,
                other=other,
                label=relation.label if outgoing else INVERSE_LABELS[relation],
                outgoing=outgoing,
                rating=verdict.rating if verdict else None,
                can_share=rules.share_verdict(user, claim, own, link=link, original=verdict)
                is None,
            )
        )
    return {
        "links": rows,
        "can_link": rules.link_claims(user) is None,
        "can_unlink": rules.unlink(user) is None,
        "similar": similar.similar_reviewed(claim, exclude=others, compare=compare),
    }
