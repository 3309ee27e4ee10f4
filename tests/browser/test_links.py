"""Linking two claims in a real browser: on the seed article an editor opens the White House's
reaction, finds Musk's reply with the picker, links it "responds to", and sees the link on both
claims' panels."""

import pytest
from django.urls import reverse

from factcheck.models import Article, ClaimLink
from tests.browser.test_annotate import drag_select
from tests.reviewed import reviewed_elsewhere

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUSK = "Tu as dit l’exacte vérité"
WHITE_HOUSE = "promotion abjecte de la haine antisémite et raciste"


def open_panel(page, claim):
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.wait_for()
    return panel


def test_editor_links_the_white_house_reaction_to_musk(seeded, editor, page, log_in, screenshot):
    ClaimLink.objects.all().delete()  # the seed carries this link: make it again by hand
    article = Article.objects.get(origin__startswith="seeds/")
    musk, white_house = article.claims.get(quote=MUSK), article.claims.get(quote=WHITE_HOUSE)
    log_in(editor, reverse("article_detail", args=[article.pk]))

    panel = open_panel(page, white_house)
    assert panel.locator(".claim-links .link-row").count() == 0
    panel.locator("[data-action=open-add-link]").click()
    panel.locator("select[name=relation]").select_option("responds_to")
    search = panel.locator("input[name=find]")
    search.click()
    page.keyboard.type("exacte vér", delay=30)
    choice = panel.locator(f".link-choice[data-candidate='{musk.pk}']")
    choice.wait_for()
    assert panel.locator(f".link-choice[data-candidate='{white_house.pk}']").count() == 0
    # Enter in the search field searches again; it does not link anything yet.
    page.keyboard.press("Enter")
    choice.wait_for()
    assert not ClaimLink.objects.exists()
    # The choices are a radio group: keyboard users reach them with Tab and pick with Space.
    radio = choice.locator("input[type=radio]")
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()
    screenshot("link-picker", full_page=False)
    panel.locator("[data-action=link]").click()

    row = page.locator(
        f"#claim-panel .claim-panel[data-claim-id='{white_house.pk}'] "
        f".link-row[data-other-claim='{musk.pk}'][data-direction=out]"
    )
    row.wait_for()
    assert row.locator("[data-role=link-label]").inner_text() == "responds to"
    assert MUSK in row.inner_text() and "Elon Musk" in row.inner_text()
    link = ClaimLink.objects.get()
    assert (link.claim, link.relation, link.target) == (white_house, "responds_to", musk)
    assert link.created_by == editor

    panel = open_panel(page, musk)
    row = panel.locator(f".link-row[data-other-claim='{white_house.pk}'][data-direction=in]")
    row.wait_for()
    assert row.locator("[data-role=link-label]").inner_text() == "answered by"
    assert WHITE_HOUSE in row.inner_text()
    screenshot("linked-claim-panel", full_page=False)

    # The claim's own page shows it too, and its link leads to the other claim.
    page.goto(reverse("claim_detail", args=[musk.pk]))
    page.locator(f".link-row[data-other-claim='{white_house.pk}'] a.link-quote").click()
    page.wait_for_url(f"**/claims/{white_house.pk}/")
    assert page.locator(".link-row[data-direction=out] [data-role=link-label]").inner_text() == (
        "responds to"
    )


def test_a_marked_claim_shows_the_same_words_checked_before(seeded, editor, page, log_in):
    """Marking answers without comparing the quote with every reviewed claim; the panel then
    asks for its similar claims and offers to link the earlier check as "repeats"."""
    earlier = reviewed_elsewhere(MUSK)
    article = Article.objects.get(origin__startswith="seeds/")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    drag_select(page, MUSK)
    page.click("#mark-button")
    page.locator("#mark-form [data-action=mark]").click()
    page.locator("#claim-panel [data-role=mark-confirmation]").wait_for()
    row = page.locator(f"#claim-panel .similar-row[data-similar-claim='{earlier.pk}']")
    row.wait_for()
    assert page.locator("#claim-panel [data-role=similar-pending]").count() == 0
    row.locator("[data-action=link-repeats]").click()
    page.locator("#claim-panel .claim-links .link-row", has_text="Article 1").wait_for()
    claim = article.claims.get(created_by=editor)
    assert ClaimLink.objects.filter(claim=claim, target=earlier, relation="repeats").exists()
