"""The one form behind Accept and Dismiss: which proposal, in which version of the body."""

from django import forms
from django.utils.translation import gettext_lazy as _

POSITION = ("start", "end", "body_version")


class ProposalForm(forms.Form):
    start = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    body_version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, widget=forms.HiddenInput
    )

    def clean(self):
        cleaned = super().clean()
        # Hidden fields: one sentence a person can act on, not three.
        if [name for name in POSITION if self.errors.pop(name, None)]:
            raise forms.ValidationError(
                _("Which statement was meant is missing from the request: reload the page.")
            )
        return cleaned

    def error_message(self) -> str:
        return " ".join(str(m) for errors in self.errors.values() for m in errors)
