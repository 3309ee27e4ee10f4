"""Writing speakers: found by name or created (with their kind) from the claim forms, and
edited on the speakers page (kind, description, aliases), each change in their history."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from factcheck.models import Speaker
from factcheck.workflow import Conflict, enforce, rules


def find_or_create_speaker(
    *, speaker, speaker_name: str, create_speaker: bool, by, kind: str = Speaker.Kind.PERSON
):
    """The speaker picked from the search (``speaker``) if the name shown is still theirs (or no
    name is shown), else the one named ``speaker_name`` (case aside), else a new one of ``kind``
    when the editor asked to create it; None when neither is given."""
    name = " ".join(speaker_name.split())
    # The picked speaker counts only while the field still shows its name: without JavaScript
    # (or after typing over it) the hidden id is a leftover and the typed name decides.
    if speaker is not None and (not name or speaker.name.casefold() == name.casefold()):
        return speaker
    if not name:
        return None
    existing = Speaker.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    if not create_speaker:
        raise Conflict(
            _("No speaker is called “%(name)s”: pick one from the list or create it.")
            % {"name": name}
        )
    enforce(rules.add_speaker(by))
    if kind not in Speaker.Kind.values:
        kind = Speaker.Kind.PERSON
    speaker = Speaker(name=name[:200], kind=kind)
    speaker._history_user = by
    try:
        with transaction.atomic():
            speaker.save()
    except IntegrityError:  # created at the same moment by someone else: the same speaker
        return Speaker.objects.get(name=speaker.name)
    return speaker


def edit_speaker(speaker, *, by, kind: str, description: str, aliases: str) -> Speaker:
    """Correct who a speaker is: a person or an organisation, a short description, aliases
    (one a line, blanks and repeats left out)."""
    enforce(rules.edit_speaker(by))
    if kind not in Speaker.Kind.values:
        raise Conflict(_("A speaker is a person or an organisation."))
    names = []
    for line in aliases.splitlines():
        alias = " ".join(line.split())
        if alias and alias.casefold() not in {n.casefold() for n in names}:
            names.append(alias)
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        speaker.kind = kind
        speaker.description = " ".join(description.split())[:300]
        speaker.aliases = "\n".join(names)
        speaker._history_user = by
        speaker.save()
    return speaker


def speaker_history(speaker) -> list[dict]:
    """Who changed the speaker and what, newest first: ``when``, ``who`` and ``changes``
    (label, old, new) for kind, description and aliases."""
    records = list(
        speaker.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for name in ("name", "kind", "description", "aliases"):
                old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    field = Speaker._meta.get_field(name)
                    if field.choices:
                        old, new = (
                            dict(field.choices).get(old, old),
                            dict(field.choices).get(new, new),
                        )
                    changes.append((str(field.verbose_name), str(old) or "—", str(new) or "—"))
        if previous is None or changes:
            who = record.history_user.get_username() if record.history_user else ""
            entries.append({"when": record.history_date, "who": who, "changes": changes})
        previous = record
    return entries[::-1]
