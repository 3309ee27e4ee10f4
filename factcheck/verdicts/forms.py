"""Forms of the verdict part of the claim panel: the verdict, its sources, a review comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from factcheck.core.forms import RichTextInput, model_formfield
from factcheck.core.validators import validate_web_url
from factcheck.models import Source, Verdict


class VerdictForm(forms.ModelForm):
    """The verdict an editor writes: the fields people edit (``Verdict.VERSIONED_FIELDS``), as
    the model declares them, and the version the form was opened on (see locking.py)."""

    # The open verdict's version when the form was opened (0: none yet).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = Verdict
        fields = list(Verdict.VERSIONED_FIELDS)
        # Filled by the Trix editor; cleaned by sanitize.clean_html when the verdict is saved.
        widgets = {"rationale": RichTextInput}
        help_texts = {"rationale": ""}  # how it is stored is no concern of the editor's

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "verdict_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        rationale = self.fields["rationale"]
        rationale.strip = False  # the editor's HTML, as typed
        rationale.widget.label = rationale.label  # the editor's accessible name
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0

    def _get_validation_exclusions(self):
        # The rating field found its row already; the model's check would query it again.
        return super()._get_validation_exclusions() | {"rating"}


def _web_url_field(name):
    """A source's web address as the model declares it, https when no scheme is typed, refused
    with the model's own sentence."""
    return Source._meta.get_field(name).formfield(
        assume_scheme="https",
        validators=[validate_web_url],
        error_messages={"invalid": validate_web_url.message},
    )


class SourceForm(forms.ModelForm):
    url = _web_url_field("url")
    archived_url = _web_url_field("archived_url")

    def __init__(self, *args, **kwargs):
        # Several source forms share the panel: each row's fields get their own ids.
        instance = kwargs.get("instance")
        kwargs.setdefault("auto_id", f"source{instance.pk if instance else 'new'}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Source
        fields = list(Source.VERSIONED_FIELDS)  # the fields an editor fills, in form order
        widgets = {
            "consulted_on": forms.DateInput(attrs={"type": "date"}),
            "excerpt": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class SourceEditForm(SourceForm):
    """A source edited in place, with the version it was opened on (see locking.py)."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class SendBackForm(forms.Form):
    claim_auto_id = "send_back_%s_{claim}"
    comment = model_formfield(
        Verdict,
        "review_comment",
        label=_("What needs to change"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionForm(forms.Form):
    claim_auto_id = "correction_%s_{claim}"
    reason = model_formfield(
        Verdict,
        "correction_reason",
        label=_("Why correct the approved verdict?"),
        required=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the corrections log and the export: a new fact, an error found…"),
    )
