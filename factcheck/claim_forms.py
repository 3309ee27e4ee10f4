"""Forms of the article page and the claim panel: marking a claim, moving it onto other words,
rewording, mending its facts, assigning, setting aside, withdrawing. They validate input only;
the rules live in workflow.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Claim, Speaker
from .partial_dates import InvalidPartialDate, PartialDate

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


class ClaimFactsForm(forms.Form):
    """Mending what was marked: speaker (picked from the search, or created), kind, the date the
    claim was made at its precision, tags."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(), required=False, widget=forms.HiddenInput
    )
    speaker_name = forms.CharField(
        label=_("Speaker"), required=False, max_length=200, help_text=_("Empty: no speaker.")
    )
    create_speaker = forms.BooleanField(label=_("Create this speaker"), required=False)
    speaker_kind = forms.ChoiceField(
        label=_("A new speaker is"), choices=Speaker.Kind.choices, initial=Speaker.Kind.PERSON
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Claim.Kind.choices)
    claimed = forms.CharField(
        label=_("Said on"),
        required=False,
        max_length=10,
        help_text=_("2023, 2023-11 or 2023-11-27: as precise as the text says."),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "facts_%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def of(cls, claim, proposal: dict | None = None):
        """The form filled from the claim, with a correction's proposed facts over it."""
        initial = {
            "version": claim.version,
            "speaker": claim.speaker_id,
            "speaker_name": claim.speaker.name if claim.speaker else "",
            "kind": claim.kind,
            "claimed": claim.claimed,
            "tags": ", ".join(tag.name for tag in claim.tags.all()),
        }
        proposal = proposal or {}
        if "speaker" in proposal:
            speaker = Speaker.objects.filter(pk=proposal["speaker"]).first()
            initial["speaker"] = speaker.pk if speaker else None
            initial["speaker_name"] = speaker.name if speaker else ""
        initial.update({k: proposal[k] for k in ("kind", "claimed") if k in proposal})
        return cls(initial=initial)

    def clean_claimed(self):
        text = self.cleaned_data["claimed"].strip()
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except InvalidPartialDate as error:
            raise forms.ValidationError(str(error)) from None


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why withdraw it"),
        max_length=300,
        help_text=_("Marked by mistake, a duplicate…"),
    )
