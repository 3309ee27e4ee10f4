"""Every field of the panel and the pages renders through partials/_field.html: one label, help
and error idiom, and no input written by hand in a template."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from factcheck.claims.forms import ClaimReviewedForm, LinkForm, WithdrawForm
from factcheck.claims.views.panel import claim_ids, panel_context
from factcheck.models import Claim
from factcheck.verdicts.forms import CorrectionForm, SendBackForm, SourceForm, VerdictForm
from tests.factories import ClaimFactory, VerdictFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "factcheck"
HTMX = {"HTTP_HX_REQUEST": "true"}


# The claims list's bulk bar (controls for the ticked rows) is still written by hand.
BY_HAND = {"_claim_results.html"}


def test_no_template_writes_a_form_field_by_hand():
    for path in TEMPLATES.rglob("*.html"):
        if path.name in BY_HAND:
            continue
        text = path.read_text(encoding="utf-8")
        assert "<textarea" not in text, path
        for name in ("claim_reviewed", "reason", "comment", "note", "relation", "summary"):
            typed = rf'<(input(?![^>]*type="hidden")|select)[^>]*name="{name}"'
            assert not re.search(typed, text), (path, name)


@pytest.mark.parametrize(
    "form_class", [VerdictForm, SourceForm, ClaimReviewedForm, LinkForm, SendBackForm]
)
def test_a_field_shows_its_label_help_and_errors_next_to_it(db, form_class):
    form = form_class(data={"version": "x", "url": "javascript:alert(1)", "relation": "🦊"})
    form.is_valid()
    for field in form.visible_fields():
        html = str(field.as_field_group())
        assert f'class="field field-{field.name}' in html
        assert f'for="{field.id_for_label}"' in html or 'class="checkbox"' in html
        if field.errors:
            assert 'class="field field-' in html and "field-invalid" in html
            assert f'id="{field.auto_id}_error" role="alert"' in html
            assert all(str(error) in html for error in field.errors)


def test_the_panel_forms_take_the_claims_number_in_their_ids(db, editor):
    claim = ClaimFactory()
    context = claim_ids(
        {
            "claim": claim,
            "claim_form": ClaimReviewedForm(instance=claim),
            "withdraw_form": WithdrawForm(),
            "correction_form": CorrectionForm(),
        }
    )
    assert context["claim_form"]["claim_reviewed"].auto_id == f"claim_reviewed_{claim.pk}"
    assert context["withdraw_form"]["reason"].auto_id == f"withdraw_reason_{claim.pk}"
    assert context["correction_form"]["reason"].auto_id == f"correction_reason_{claim.pk}"


def test_the_panel_renders_its_forms_through_the_field_template(db, editor, client_for):
    verdict = VerdictFactory(author=editor, summary="Faux : « 2 % »\u00a0🦊")
    claim = verdict.claim
    Claim.objects.filter(pk=claim.pk).update(claim_reviewed="ש\u200fטקסט\r\nligne")
    response = client_for(editor).get(f"/claims/{claim.pk}/", **HTMX)
    html = response.content.decode()
    for field in ("rating", "summary", "rationale", "claim_reviewed", "reason", "assignee"):
        assert f'class="field field-{field}' in html, field
    assert (
        f'<textarea name="claim_reviewed" cols="40" rows="3" id="claim_reviewed_{claim.pk}">'
        in (html)
    )
    assert "Faux : « 2 % »\u00a0🦊" in html
    assert html.count('class="trix-content rationale-editor"') == 1
    context = panel_context(claim, editor)
    assert context["verdict_form"]["version"].value() == verdict.version
