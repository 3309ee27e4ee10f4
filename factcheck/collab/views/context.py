"""The notes section of the claim panel, for the whole panel and for the notes fragment."""

from factcheck.collab import notes
from factcheck.collab.forms import NoteForm


def notes_context(claim, user) -> dict:
    context = {
        "notes": notes.notes_of(claim),
        "can_write_note": notes.can_write_note(user),
        "following": notes.is_following(claim, user),
    }
    if context["can_write_note"]:
        context["note_form"] = NoteForm()
    return context
