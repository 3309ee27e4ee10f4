"""The widgets core.forms.FormRenderer writes without templates come out exactly as Django's
templates write them: for odd values, in English and French, and on whole pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from factcheck.core.forms import FormRenderer
from factcheck.models import Article, Claim

VALUES = [
    None,
    "",
    "plain",
    "l’été & <b>\"x\"</b> 'y'",
    mark_safe("<b>safe</b>"),
    0,
    12345,
    1.5,
    Decimal("2.50"),
    True,
    False,
    datetime.date(2026, 12, 1),
    datetime.datetime(2026, 12, 1, 22, 5, tzinfo=datetime.UTC),
    ("a", 1),
    gettext_lazy("Speaker"),
]
ATTRS = {
    "id": "id_x",
    "required": True,
    "disabled": False,
    "data-n": 3,
    "data-f": 1.5,
    "placeholder": "« tapez » & <ici>",
    "data-safe": mark_safe("&amp;"),
    "data-none": None,
}
CHOICES = [
    ("", "---------"),
    (1, "one & <one>"),
    (2.5, 2.5),
    ("Group « a »", [("x", gettext_lazy("Speaker")), ("y", mark_safe("<i>y</i>"))]),
    (datetime.date(2026, 1, 2), datetime.date(2026, 1, 2)),
]
WIDGETS = [
    forms.TextInput(attrs=ATTRS),
    forms.HiddenInput(),
    forms.URLInput(attrs={"size": 40}),
    forms.EmailInput(),
    forms.NumberInput(attrs={"step": 0.5}),
    forms.PasswordInput(render_value=True),
    forms.SearchInput(),
    forms.TelInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.ColorInput(),
    forms.CheckboxInput(attrs={"class": "c"}),
    forms.Textarea(attrs={"rows": 3}),
    forms.Select(choices=CHOICES, attrs=ATTRS),
    forms.Select(choices=[]),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
    forms.RadioSelect(choices=CHOICES, attrs={"id": "r"}),
    forms.CheckboxSelectMultiple(choices=CHOICES),
]


def both(template_name, context):
    return FormRenderer().render(template_name, context), TemplatesSetting().render(
        template_name, context
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_each_widget_is_written_as_its_template_writes_it(widget, language):
    assert FormRenderer().stock_widgets
    with translation.override(language):
        # Lists, as a select of several values holds them (NullBooleanSelect takes none).
        lists = [] if isinstance(widget, forms.NullBooleanSelect) else [[1, "x"], ["2.5"]]
        for value in [*VALUES, *lists]:
            ours = widget.render("name&<x>", value, attrs={"aria-label": "« x »"}, renderer=None)
            context = widget.get_context("name&<x>", value, {"aria-label": "« x »"})
            written, templated = both(widget.template_name, context)
            assert written == templated, (value, written, templated)
            assert ours == templated
            options = getattr(widget, "options", None)
            for option in options("name", widget.format_value(value)) if options else ():
                # A radio button or a box on its own, as {{ choice.tag }} and inside its label.
                for wrap in (False, True):
                    context = {"widget": {**option, "wrap_label": wrap}}
                    written, templated = both(option["template_name"], context)
                    assert written == templated, (value, written, templated)


def test_a_template_of_the_project_in_their_place_is_used(settings, tmp_path):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "select_option.html").write_text("<option>{{ widget.label }}!</option>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    renderer = FormRenderer()
    assert not renderer.stock_widgets
    html = forms.Select(choices=[(1, "one")]).render("n", 1, renderer=renderer)
    assert "<option>one!</option>" in html


def without_tokens(html: str) -> str:
    """The page less what differs from one request to the next: CSRF tokens, the CSP nonce."""
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "", html)  # masked CSRF tokens
    for nonce in set(re.findall(r'nonce" content="([^"]+)"', html)):
        html = html.replace(nonce, "")
    return html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_article_page_and_the_panel_are_the_same_either_way(
    seeded, editor, client_for, language
):
    article = Article.objects.get(origin__startswith="seeds/")
    claim = Claim.objects.filter(article=article).first()
    client = client_for(editor)
    client.cookies["django_language"] = language
    urls = [reverse("article_detail", args=[article.pk]), reverse("claim_detail", args=[claim.pk])]
    renderer = get_default_renderer()
    written = [without_tokens(client.get(url).content.decode()) for url in urls]
    renderer.__dict__["stock_widgets"] = False
    try:
        templated = [without_tokens(client.get(url).content.decode()) for url in urls]
    finally:
        del renderer.__dict__["stock_widgets"]
    for ours, theirs in zip(written, templated, strict=True):
        assert "<select" in ours and "<input" in ours
        assert ours == theirs
