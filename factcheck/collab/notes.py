"""Writing a note on a claim: its HTML cleaned, the people it mentions found, the writer then
following the claim; and who may be mentioned."""

import re

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from factcheck.collab import notifications
from factcheck.core.permissions import can, users_who_can
from factcheck.core.sanitize import clean_html, html_to_text
from factcheck.models import ClaimFollow, ClaimNote
from factcheck.workflow import NotAllowed, WorkflowError

NOTE_MAX_CHARS = 20_000
# A mention is @ followed by a user name (letters, digits and . @ + - _), not inside a word or
# an e-mail address; a full stop that ends the sentence is not part of the name.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


class InvalidNote(WorkflowError):
    """A note that cannot be saved as it is (HTTP 422); the text typed is kept."""


def mentioned_names(text: str) -> list[str]:
    """User names written as @name in ``text``, in order, each once (case kept)."""
    names = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".")
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def mentionable():
    """Who may be mentioned: active people who can read the claims."""
    return users_who_can("view")


def resolve_mentions(names: list[str]) -> list:
    """The mentionable people named, matching user names without regard to case."""
    if not names:
        return []
    wanted = Q()
    for name in names:
        wanted |= Q(username__iexact=name)
    return list(mentionable().filter(wanted))


def write_note(claim, *, by, body: str) -> ClaimNote:
    """Add ``body`` (HTML from the editor) to the claim's thread; mentioned people and the
    claim's followers are told once the note is saved."""
    if not can(by, "write_note"):
        raise NotAllowed(_("You are not allowed to do this."))
    cleaned = clean_html(body or "")
    text = html_to_text(cleaned, cleaned=True).strip()
    if not text:
        raise InvalidNote(_("Write something before adding the note."))
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidNote(
            _("A note holds at most %(max)d characters; this one has %(count)d.")
            % {"max": NOTE_MAX_CHARS, "count": len(text)}
        )
    mentioned = [user for user in resolve_mentions(mentioned_names(text)) if user.pk != by.pk]
    with transaction.atomic():
        note = ClaimNote.objects.create(claim=claim, author=by, body=cleaned)
        note.mentions.set(mentioned)
        follow(claim, user=by)
        transaction.on_commit(
            lambda: notifications.note_written(note, mentioned=mentioned), robust=True
        )
    return note


def can_write_note(user) -> bool:
    return can(user, "write_note")


def is_following(claim, user) -> bool:
    return ClaimFollow.objects.filter(claim=claim, user=user).exists()


def follow(claim, *, user) -> None:
    ClaimFollow.objects.get_or_create(claim=claim, user=user)


def unfollow(claim, *, user) -> None:
    ClaimFollow.objects.filter(claim=claim, user=user).delete()


def notes_of(claim) -> list[ClaimNote]:
    return list(claim.notes.select_related("author").order_by("created_at", "pk"))


def mention_candidates(prefix: str, *, limit: int = 10):
    """People whose user name starts with ``prefix`` (the autocomplete under the note form)."""
    prefix = prefix.strip().lstrip("@")
    people = mentionable()
    if prefix:
        people = people.filter(username__istartswith=prefix)
    return list(people[:limit])
