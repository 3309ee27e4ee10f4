"""Two editors reword the same claim in two browsers: the second save is refused with what
changed meanwhile, their typed text stays in the form, and a deliberate second save wins."""

import pytest
from django.urls import reverse

from factcheck.models import Claim
from tests.browser.conftest import BROWSER_TIMEOUT, PASSWORD
from tests.factories import ClaimFactory

pytestmark = pytest.mark.browser


def second_browser(browser, live_server, user, next_url):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(BROWSER_TIMEOUT)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return context, page


def test_second_save_of_a_stale_wording_shows_the_change_and_keeps_the_text(
    editor, other_editor, browser, live_server, page, log_in, screenshot
):
    claim = ClaimFactory()
    url = reverse("claim_detail", args=[claim.pk])
    wording = f"#claim_reviewed_{claim.pk}"
    log_in(editor, url)  # Edith opens the claim first...
    other_context, other = second_browser(browser, live_server, other_editor, url)
    try:
        other.fill(wording, "La version d’Eric, « enregistrée » d’abord.")
        other.click("[data-action=save-claim]")
        other.locator(".history-list", has_text="eric").wait_for(state="attached")
    finally:
        other_context.close()

    typed = "La version d’Édith, tapée entre-temps."
    page.fill(wording, typed)
    page.click("[data-action=save-claim]")
    message = page.locator("[data-role=stale-edit]")
    message.wait_for()
    assert "eric changed this meanwhile" in message.inner_text()
    assert "La version d’Eric, « enregistrée » d’abord." in message.inner_text()
    assert page.input_value(wording) == typed  # nothing typed is lost
    screenshot("stale-edit-claim-wording")
    claim.refresh_from_db()
    assert claim.claim_reviewed == "La version d’Eric, « enregistrée » d’abord."

    page.click("[data-action=save-claim]")  # having seen Eric's, Edith keeps hers
    page.locator("[data-role=stale-edit]").wait_for(state="detached")
    claim.refresh_from_db()
    assert claim.claim_reviewed == typed and claim.version == 3
    assert Claim.history.filter(id=claim.pk, history_user=editor).count() == 1
