"""``{% claimreview_jsonld claim %}``: a reviewed claim's ClaimReview for its page's head."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from factcheck.exports.exporting import claimreview_for

register = template.Library()

# json_script's escaping: no "</script>" or "<!--" can close or confuse the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def claimreview_jsonld(context, claim):
    """The ``<script type="application/ld+json">`` of a reviewed claim; nothing otherwise."""
    request = context.get("request")
    base = request.build_absolute_uri("/").rstrip("/") if request else settings.SITE_URL
    review = claimreview_for(claim.pk, base_url=base) if claim else None
    return jsonld_script(review) if review else ""
