"""An editor mends what was marked, in the browser: fixes a wrongly attributed speaker from the
claim panel's facts form (speaker search, then a new organisation), and withdraws a claim that
was marked by mistake; the article's highlight is struck, the claim kept and restorable."""

import pytest
from django.urls import reverse

from factcheck.models import Claim, Speaker
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.browser


def open_claim(page, claim):
    page.click(f"#article-body mark[data-claim='{claim.pk}']")
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']").wait_for()


def test_an_editor_fixes_a_speaker_and_withdraws_a_mis_marked_claim(
    editor, page, log_in, screenshot
):
    article = ArticleFactory()
    musk = SpeakerFactory(name="Elon Musk")
    SpeakerFactory(name="Maison Blanche", aliases="White House")
    wrong = ClaimFactory(article=article, speaker=musk)
    mistake = ClaimFactory(article=article, quote="mensonge éhonté", speaker=musk)
    log_in(editor, reverse("article_detail", args=[article.pk]))

    # The president's claim was given to Musk: search the right speaker by an alias.
    open_claim(page, wrong)
    page.click("[data-action=open-facts]")
    page.fill("#facts_speaker_name", "White")
    page.click("#facts-speaker-results [data-speaker-name='Maison Blanche']")
    screenshot("mending-facts-form")
    assert page.input_value("#facts_speaker_name") == "Maison Blanche"
    page.fill("#facts_claimed", "2023-11-17")
    page.fill("#facts_tags", "économie, chômage")
    page.select_option("#facts_kind", "reported")
    page.click("[data-action=save-facts]")
    page.locator("[data-role=speaker]", has_text="Maison Blanche").wait_for()
    assert page.locator("[data-role=claimed] time").get_attribute("datetime") == "2023-11-17"
    screenshot("mending-facts-saved")
    wrong.refresh_from_db()
    assert (wrong.speaker.name, wrong.kind, wrong.claimed) == (
        "Maison Blanche",
        Claim.Kind.REPORTED,
        "2023-11-17",
    )
    assert sorted(t.name for t in wrong.tags.all()) == ["chômage", "économie"]

    # A speaker nobody has yet is created as what it is: an organisation.
    page.click("[data-action=open-facts]")
    page.fill("#facts_speaker_name", "Présidence israélienne")
    page.click("#facts-speaker-results [data-new-speaker]")
    assert page.is_checked("#facts_create_speaker")
    page.select_option("#facts_speaker_kind", "organisation")
    page.click("[data-action=save-facts]")
    page.locator("[data-role=speaker]", has_text="Présidence israélienne").wait_for()
    assert Speaker.objects.get(name="Présidence israélienne").kind == Speaker.Kind.ORGANISATION
    # The marking form beside it was left alone by the speaker search.
    assert page.locator("#mark-form").is_hidden()

    # "mensonge éhonté" was marked by mistake: withdraw it, with the reason.
    open_claim(page, mistake)
    page.click(".withdraw summary")
    page.fill(f"#withdraw_reason_{mistake.pk}", "Marquée par erreur : c’est une réaction")
    page.click("[data-action=withdraw]")
    page.locator("[data-action=restore]").wait_for()
    page.locator(f"#article-body mark.claim-withdrawn[data-claim='{mistake.pk}']").wait_for()
    screenshot("mending-withdrawn")
    mistake.refresh_from_db()
    assert mistake.status == Claim.Status.WITHDRAWN
    assert mistake.withdrawn_reason == "Marquée par erreur : c’est une réaction"
    assert (
        page.locator("[data-role=withdrawn-reason]")
        .inner_text()
        .endswith("Marquée par erreur : c’est une réaction")
    )
