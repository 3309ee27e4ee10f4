"""Forms of the article metadata page and the speakers page; the rules live in
article_metadata.py and speakers.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .claim_forms import partial_date_or_none
from .models import Speaker
from .models.articles import Language
from .validators import validate_web_url


class ArticleMetadataForm(forms.Form):
    # When the form was opened (article_metadata.edited_at): a save after someone else's is refused.
    version = forms.CharField(max_length=40, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
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
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

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


class SpeakerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Speaker.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Other names, one per line: “Musk”, “@elonmusk”."),
    )
