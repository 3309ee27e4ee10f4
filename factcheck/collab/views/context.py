"""The claim panel's collab sections (notes, priority and due date), for the whole panel and
for the fragments their forms answer with."""

from factcheck.collab import notes, queue
from factcheck.collab.forms import DeadlineForm, NoteForm
from factcheck.core.permissions import can
from factcheck.models import Claim


def notes_context(claim, user, claim_notes=None) -> dict:
    """``claim_notes``: ``notes.notes_of(claim)`` when the caller read them already."""
    context = {
        "notes": notes.notes_of(claim) if claim_notes is None else claim_notes,
        "can_write_note": notes.can_write_note(user),
        "following": notes.is_following(claim, user),
    }
    if context["can_write_note"]:
        context["note_form"] = NoteForm()
    return context


def deadline_context(claim, user, **forms) -> dict:
    context = {
        "overdue": queue.is_overdue(claim),
        "can_set_deadline": can(user, "edit_claim") and claim.status != Claim.Status.WITHDRAWN,
    }
    if context["can_set_deadline"]:
        context["deadline_form"] = DeadlineForm(
            initial={"priority": claim.priority, "due_on": claim.due_on}, claim=claim
        )
    context.update(forms)
    return context
