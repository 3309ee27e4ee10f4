"""Marking a claim from the article page: the speaker found or created, tags by name, one
transaction around ``workflow.mark_claim``, and, from the same form, the claim's first verdict
with its sources, submitted for review if asked; and the speaker search behind the form."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from factcheck import workflow
from factcheck.claims.speakers import find_or_create_speaker
from factcheck.core.sanitize import html_to_text
from factcheck.models import Claim, Speaker, Tag
from factcheck.verdicts import sources as verdict_sources

SEARCH_LIMIT = 8


def search_speakers(text: str) -> list[Speaker]:
    """Speakers whose name or one of whose aliases contains ``text``, best matches first."""
    text = text.strip()
    if not text:
        return []
    found = Speaker.objects.filter(Q(name__icontains=text) | Q(aliases__icontains=text))
    # Names that start with the text first, then the rest alphabetically.
    return sorted(
        found[:50], key=lambda s: (not s.name.casefold().startswith(text.casefold()), s.name)
    )[:SEARCH_LIMIT]


def tag_names(text: str) -> list[str]:
    """Tags typed as a comma-separated list, blanks and repeats left out."""
    names = []
    for name in (part.strip() for part in text.split(",")):
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name[:60])
    return names


class NotSubmitted(workflow.Conflict):
    """The verdict typed on the mark form may not go to review yet; nothing was saved."""


def mark_from_selection(
    *,
    article,
    by,
    quote: str,
    start: int,
    end: int,
    body_version: int | None = None,
    speaker=None,
    speaker_name: str = "",
    create_speaker: bool = False,
    speaker_kind: str = Speaker.Kind.PERSON,
    kind: str = Claim.Kind.DIRECT_QUOTE,
    claim_reviewed: str = "",
    claimed=None,
    tags: str = "",
):
    """The claim on exactly the words the reader selected (``start``/``end`` in code points,
    checked against body version ``body_version``), with its speaker and tags, or nothing.

    A speaker created here (``create_speaker``) is of ``speaker_kind``, a person or an
    organisation; ``claimed`` (a PartialDate) is when it was said, else the article's date."""
    with transaction.atomic():
        speaker = find_or_create_speaker(
            speaker=speaker,
            speaker_name=speaker_name,
            create_speaker=create_speaker,
            kind=speaker_kind,
            by=by,
        )
        tag_rows = [Tag.objects.get_or_create(name=name)[0] for name in tag_names(tags)]
        return workflow.mark_claim(
            article=article,
            quote=quote,
            by=by,
            start=start,
            end=end,
            body_version=body_version,
            speaker=speaker,
            kind=kind,
            claim_reviewed=claim_reviewed,
            claimed=claimed,
            tags=tag_rows,
        )


def _has_verdict(*, rating, summary: str, rationale: str, sources, submit: bool) -> bool:
    return bool(
        submit or rating is not None or summary.strip() or html_to_text(rationale) or sources
    )


def mark_with_verdict(
    *,
    article,
    by,
    rating=None,
    summary: str = "",
    rationale: str = "",
    sources: Sequence[dict] = (),
    submit: bool = False,
    **selection,
) -> Claim:
    """The claim (``selection``: ``mark_from_selection``'s arguments), its draft verdict and
    its sources, in one transaction: all of it or, on any refusal, nothing.

    The verdict is written only when something of it was typed (or ``submit`` asks for it);
    each part goes through its usual step (``workflow.save_verdict``,
    ``sources.add_source``, ``workflow.submit``), so every rule holds here too. A verdict
    that may not go to review (the evidence rule, no rating…) raises ``NotSubmitted`` and
    leaves nothing behind: the form keeps what was typed."""
    with transaction.atomic():
        claim = mark_from_selection(article=article, by=by, **selection)
        if not _has_verdict(
            rating=rating, summary=summary, rationale=rationale, sources=sources, submit=submit
        ):
            return claim
        verdict = workflow.save_verdict(
            claim, by=by, rating=rating, summary=summary, rationale=rationale
        )
        for fields in sources:
            verdict_sources.add_source(verdict, by=by, **fields)
        if submit:
            try:
                workflow.submit(verdict, by=by)
            except workflow.Conflict as refusal:
                raise NotSubmitted(
                    " ".join(
                        [
                            refusal.message,
                            _(
                                "Nothing was saved yet: complete what is missing, or press "
                                "“Mark claim” to keep the claim and its verdict as a draft."
                            ),
                        ]
                    )
                ) from refusal
        claim.refresh_from_db()
    return claim
