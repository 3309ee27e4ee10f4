"""The approve button in a real browser: a reviewer faced with a verdict that has one source
reads why it cannot be approved yet, cannot press the button, and a forced request is refused."""

import pytest
from django.urls import reverse

from factcheck.models import Article, Claim, Rating, Verdict
from tests.factories import SourceFactory, VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approve_button_refuses_a_verdict_with_one_source(
    page, log_in, editor, reviewer, seeded, screenshot
):
    article = Article.objects.get(origin__startswith="seeds/")
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    verdict = VerdictFactory(
        claim=claim,
        author=editor,
        rating=Rating.objects.get(slug="false"),
        status=Verdict.Status.SUBMITTED,
        summary="Faux : un message antisémite, approuvé.",
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
    SourceFactory(verdict=verdict, publisher="Le Monde", title="Musk approuve un message")

    log_in(reviewer, reverse("article_detail", args=[article.pk]))
    page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] a").click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    explanation = panel.locator("[data-role=evidence-missing]")
    explanation.wait_for()
    assert "2 sources from different publishers" in explanation.inner_text()
    assert "1 publisher: Le Monde" in explanation.inner_text()  # as typed
    approve = panel.locator("[data-action=approve]")
    assert approve.is_disabled()
    assert approve.get_attribute("aria-describedby") == f"evidence-{verdict.pk}"
    screenshot("approve-refused", full_page=False)

    # Around the disabled button: the server refuses the same request and says why.
    status = page.evaluate(
        """async (url) => {
          const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
          const response = await fetch(url, {method: "POST", headers: {"X-CSRFToken": token}});
          return [response.status, await response.text()];
        }""",
        reverse("verdict_approve", args=[verdict.pk]),
    )
    assert status[0] == 409 and "cannot be approved yet" in status[1]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED

    # A second publisher's source, added by the author, and the reviewer can approve.
    SourceFactory(verdict=verdict, publisher="Reuters", title="Musk endorses a post")
    page.reload()
    page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] a").click()
    panel.locator("[data-action=approve]:not([disabled])").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=reviewed]").wait_for()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED
