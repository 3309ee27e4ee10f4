"""The claim panel's link form: which claim, and how it relates. Rules live in links.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClaimLink


class LinkForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Relation"),
        choices=ClaimLink.Relation.choices,
        initial=ClaimLink.Relation.RESPONDS_TO,
    )
    target = forms.IntegerField(
        label=_("Linked claim"),
        min_value=1,
        error_messages={"required": _("Find the claim to link to, then choose it.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
