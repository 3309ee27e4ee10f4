"""The "new version of the text" form: pasted text or an uploaded file, parsed as imports are."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .article_forms import reason, too_large_message
from .importing import InvalidArticle, parse_article, parse_article_bytes


class BodyReplaceForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste the corrected text"),
        required=False,
        strip=False,  # the body keeps every character, so offsets stay true
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "The whole article, paragraphs separated by blank lines. A leading “date 2023-11” "
            "line is dropped: the publication date stays as it is."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("…or upload a text file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=gettext_lazy("UTF-8 text, in the import format."),
    )
    note = forms.CharField(
        label=gettext_lazy("What changed"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("The outlet’s correction notice, or what you saw change."),
    )
    # The version the editor started from: saving over a newer one is refused. Left out (a
    # script posting the form), the text replaces whatever version is current.
    base = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if "text" in self.errors or "file" in self.errors:
            return cleaned
        if upload and text.strip():
            self.add_error("text", _("Paste a text or upload a file, not both."))
        elif upload:
            self._parse_upload(upload, cleaned)
        elif text.strip():
            self._parse_text(text, cleaned)
        else:
            self.add_error("text", _("Paste the corrected text or upload a file."))
        return cleaned

    def _parse_upload(self, upload, cleaned) -> None:
        # Refuse a large file by its size, before reading it into memory.
        if upload.size > settings.ARTICLE_MAX_BYTES:
            self.add_error("file", too_large_message(upload.size))
            return
        try:
            cleaned["body"] = parse_article_bytes(upload.read()).body
        except InvalidArticle as error:
            self.add_error("file", _("This file cannot be used: %(reason)s.") % reason(error))
            return
        cleaned["origin"] = upload.name

    def _parse_text(self, text, cleaned) -> None:
        size = len(text.encode("utf-8"))
        if size > settings.ARTICLE_MAX_BYTES:
            self.add_error("text", too_large_message(size))
            return
        try:
            # A browser sends a textarea's line ends as CRLF; the body keeps plain \n.
            cleaned["body"] = parse_article(text.replace("\r\n", "\n")).body
        except InvalidArticle as error:
            self.add_error("text", _("This text cannot be used: %(reason)s.") % reason(error))
            return
        cleaned["origin"] = "pasted"
