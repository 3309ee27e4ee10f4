"""Forms of the articles area: the import page (pasted text or an uploaded file, parsed as the
command line does), a new version of the text, and the article details page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.articles.importing import (
    InvalidArticle,
    decode_article,
    parse_article,
    parse_article_bytes,
)
from factcheck.articles.models import Article
from factcheck.core.forms import model_formfield
from factcheck.core.partial_dates import partial_date_or_none
from factcheck.core.validators import validate_web_url


class TextOrFile:
    """A form that takes an article's text pasted (``text``) or uploaded (``file``), one of the
    two; each form says what it asks for when neither is given and how it parses each."""

    nothing_given = ""

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
            self.add_error("text", self.nothing_given)
        return cleaned


class ArticleImportForm(TextOrFile, forms.Form):
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
    title = model_formfield(
        Article,
        "title",
        required=False,
        help_text=gettext_lazy("Leave empty to take the lead’s first sentence."),
    )
    outlet = model_formfield(Article, "outlet")
    # A plain field with the web-address rule only: URLField would accept ftp:// and word its
    # refusal of javascript: vaguely.
    url = forms.CharField(
        label=gettext_lazy("URL"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[validate_web_url],
    )
    language = model_formfield(Article, "language")
    # Offered only once the same text was found already imported.
    import_anyway = forms.BooleanField(
        label=gettext_lazy("Import anyway, as a new article with the same text"), required=False
    )

    nothing_given = gettext_lazy("Paste the article’s text or upload a file.")

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


class BodyReplaceForm(TextOrFile, forms.Form):
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

    nothing_given = gettext_lazy("Paste the corrected text or upload a file.")

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


class ArticleMetadataForm(forms.Form):
    # When the form was opened (article_metadata.edited_at): a save after someone else's is refused.
    version = forms.CharField(max_length=40, widget=forms.HiddenInput)
    title = model_formfield(Article, "title")
    outlet = model_formfield(Article, "outlet")
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[validate_web_url],
    )
    published = forms.CharField(
        label=_("Publication date"),
        max_length=10,
        required=False,
        help_text=_("2023, 2023-11 or 2023-11-27: as precise as the outlet says."),
    )
    language = model_formfield(Article, "language")

    @classmethod
    def of(cls, article, version: str):
        return cls(
            initial={
                "version": version,
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "published": article.published,
                "language": article.language,
            }
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("An article needs a title."))
        return title

    def clean_published(self):
        return partial_date_or_none(self.cleaned_data["published"])
