"""The statements proposed for an article, and the two things an editor does with one: accept
it (a claim, through the same marking path as a selection) or dismiss it.

A proposal is named by its offsets in the body version the page showed; both steps find it
again among the proposals computed now on the server, so a forged or stale request changes
nothing."""

import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from factcheck import workflow
from factcheck.claims import marking
from factcheck.core.permissions import can
from factcheck.models import Article, Claim, DismissedStatement, Speaker
from factcheck.statements import finder

KINDS = {finder.DIRECT: Claim.Kind.DIRECT_QUOTE, finder.REPORTED: Claim.Kind.REPORTED}


class NotProposed(workflow.Conflict):
    """The statement is no longer proposed: accepted, dismissed, or the text changed."""

    def __init__(self):
        super().__init__(
            _(
                "This statement is no longer proposed: it was accepted or dismissed meanwhile, "
                "or the article’s text changed. The list now shows what is left."
            )
        )


def desk_speakers() -> list[finder.KnownSpeaker]:
    rows = Speaker.objects.values_list("pk", "name", "kind", "aliases")
    return [
        finder.KnownSpeaker(
            pk, name, kind, tuple(a.strip() for a in aliases.splitlines() if a.strip())
        )
        for pk, name, kind, aliases in rows
    ]


def proposals_for(article) -> list[finder.Proposal]:
    """What the finder proposes in ``article``'s body, less what is already a claim (words that
    overlap a claim's) and what the desk dismissed (the same words)."""
    found = finder.find_statements(article.body, desk_speakers())
    claimed = list(
        Claim.objects.filter(article=article)
        .exclude(status=Claim.Status.WITHDRAWN)
        .values_list("start_offset", "end_offset")
    )
    dismissed = set(
        DismissedStatement.objects.filter(article=article).values_list("quote", flat=True)
    )
    return [
        p
        for p in found
        if p.quote not in dismissed and all(p.end <= s or p.start >= e for s, e in claimed)
    ]


def _proposal(article, start: int, end: int) -> finder.Proposal:
    for proposal in proposals_for(article):
        if (proposal.start, proposal.end) == (start, end):
            return proposal
    raise NotProposed()


def _name(guess: finder.SpeakerGuess) -> str:
    return unicodedata.normalize("NFC", guess.name)[: Speaker._meta.get_field("name").max_length]


def _locked(article) -> Article:
    # Accepting and dismissing the same proposal twice at once leave one outcome: both steps
    # read the proposals under this lock (marking takes the same one).
    return Article.objects.select_for_update().get(pk=article.pk)


def accept(*, article, by, start: int, end: int, body_version: int | None = None) -> Claim:
    """Mark proposal [start, end) as a claim with its speaker (found or created) and kind."""
    if not can(by, "mark_claim"):
        raise workflow.NotAllowed(_("You are not allowed to do this."))
    with transaction.atomic():
        article = _locked(article)
        proposal = _proposal(article, start, end)
        guess = proposal.speaker
        speaker = None
        if guess is not None and guess.id is not None:
            speaker = Speaker.objects.filter(pk=guess.id).first()
        return marking.mark_from_selection(
            article=article,
            by=by,
            quote=proposal.quote,
            start=proposal.start,
            end=proposal.end,
            body_version=body_version,
            speaker=speaker,
            # A desk speaker renamed or merged meanwhile is found again by name, else created
            # (composed accents, within the name's column).
            speaker_name=_name(guess) if guess is not None and speaker is None else "",
            create_speaker=True,
            speaker_kind=guess.kind if guess is not None else Speaker.Kind.PERSON,
            kind=KINDS[proposal.kind],
        )


def dismiss(*, article, by, start: int, end: int) -> DismissedStatement:
    """Hide proposal [start, end) from the list; it never becomes a claim by itself."""
    if not can(by, "mark_claim"):
        raise workflow.NotAllowed(_("You are not allowed to do this."))
    with transaction.atomic():
        article = _locked(article)
        proposal = _proposal(article, start, end)
        return DismissedStatement.objects.create(
            article=article,
            quote=proposal.quote,
            start_offset=proposal.start,
            end_offset=proposal.end,
            dismissed_by=by,
        )
