"""Forms of the article page and the claim panel: marking a claim, moving it onto other words,
rewording, assigning, setting aside. They validate input only; the rules live in workflow.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Claim, Speaker

SELECTION_POSITION = ("start", "end", "body_version")


class SelectedWordsForm(forms.Form):
    """What the reader selected, where it stands in the body (code points) and the number of the
    body's version the page showed: the server stores exactly these words or nothing."""

    quote = forms.CharField(strip=False, max_length=5000, widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    body_version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def clean_quote(self):
        quote = self.cleaned_data["quote"]
        if not quote.strip():
            raise forms.ValidationError(_("Select the words of the claim in the article first."))
        return quote

    def clean(self):
        cleaned = super().clean()
        # The position fields are hidden: one sentence a person can act on, not three.
        if [name for name in SELECTION_POSITION if self.errors.pop(name, None)]:
            raise forms.ValidationError(
                _("Where the selected words stand is missing: select them in the article again.")
            )
        return cleaned


class MoveWordsForm(SelectedWordsForm):
    # The claim's version when the panel was opened: a move based on an older one is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class MarkClaimForm(SelectedWordsForm):
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(), required=False, widget=forms.HiddenInput
    )
    speaker_name = forms.CharField(label=_("Speaker"), required=False, max_length=200)
    create_speaker = forms.BooleanField(label=_("Create this speaker"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Claim.Kind.choices, initial=Claim.Kind.DIRECT_QUOTE
    )
    claim_reviewed = forms.CharField(
        label=_("Claim as the desk checks it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In neutral words: what exactly is being claimed?"),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "mark_%s")
        kwargs.setdefault("label_suffix", "")  # the panel beside it has its own claim fields
        super().__init__(*args, **kwargs)


class ClaimReviewedForm(forms.Form):
    # The claim's version when the form was opened: a save based on an older one is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    claim_reviewed = forms.CharField(
        label=_("Claim as the desk checks it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def assignable_users():
    """People who can check claims: editors, reviewers and administrators."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name__in=["editor", "reviewer"]) | Q(is_superuser=True), is_active=True
        )
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        assignable_users(), label=_("Assignee"), required=False, empty_label=_("nobody")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it cannot be checked"),
        max_length=300,
        help_text=_("An opinion, a prediction, too vague…"),
    )
