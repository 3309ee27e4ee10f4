"""Forms of the external area: importing a feed (an uploaded file or an address, one of the two),
searching the list, and picking the external review a claim repeats."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.external.parsing import MAX_BYTES


class FeedImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("A ClaimReview file"),
        required=False,
        help_text=gettext_lazy(
            "JSON-LD: one ClaimReview, a list of them, a DataFeed, or an HTML page carrying them."
        ),
    )
    address = forms.CharField(
        label=gettext_lazy("…or its web address"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, address = cleaned.get("file"), (cleaned.get("address") or "").strip()
        if "file" in self.errors or "address" in self.errors:
            return cleaned
        if upload and address:
            self.add_error("file", _("Upload a file or give an address, not both."))
        elif upload:
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    _("The file is larger than %(limit)d kB.") % {"limit": MAX_BYTES // 1024},
                )
            else:
                cleaned["data"] = upload.read()
        elif not address:
            self.add_error("file", _("Upload a ClaimReview file or give its web address."))
        cleaned["address"] = address
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)


class ExternalLinkForm(forms.Form):
    review = forms.IntegerField(min_value=1, max_value=2**63 - 1)
