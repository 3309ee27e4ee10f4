"""What every form shares: the one field template, and model fields posted under another name."""

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every field, in the panel and on the pages, renders through one template: its label, the
    widget, its help and its errors (``{{ form.name.as_field_group }}``)."""

    field_template_name = "factcheck/partials/_field.html"


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
