"""Optimistic locking: a version number on claims, verdicts and sources, checked in the UPDATE.

An edit form carries the version it was opened on; ``update_if_current`` writes only if the row
still has that version (``UPDATE … WHERE version = expected``), so the second of two people
editing the same thing is refused (``StaleEdit``) instead of silently overwriting the first.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.core.sanitize import html_to_text


class Versioned(models.Model):
    """A row whose edit forms are checked against its ``version``.

    ``VERSIONED_FIELDS`` are the fields people edit in the panel; a ``save()`` that changes one
    of them (the admin, a restore from history) moves the version on too, read under a lock so
    that a restored old record never brings an old version number back."""

    VERSIONED_FIELDS: tuple[str, ...] = ()

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        touches = update_fields is None or set(update_fields) & set(self.VERSIONED_FIELDS)
        if self.pk is None or not touches:
            # Workflow steps (status, assignee) leave the edited content alone: no false conflicts.
            return super().save(*args, update_fields=update_fields, **kwargs)
        attnames = [self._meta.get_field(name).attname for name in self.VERSIONED_FIELDS]
        with transaction.atomic():
            saved = (
                type(self)
                ._base_manager.select_for_update()
                .filter(pk=self.pk)
                .values("version", *attnames)
                .first()
            )
            if saved is not None:
                changed = any(saved[name] != getattr(self, name) for name in attnames)
                self.version = saved["version"] + int(changed)
                if update_fields is not None:
                    update_fields = {*update_fields, "version"}
            return super().save(*args, update_fields=update_fields, **kwargs)


# Sent after ``update_if_current`` wrote a row (a queryset update sends no post_save), with
# ``instance`` and ``fields``, the names it changed: derived data (the search text) follows.
updated = Signal()


@dataclass
class Difference:
    label: str
    saved: str
    typed: str


class StaleEdit(Exception):
    """Someone saved the row after the form was opened; nothing was written."""

    def __init__(self, current, typed: dict, expected: int | None = None):
        super().__init__("stale edit")
        self.current, self.typed, self.expected = current, typed, expected
        self.message = _("Someone else saved this while you were editing; nothing was overwritten.")

    @cached_property
    def last_change(self):
        if self.current is None:
            return None
        return self.current.history.select_related("history_user").order_by("-history_id").first()

    @property
    def who(self) -> str:
        record = self.last_change
        if record is None or record.history_user is None:
            return _("someone")
        return record.history_user.get_username()

    @property
    def when(self):
        record = self.last_change
        return record.history_date if record else None

    @cached_property
    def differences(self) -> list[Difference]:
        """The edited fields whose saved value is not what the person typed."""
        if self.current is None:
            return []
        differences = []
        for name, typed in self.typed.items():
            field = self.current._meta.get_field(name)
            saved = getattr(self.current, name)
            if _comparable(saved) == _comparable(typed):
                continue
            differences.append(
                Difference(str(field.verbose_name), _shown(field, saved), _shown(field, typed))
            )
        return differences


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else (value or "")


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.name == "rationale":
        return html_to_text(value)
    return str(value)


def update_if_current(instance, *, expected: int | None, by, **changes):
    """Write ``changes`` to ``instance``'s row if its version is still ``expected`` (None: no
    check), moving the version on in the same UPDATE; raise ``StaleEdit`` otherwise.

    A queryset update sends no post_save, so the history record (with its user) is written here
    and ``updated`` is sent for the rest."""
    model = type(instance)
    values = dict(changes, version=F("version") + 1)
    # Columns a model keeps derived from others (a verdict's rationale as plain text) are
    # written in the same UPDATE.
    derived = getattr(model, "derived_columns", None)
    if derived is not None:
        values.update(derived(changes))
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    rows = model._base_manager.filter(pk=instance.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    with transaction.atomic():
        if not rows.update(**values):
            current = model._base_manager.filter(pk=instance.pk).first()
            raise StaleEdit(current, changes, expected)
        instance.refresh_from_db()
        model.history.bulk_history_create([instance], update=True, default_user=by)
        updated.send(sender=model, instance=instance, fields=frozenset(changes))
    return instance
