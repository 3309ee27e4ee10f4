"""What every form shares: the one field template, Django's plainest widgets written without a
template each, and model fields posted under another name."""

import functools
from pathlib import Path

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# Django's own widget templates, written out below exactly as they render (a test compares
# both for every kind of value); used only while no project template replaces one of them.
STOCK = Path(forms.__file__).parent / "templates"
# Each of these is ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        *("input", "text", "hidden", "url", "email", "number", "password", "search", "tel"),
        *("date", "datetime", "time", "color", "checkbox"),
    )
}
OPTIONS = {f"{WIDGETS}{name}.html" for name in ("input_option", "radio_option", "checkbox_option")}
SELECT, SELECT_OPTION, TEXTAREA = (
    f"{WIDGETS}{name}.html" for name in ("select", "select_option", "textarea")
)
WRITTEN = {*INPUTS, *OPTIONS, SELECT, SELECT_OPTION, TEXTAREA, f"{WIDGETS}attrs.html"}


def _shown(value) -> str:
    """``{{ value }}``: local time and number formats, escaped unless safe."""
    if isinstance(value, str):
        return conditional_escape(value)
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: no local formats, escaped unless safe."""
    try:
        text = str(value)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html, without its last line end."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option(widget: dict) -> str:
    """django/forms/widgets/input_option.html, without its last line end."""
    if not widget["wrap_label"]:
        return _input(widget)
    target = widget["attrs"].get("id")
    target = f' for="{_shown(target)}"' if target else ""
    return f"<label{target}>{_input(widget)}\n {_shown(widget['label'])}</label>"


def _select_option(widget: dict) -> str:
    """django/forms/widgets/select_option.html, without its last line end."""
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_shown(widget['label'])}</option>"
    )


class FormRenderer(TemplatesSetting):
    """Every field, in the panel and on the pages, renders through one template: its label, the
    widget, its help and its errors (``{{ form.name.as_field_group }}``).

    Inputs, selects and text areas are written here as Django's templates would write them:
    a select with a hundred options took a hundred and one templates."""

    field_template_name = "factcheck/partials/_field.html"

    def render(self, template_name, context, request=None):
        if template_name in WRITTEN and self.stock_widgets:
            widget = context["widget"]
            if template_name in INPUTS:
                return mark_safe(_input(widget))
            if template_name in OPTIONS:
                return mark_safe(_input_option(widget))
            if template_name == SELECT:
                return mark_safe(self._select(widget))
            if template_name == SELECT_OPTION:
                return mark_safe(_select_option(widget))
            if template_name == TEXTAREA:
                value = _shown(widget["value"]) if widget["value"] else ""
                return mark_safe(
                    f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
                    f"{value}</textarea>"
                )
        return super().render(template_name, context, request)

    @functools.cached_property
    def stock_widgets(self) -> bool:
        """Whether every template written here is still Django's own."""
        return all(Path(self.get_template(name).origin.name) == STOCK / name for name in WRITTEN)

    def _select(self, widget: dict) -> str:
        """django/forms/widgets/select.html: each option's template is included whole."""
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                if option["template_name"] == SELECT_OPTION:
                    parts.append(f"\n  {_select_option(option)}\n")
                else:
                    parts.append("\n  ")
                    parts.append(
                        self.get_template(option["template_name"]).render({"widget": option})
                    )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


def model_formfield(model, name: str, **overrides):
    """``model``'s form field for ``name`` (its label, length, validators, choices) where a
    form posts it under another name; ``overrides`` say it the way that form asks for it."""
    return model._meta.get_field(name).formfield(**overrides)


class RichTextInput(forms.HiddenInput):
    """Rich text typed in a Trix editor, which fills this hidden input; ``deferred`` keeps the
    editor in a <template> until a script puts it in place. A field with a label and errors
    like any other, so the field template does not treat it as hidden."""

    template_name = "factcheck/widgets/rich_text.html"
    is_hidden = False

    def __init__(self, attrs=None, *, label="", deferred=False):
        super().__init__(attrs)
        self.label, self.deferred = label, deferred

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(label=self.label, deferred=self.deferred)
        return context
