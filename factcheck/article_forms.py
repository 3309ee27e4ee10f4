"""The import page's form: pasted text or an uploaded file, parsed as the command line does."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importing import InvalidArticle, decode_article, parse_article
from .models.articles import Language
from .validators import validate_web_url


class ArticleImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste the article"),
        required=False,
        strip=False,  # the body keeps every character, so offsets stay true
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Optionally start with “date 2023-11” (or 2023, or 2023-11-27), then paragraphs "
            "separated by blank lines."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("…or upload a text file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=gettext_lazy("UTF-8 text, in the same format."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Leave empty to take the lead’s first sentence."),
    )
    outlet = forms.CharField(label=gettext_lazy("Outlet"), max_length=200, required=False)
    # A plain field with the web-address rule only: URLField would accept ftp:// and word its
    # refusal of javascript: vaguely.
    url = forms.CharField(
        label=gettext_lazy("URL"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[validate_web_url],
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=Language.choices, initial=Language.FRENCH
    )
    # Offered only once the same text was found already imported.
    import_anyway = forms.BooleanField(
        label=gettext_lazy("Import anyway, as a new article with the same text"), required=False
    )

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
            self.add_error("text", _("Paste the article’s text or upload a file."))
        return cleaned

    def _parse_upload(self, upload, cleaned) -> None:
        # Refuse a large file by its size, before reading it into memory.
        if upload.size > settings.ARTICLE_MAX_BYTES:
            self.add_error("file", too_large_message(upload.size))
            return
        try:
            text = decode_article(upload.read())
            cleaned["parsed"] = parse_article(text, title=cleaned.get("title", ""))
        except InvalidArticle as error:
            self.add_error("file", _("This file cannot be imported: %(reason)s.") % reason(error))
            return
        cleaned["origin"] = upload.name

    def _parse_text(self, text, cleaned) -> None:
        size = len(text.encode("utf-8"))
        if size > settings.ARTICLE_MAX_BYTES:
            self.add_error("text", too_large_message(size))
            return
        try:
            # A browser sends a textarea's line ends as CRLF; the body keeps plain \n.
            text = text.replace("\r\n", "\n")
            cleaned["parsed"] = parse_article(text, title=cleaned.get("title", ""))
        except InvalidArticle as error:
            self.add_error("text", _("This text cannot be imported: %(reason)s.") % reason(error))
            return
        cleaned["origin"] = "pasted"


def too_large_message(size: int) -> str:
    return _("This article is too large (%(size)d kB); the limit is %(limit)d kB.") % {
        "size": (size + 1023) // 1024,
        "limit": settings.ARTICLE_MAX_BYTES // 1024,
    }


def reason(error: InvalidArticle) -> dict:
    return {"reason": str(error).rstrip(".")}
