"""Forms of the intake area: the address to import, then the extraction as the editor corrects
it before saving."""

import re

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.articles.forms import too_large_message
from factcheck.articles.importing import ParsedArticle
from factcheck.articles.models import Language
from factcheck.core.partial_dates import partial_date_or_none
from factcheck.core.validators import validate_web_url
from factcheck.models import Snapshot

SNAPSHOT_SALT = "factcheck.intake.snapshot"
# A fetched page is confirmed within a day, or fetched again.
SNAPSHOT_MAX_AGE = 60 * 60 * 24
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UrlImportForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("The article’s web address"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "The page is read on the server; you check the text, title and date before saving."
        ),
    )


def snapshot_token(snapshot: Snapshot) -> str:
    return signing.dumps(snapshot.pk, salt=SNAPSHOT_SALT)


class FetchedArticleForm(forms.Form):
    snapshot = forms.CharField(widget=forms.HiddenInput, max_length=200)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    published = forms.CharField(
        label=gettext_lazy("Publication date"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("2023, 2023-11 or 2023-11-27: as precise as the outlet says."),
    )
    outlet = forms.CharField(label=gettext_lazy("Outlet"), max_length=200, required=False)
    url = forms.CharField(
        label=gettext_lazy("URL"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[validate_web_url],
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        strip=False,  # the body keeps every character, so offsets stay true
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=gettext_lazy("Paragraphs separated by blank lines, as read from the page."),
    )
    import_anyway = forms.BooleanField(
        label=gettext_lazy("Import anyway, as a new article with the same text"), required=False
    )

    def clean_snapshot(self):
        try:
            pk = signing.loads(
                self.cleaned_data["snapshot"], salt=SNAPSHOT_SALT, max_age=SNAPSHOT_MAX_AGE
            )
            return Snapshot.objects.get(pk=pk, article_version__isnull=True, source__isnull=True)
        except (signing.BadSignature, Snapshot.DoesNotExist, TypeError, ValueError):
            raise forms.ValidationError(
                _("This fetched page is no longer available; fetch the address again.")
            ) from None

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("An article needs a title."))
        return title

    def clean_published(self):
        return partial_date_or_none(self.cleaned_data["published"])

    def clean_text(self):
        # A browser sends a textarea's line ends as CRLF; the body keeps plain \n.
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise forms.ValidationError(_("An article needs a body."))
        if _CONTROL.search(text):
            raise forms.ValidationError(
                _("The text holds control characters; remove them before saving.")
            )
        size = len(text.encode("utf-8"))
        if size > settings.ARTICLE_MAX_BYTES:
            raise forms.ValidationError(too_large_message(size))
        return text

    def parsed(self) -> ParsedArticle:
        data = self.cleaned_data
        return ParsedArticle(title=data["title"], body=data["text"], published=data["published"])
