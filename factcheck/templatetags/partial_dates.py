"""``{{ article.published_on|partial_date:article.published_precision }}``: a date known to the
year, month or day, written in the page's language."""

from django import template

from factcheck.core.partial_dates import display_partial

register = template.Library()


@register.filter
def partial_date(value, precision):
    return display_partial(value, precision)
