"""Notes in a real browser: on the seed article an editor writes a note on Musk's reply,
mentions the reviewer through the autocomplete, and the reviewer sees the count in the header,
opens the notification and lands on the claim with the note."""

import pytest
from django.urls import reverse

from factcheck.models import Article, ClaimNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUSK = "Tu as dit l’exacte vérité"


def test_a_mentioned_reviewer_sees_the_count_and_lands_on_the_claim(
    seeded, editor, reviewer, page, log_in, screenshot
):
    article = Article.objects.get(origin__startswith="seeds/")
    musk = article.claims.get(quote=MUSK)
    log_in(editor, reverse("claim_detail", args=[musk.pk]))

    notes = page.locator(f"#claim-notes-{musk.pk}")
    editor_box = notes.locator("trix-editor")
    editor_box.click()
    page.keyboard.type("Source primaire ? 👀 @re", delay=20)
    choice = notes.locator("[data-role=mention-options] [data-username=remi]")
    choice.click()
    page.keyboard.type("peux-tu relire « ça » ?", delay=10)
    notes.locator("[data-action=add-note]").click()
    page.locator(f"#claim-notes-{musk.pk} .note").wait_for()
    note = ClaimNote.objects.get()
    assert "@remi peux-tu relire « ça » ?" in note.body and "👀" in note.body
    assert list(note.mentions.all()) == [reviewer]
    screenshot("claim-note-mention")

    page.click("form[action='/accounts/logout/'] button")
    log_in(reviewer, reverse("dashboard"))
    count = page.locator("[data-role=notifications] [data-role=unread-count]")
    assert count.inner_text() == "1"
    page.locator("[data-role=notifications]").click()
    page.locator("[data-action=open-notification]").first.click()
    page.wait_for_url(f"**{reverse('claim_detail', args=[musk.pk])}")
    assert "peux-tu relire" in page.locator(f"#claim-notes-{musk.pk}").inner_text()
    assert page.locator("[data-role=notifications] [data-role=unread-count]").count() == 0
