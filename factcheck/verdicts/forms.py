"""Forms of the verdict part of the claim panel: the verdict, its sources, a review comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from factcheck.core.validators import validate_web_url
from factcheck.models import Rating, Source


class VerdictForm(forms.Form):
    # The open verdict's version when the form was opened (0: none yet); see locking.py.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    rating = forms.ModelChoiceField(
        Rating.objects.order_by("order"), label=_("Rating"), required=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    # Filled by the Trix editor; cleaned by sanitize.clean_html when the verdict is saved.
    rationale = forms.CharField(
        label=_("Rationale"), required=False, strip=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "verdict_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _web_url_field(label, required=True):
    return forms.URLField(
        label=label,
        required=required,
        max_length=500,
        assume_scheme="https",
        validators=[validate_web_url],
        error_messages={"invalid": validate_web_url.message},
    )


class SourceForm(forms.ModelForm):
    url = _web_url_field(_("URL"))
    archived_url = _web_url_field(_("Archived copy"), required=False)

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
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why correct the approved verdict?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the corrections log and the export: a new fact, an error found…"),
    )
