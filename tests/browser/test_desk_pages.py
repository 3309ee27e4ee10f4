"""A person's first minutes: log in, the dashboard, French and back, import a pasted article."""

import pytest

from factcheck.models import Article
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASTED = (
    " date 2023-11 Elon Musk a rencontré Isaac Herzog en Israël.\n\n"
    "Le milliardaire avait répondu « Tu as dit l’exacte vérité » à un message sur X."
)


def test_log_in_switch_language_and_import_by_pasting(seeded, page, log_in, screenshot):
    editor = UserFactory(username="edith", role="editor")

    page.goto("/articles/")
    assert "/accounts/login/" in page.url  # every page needs a login
    page.click(".language-switch button[value=fr]")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "/accounts/login/?next=/articles/" in page.url  # still on the same page
    screenshot("login")

    log_in(editor, "/")
    assert page.locator("html").get_attribute("lang") == "fr"  # the choice survived the login
    page.click(".language-switch button[value=en]")
    assert page.url.endswith("/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator("nav a[aria-current=page]").inner_text() == "Dashboard"
    assert page.locator(".role-badge").inner_text() == "editor"
    screenshot("dashboard")

    page.click("nav >> text=Articles")
    assert page.locator("html").get_attribute("lang") == "en"  # the choice is remembered
    assert page.locator("nav a[aria-current=page]").inner_text() == "Articles"
    page.click(".language-switch button[value=fr]")
    assert page.url.endswith("/articles/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.click(".language-switch button[value=en]")
    assert page.locator("h1").inner_text() == "Articles"

    page.click("text=Import an article")
    page.fill("#id_text", "date 2023-13 Texte.")
    page.click("button:has-text('Import')")
    assert "impossible date" in page.locator("#id_text_error").inner_text()
    screenshot("import-error")

    page.fill("#id_text", PASTED)
    page.fill("#id_outlet", "AFP")
    page.fill("#id_url", "https://example.org/musk-herzog")
    screenshot("import")
    page.click("button:has-text('Import')")
    page.wait_for_url("**/articles/*/")
    article = Article.objects.get(origin="pasted")
    assert page.url.endswith(f"/articles/{article.pk}/")
    assert article.published == "2023-11"
    assert "« Tu as dit l’exacte vérité »" in article.body
    assert "Elon Musk a rencontré Isaac Herzog en Israël" in page.locator("h1").inner_text()

    page.goto("/articles/")
    assert page.locator("#listing-results tbody tr").count() == 2  # the seed and ours
    assert "4 new" in page.locator("#listing-results").inner_text()  # the seed's claims
    screenshot("articles")
    page.fill("#id_q", "AFP")
    page.wait_for_url("**/articles/?q=AFP")  # the htmx search keeps its state in the URL
    assert page.locator("#listing-results tbody tr").count() == 1
    page.click(".language-switch button[value=fr]")
    assert page.url.endswith("/articles/?q=AFP")  # the switch keeps the search
    assert page.locator("#id_q").input_value() == "AFP"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_reviewer_dashboard_shows_what_waits_and_links_to_the_claims(
    seeded, page, log_in, screenshot
):
    from django.utils import timezone

    from factcheck.models import Claim, Rating, Verdict

    editor = UserFactory(username="edith", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer")
    claim = Claim.objects.get(quote__contains="exacte vérité")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW, assignee=editor)
    Verdict.objects.create(
        claim=claim,
        author=editor,
        rating=Rating.objects.get(slug="misleading"),
        summary="Musk a approuvé un message antisémite.",
        status=Verdict.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    log_in(reviewer, "/")
    waiting = page.locator("#waiting-review + .dash-items")
    assert "Tu as dit l’exacte vérité" in waiting.inner_text()
    assert "by edith" in waiting.inner_text()
    assert "Musk a approuvé un message antisémite." in waiting.inner_text()
    assert page.locator("#waiting-review .count-badge").inner_text() == "1"
    link = page.locator("a[href='/claims/?status=in_review']").first
    assert link.inner_text() == "1"
    screenshot("dashboard-reviewer")
