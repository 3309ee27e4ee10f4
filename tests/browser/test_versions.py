"""An editor pastes a corrected version of the seed article: the report says what became of each
claim, the rewritten quote is flagged with its word diff, the deleted one is listed as orphaned."""

import pytest
from django.urls import reverse

from factcheck.models import Article, ArticleVersion, Claim
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DELETED = " « Tu as dit l’exacte vérité », avait réagi l’homme d’affaires américain."


def test_editor_pastes_a_corrected_article(page, log_in, live_server, screenshot, seeded):
    editor = UserFactory(username="edith", role="editor")
    article = Article.objects.get(origin__startswith="seeds/")
    corrected = "Mise à jour : la Maison Blanche a précisé sa réaction.\n\n" + article.body.replace(
        "promotion abjecte de la haine", "promotion odieuse de la haine"
    ).replace(DELETED, "").replace("l’antisémitisme croissant", "l'antisémitisme croissant")
    url = reverse("article_detail", args=[article.pk])
    log_in(editor, url)

    page.click("[data-action=replace-body]")
    page.wait_for_url(f"**{reverse('article_replace', args=[article.pk])}")
    page.fill("#id_text", corrected)
    page.fill("#id_note", "Correction : citation de la Maison Blanche")
    page.click("[data-action=save-version]")

    report = page.locator("[data-role=replace-report]")
    report.wait_for()
    assert report.locator("[data-role=count-found]").inner_text() == "2 claims found"
    assert report.locator("[data-role=count-quote-changed]").inner_text() == "1 quote changed"
    assert report.locator("[data-role=count-orphaned]").inner_text() == "1 claim orphaned"
    assert report.locator("[data-role=report-quote-changed] del").inner_text() == "abjecte"
    assert report.locator("[data-role=report-quote-changed] ins").inner_text() == "odieuse"
    screenshot("versions-report")
    assert ArticleVersion.objects.filter(article=article).count() == 2

    page.click("[data-action=back-to-article]")
    page.wait_for_url(f"**{url}")
    orphaned = Claim.objects.get(anchor=Claim.Anchor.ORPHANED)
    changed = Claim.objects.get(anchor=Claim.Anchor.QUOTE_CHANGED)
    box = page.locator("#orphaned-claims")
    assert "Claims not found in the current text" in box.inner_text()
    assert "Tu as dit l’exacte vérité" in box.inner_text()
    # The orphaned claim is not highlighted; the changed one is, on its new words.
    assert page.locator(f"#article-body mark[data-claims~='{orphaned.pk}']").count() == 0
    highlight = page.locator(f"#article-body mark[data-claim='{changed.pk}']")
    assert "odieuse" in highlight.first.inner_text()

    highlight.first.click()
    flag = page.locator("#claim-panel [data-role=quote-changed]")
    flag.wait_for()
    assert flag.locator("del").inner_text() == "abjecte"
    assert flag.locator("ins").inner_text() == "odieuse"
    screenshot("versions-quote-changed")

    box.locator(f"[data-claim-id='{orphaned.pk}'] a").click()
    page.locator("#claim-panel [data-role=orphaned]").wait_for()
    assert "Tu as dit l’exacte vérité" in page.locator("#claim-panel .claim-quote").inner_text()
    screenshot("versions-orphaned")

    # Every version stays readable, with what changed.
    page.click("[data-action=versions]")
    page.locator("tr[data-version='2']").wait_for()
    assert "Correction : citation de la Maison Blanche" in page.inner_text("tr[data-version='2']")
    page.click("tr[data-version='2'] a")
    diff = page.locator("[data-role=version-diff]")
    diff.wait_for()
    deleted = diff.locator("del").all_inner_texts()
    assert any("« Tu as dit l’exacte vérité »," in text for text in deleted), deleted
    assert "Mise à jour" in diff.locator("ins").first.inner_text()
    screenshot("versions-diff")
