"""What every form shares: the one field template, and model fields posted under another name."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every field, in the panel and on the pages, renders through one template: its label, the
    widget, its help and its errors (``{{ form.name.as_field_group }}``)."""

    field_template_name = "factcheck/partials/_field.html"


def model_formfield(model, name: str, **overrides):
    """``model``'s form field for ``name`` (its label, length, validators, choices) where a
    form posts it under another name; ``overrides`` say it the way that form asks for it."""
    return model._meta.get_field(name).formfield(**overrides)
