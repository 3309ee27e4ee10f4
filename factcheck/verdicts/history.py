"""A claim's history as people read it: who did what and when, to the claim, its verdicts and
their sources, from the simple-history records (a fixed number of queries whatever the size)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from factcheck.models import Claim, ClaimNote, Rating, Source, Speaker, Verdict

# Bookkeeping and links the panel shows elsewhere; every other field a model's history keeps
# (a new one included) is worth telling a person about, in the model's order.
UNTOLD = {
    *("id", "version", "created_at", "updated_at"),
    *("article", "start_offset", "end_offset", "prefix", "suffix", "quote_before", "created_by"),
    *("claim", "author", "supersedes", "correction_reason", "shared_from"),
    *("submitted_at", "reviewed_at", "verdict", "added_by", "added_at"),
}
TRACKED = {
    model: [
        f.name for f in model.history.model.tracked_fields if f.editable and f.name not in UNTOLD
    ]
    for model in (Claim, Verdict, Source)
}
# Long or rich-text fields: say that they changed, not how.
WITHOUT_VALUES = {"rationale", "quote", "excerpt", "note", "claim_changes"}


@dataclass
class Change:
    field: str
    old: str = ""
    new: str = ""


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)


def _records(model, **filters):
    return list(
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


def _display(model, name, value, names) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    return str(value)


# Whole sentences, so that translators can order the words their own way.
WHAT = {
    (Claim, "+"): _("marked the claim"),
    (Claim, "~"): _("changed the claim"),
    (Claim, "-"): _("deleted the claim"),
    (Verdict, "+"): _("started a verdict"),
    (Verdict, "~"): _("changed the verdict"),
    (Verdict, "-"): _("deleted a verdict"),
    (Source, "+"): _("added the source “%(title)s”"),
    (Source, "~"): _("changed the source “%(title)s”"),
    (Source, "-"): _("removed the source “%(title)s”"),
}


def _what(model, record) -> str:
    sentence = str(WHAT[model, record.history_type])
    return sentence % {"title": record.title} if model is Source else sentence


def _entries(model, records, names) -> list[Entry]:
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = []
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before, included_fields=TRACKED[model])
            changed = {change.field: change for change in delta.changes}
            for name in TRACKED[model]:  # diff_against sorts by name; people read model order
                if name not in changed:
                    continue
                label = str(model._meta.get_field(name).verbose_name)
                if name in WITHOUT_VALUES:
                    changes.append(Change(label))
                else:
                    old, new = changed[name].old, changed[name].new
                    changes.append(
                        Change(
                            label,
                            _display(model, name, old, names),
                            _display(model, name, new, names),
                        )
                    )
            if not changes:
                continue
        who = record.history_user.get_username() if record.history_user else str(_("the system"))
        entries.append(Entry(record.history_date, who, _what(model, record), changes))
    return entries


def claim_history(claim, notes=None) -> list[Entry]:
    """Everything that happened to ``claim``, newest first; ``notes``, the claim's notes with
    their authors when the caller read them already."""
    claims = _records(Claim, id=claim.pk)
    verdicts = _records(Verdict, claim_id=claim.pk)
    sources = _records(Source, verdict_id__in={r.id for r in verdicts}) if verdicts else []
    names = _names(claims, verdicts)
    entries = (
        _entries(Claim, claims, names)
        + _entries(Verdict, verdicts, names)
        + _entries(Source, sources, names)
        + _note_entries(claim, notes)
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _note_entries(claim, notes=None) -> list[Entry]:
    """Notes are never changed once written: each is one entry, without its text."""
    if notes is None:
        notes = ClaimNote.objects.filter(claim=claim).select_related("author")
    return [Entry(note.created_at, note.author.get_username(), str(NOTE_WRITTEN)) for note in notes]


NOTE_WRITTEN = _("wrote a note")


def _names(claims, verdicts) -> dict:
    """Readable names for the people, speakers and ratings the records point at."""

    user_ids = {r.assignee_id for r in claims} | {r.reviewer_id for r in verdicts}
    users = get_user_model().objects.filter(pk__in=user_ids - {None})
    names = {(get_user_model(), u.pk): u.get_username() for u in users}
    speaker_ids = {r.speaker_id for r in claims} - {None}
    names |= {(Speaker, s.pk): s.name for s in Speaker.objects.filter(pk__in=speaker_ids)}
    names |= {(Rating, r.pk): r.label for r in Rating.objects.all()}
    return names
