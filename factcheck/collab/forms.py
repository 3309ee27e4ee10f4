"""Forms of the collab area: a note, and each person's notification switches."""

from django import forms
from django.utils.translation import gettext_lazy as _

from factcheck.collab.notes import NOTE_MAX_CHARS
from factcheck.models import Claim, NotificationKind

# The editor's HTML is longer than its text (tags, entities): room for it, the text's length is
# checked by notes.write_note.
NOTE_MAX_HTML = NOTE_MAX_CHARS * 10


class NoteForm(forms.Form):
    # Filled by the Trix editor; cleaned by sanitize.clean_html when the note is written.
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_HTML,
        strip=False,
        widget=forms.HiddenInput,
        error_messages={"required": _("Write something before adding the note.")},
    )


class NotificationSettingsForm(forms.Form):
    """Two switches per kind: shown in the workbench, and sent by e-mail."""

    enabled = forms.MultipleChoiceField(
        choices=NotificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    email = forms.MultipleChoiceField(
        choices=NotificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class DeadlineForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("none")), *Claim.Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, claim=None, **kwargs):
        kwargs.setdefault("auto_id", f"deadline{claim.pk if claim else ''}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
