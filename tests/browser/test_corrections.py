"""A correction in a real browser: the editor corrects Musk's reviewed claim with a reason, a
reviewer approves it, and the corrections page lists it with its reason and both ratings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Article, Claim, Rating, Verdict
from tests.factories import SourceFactory, VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "L’ADL a publié « de nouveaux chiffres » le 2 décembre."


def test_a_superseded_verdict_is_listed_with_its_reason(
    page, log_in, editor, reviewer, other_reviewer, seeded, screenshot
):
    article = Article.objects.get(origin__startswith="seeds/")
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    approved = VerdictFactory(
        claim=claim,
        author=editor,
        reviewer=other_reviewer,
        rating=Rating.objects.get(slug="false"),
        status=Verdict.Status.APPROVED,
        reviewed_at=datetime.datetime(2023, 11, 28, 9, tzinfo=datetime.UTC),
        summary="Faux : un message antisémite, approuvé.",
    )
    SourceFactory(verdict=approved, publisher="Le Monde")
    SourceFactory(verdict=approved, publisher="Reuters")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REVIEWED)

    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] a").click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.locator(".start-correction summary").click()
    panel.locator("textarea[name=reason]").fill(REASON)
    panel.locator("[data-action=start-correction]").click()
    panel.locator("[data-action=save-verdict]").wait_for()
    correction = Verdict.objects.get(supersedes=approved)
    assert correction.correction_reason == REASON

    panel.locator("select[name=rating]").select_option(
        str(Rating.objects.get(slug="misleading").pk)
    )
    panel.locator("input[name=summary]").fill("Trompeur : le message est plus ambigu.")
    panel.locator("[data-action=save-verdict]").click()
    # Submit once the panel says the save landed, as an editor would see it.
    panel.locator("[data-role=save-status]", has_text="Saved at").wait_for()
    panel.locator("[data-action=submit]").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=in_review]").wait_for()
    page.click(".user-box button[type=submit]")  # log out
    page.wait_for_url("**/accounts/login/**")

    log_in(reviewer, reverse("article_detail", args=[article.pk]))
    page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] a").click()
    panel.locator("[data-action=approve]").click()
    page.locator("#claim-panel [data-role=corrections]").wait_for()
    assert "1 correction" in panel.locator("[data-role=corrections] summary").inner_text()

    page.click("nav >> text=Corrections")
    page.wait_for_url("**/corrections/")
    entry = page.locator(f".correction[data-verdict-id='{correction.pk}']")
    assert entry.locator("[data-role=correction-reason]").inner_text() == f"Reason: {REASON}"
    assert entry.locator("[data-role=old-rating]").inner_text() == "False"
    assert entry.locator("[data-role=new-rating]").inner_text() == "Misleading"
    assert "Trompeur" in entry.locator("ins").first.inner_text()
    screenshot("corrections-page")

    # Filtering by a period without it empties the list; today's period shows it again.
    page.fill("input[name=approved_before]", "2020-01-01")
    page.locator("text=No correction in this period.").wait_for()
    page.fill("input[name=approved_before]", "")
    page.fill("input[name=approved_after]", timezone.localdate().isoformat())
    entry.wait_for()
    approved.refresh_from_db()
    assert approved.status == Verdict.Status.SUPERSEDED
