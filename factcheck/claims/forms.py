"""Forms of the article page and the claim panel: marking a claim, moving it onto other words,
rewording, mending its facts, assigning, setting aside, withdrawing. They validate input only;
the rules live in workflow.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from factcheck.core.forms import model_formfield
from factcheck.core.partial_dates import (
    PartialDate,
    format_partial,
    partial_date_or_none,
)
from factcheck.models import Claim, ClaimLink, Speaker
from factcheck.verdicts.forms import SourceForm, VerdictForm
from factcheck.workflow import rules

SELECTION_POSITION = ("start", "end", "body_version")
# The claim as its form asks for it; the history calls the field "claim as checked".
WORDING_LABEL = _("Claim as the desk checks it")


# Rows of sources the mark form takes at once; more is a form error, never a 500.
MAX_SOURCE_ROWS = 30


class MarkSourceForm(SourceForm):
    """One source row of the mark form: what the evidence rule counts, the rest later."""

    class Meta(SourceForm.Meta):
        fields = ["url", "title", "publisher", "kind", "archived_url"]


class BaseMarkSourceFormSet(forms.BaseFormSet):
    def clean(self):
        # A negative count would silently drop every row typed; only a forged post sends one.
        if self.management_form.cleaned_data["TOTAL_FORMS"] < 0:
            raise forms.ValidationError(_("The source rows were not sent whole; try again."))


MarkSourceFormSet = forms.formset_factory(
    MarkSourceForm,
    formset=BaseMarkSourceFormSet,
    extra=1,
    max_num=MAX_SOURCE_ROWS,
    absolute_max=MAX_SOURCE_ROWS,
    validate_max=True,
)


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
    speaker_kind = forms.ChoiceField(
        label=_("A new speaker is"),
        choices=Speaker.Kind.choices,
        initial=Speaker.Kind.PERSON,
        required=False,
        widget=forms.RadioSelect,
    )
    kind = model_formfield(Claim, "kind")
    claimed = forms.CharField(
        label=_("Said on"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD: the article’s date until you change it."),
    )
    claim_reviewed = model_formfield(
        Claim,
        "claim_reviewed",
        label=WORDING_LABEL,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In neutral words: what exactly is being claimed?"),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas.")
    )

    # Set by the "Mark and submit for review" button.
    submit_for_review = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, article=None, **kwargs):
        kwargs.setdefault("auto_id", "mark_%s")
        kwargs.setdefault("label_suffix", "")  # the panel beside it has its own claim fields
        if article is not None and article.published_on:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault(
                "claimed", format_partial(article.published_on, article.published_precision)
            )
        super().__init__(data, *args, **kwargs)
        self.verdict = VerdictForm(data, prefix="verdict", auto_id="mark_%s", label_suffix="")
        # Hidden until a selection opens it, the form keeps its editor aside (mark_form.js).
        self.verdict.fields["rationale"].widget.deferred = not self.is_bound
        sources_data = data
        if data is not None and "source-TOTAL_FORMS" not in data:
            # A post without source rows at all (a script, an older page) marks the claim alone.
            sources_data = data.copy()
            sources_data.update({"source-TOTAL_FORMS": "0", "source-INITIAL_FORMS": "0"})
        self.sources = MarkSourceFormSet(sources_data, prefix="source")

    def is_valid(self) -> bool:
        # Every part validated, so each shows its own errors at once.
        valid = [super().is_valid(), self.verdict.is_valid(), self.sources.is_valid()]
        return all(valid)

    def clean_speaker_kind(self) -> str:
        return self.cleaned_data["speaker_kind"] or Speaker.Kind.PERSON

    def clean_claimed(self) -> PartialDate | None:
        return partial_date_or_none(self.cleaned_data["claimed"])

    def domain_arguments(self) -> dict:
        """The cleaned form as ``marking.mark_with_verdict``'s keyword arguments."""
        arguments = dict(self.cleaned_data)
        arguments["submit"] = arguments.pop("submit_for_review")
        verdict = dict(self.verdict.cleaned_data)
        verdict.pop("version", None)
        arguments.update(verdict)
        arguments["sources"] = [
            row.cleaned_data for row in self.sources if row.has_changed() and row.cleaned_data
        ]
        return arguments


class ClaimReviewedForm(forms.ModelForm):
    """The desk's wording of the claim, with the version the form was opened on."""

    # The claim's version when the form was opened: a save based on an older one is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["claim_reviewed"]
        labels = {"claim_reviewed": WORDING_LABEL}
        help_texts = {"claim_reviewed": ""}  # the section's heading says what it is
        widgets = {"claim_reviewed": forms.Textarea(attrs={"rows": 3})}

    # The section's heading shows the label already; the field template hides it.
    hidden_labels = ("claim_reviewed",)
    claim_auto_id = "%s_{claim}"  # see panel.claim_ids

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class AssignForm(forms.Form):
    claim_auto_id = "assign_%s_{claim}"
    hidden_labels = ("assignee",)  # the Assign button beside it says it
    assignee = forms.ModelChoiceField(
        rules.assignable_users(), label=_("Assignee"), required=False, empty_label=_("nobody")
    )


class ReasonForm(forms.Form):
    claim_auto_id = "%s_{claim}"
    reason = model_formfield(
        Claim,
        "not_checkable_reason",
        label=_("Why it cannot be checked"),
        required=True,
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
    kind = model_formfield(Claim, "kind")
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
        return partial_date_or_none(self.cleaned_data["claimed"])


class WithdrawForm(forms.Form):
    claim_auto_id = "withdraw_%s_{claim}"
    reason = model_formfield(
        Claim,
        "withdrawn_reason",
        label=_("Why withdraw it"),
        required=True,
        help_text=_("Marked by mistake, a duplicate…"),
    )


class LinkForm(forms.ModelForm):
    claim_auto_id = "link_%s_{claim}"
    # The claim picked in the search, by id (the domain step checks that it exists).
    target = forms.IntegerField(
        label=_("Linked claim"),
        min_value=1,
        error_messages={"required": _("Find the claim to link to, then choose it.")},
    )

    class Meta:
        model = ClaimLink
        fields = ["relation", "note"]
        # The picker between them reads as a sentence: "This claim… …the claim".
        labels = {"relation": _("This claim…"), "note": _("Note (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No empty choice: a link always says how the claims relate.
        self.fields["relation"].choices = ClaimLink.Relation.choices
        self.fields["relation"].initial = ClaimLink.Relation.RESPONDS_TO


class SpeakerForm(forms.ModelForm):
    # A long list of aliases is refused with a message, never stored whole.
    aliases = model_formfield(
        Speaker, "aliases", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Speaker
        fields = ["kind", "description", "aliases"]
