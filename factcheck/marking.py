"""Marking a claim from the article page: the speaker found or created, tags by name, one
transaction around ``workflow.mark_claim``; and the speaker search behind the form."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import workflow
from .models import Claim, Speaker, Tag
from .permissions import can

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


def _speaker(*, speaker, speaker_name: str, create_speaker: bool, by):
    if speaker is not None or not speaker_name.strip():
        return speaker
    name = speaker_name.strip()
    existing = Speaker.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    if not create_speaker:
        raise workflow.Conflict(
            _("No speaker is called “%(name)s”: pick one from the list or create it.")
            % {"name": name}
        )
    if not can(by, "add_speaker"):
        raise workflow.NotAllowed(_("You are not allowed to add speakers."))
    return Speaker.objects.create(name=name)


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
    kind: str = Claim.Kind.DIRECT_QUOTE,
    claim_reviewed: str = "",
    tags: str = "",
):
    """The claim on exactly the words the reader selected (``start``/``end`` in code points,
    checked against body version ``body_version``), with its speaker and tags, or nothing."""
    with transaction.atomic():
        speaker = _speaker(
            speaker=speaker, speaker_name=speaker_name, create_speaker=create_speaker, by=by
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
            tags=tag_rows,
        )
