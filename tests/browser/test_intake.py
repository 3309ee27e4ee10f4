"""From the web to the desk in a browser: import a fixture page by its address, correct the
title, read its text on the article page; a source's copy appears in the panel once a worker
has fetched it. The pages come from the local web server (tests/web.py)."""

import pytest
from django.core.management import call_command
from django.db import transaction

from factcheck.models import Article, Claim, Snapshot
from factcheck.verdicts import sources
from tests.factories import UserFactory, VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_page_by_its_address(seeded, page, log_in, web, screenshot):
    editor = UserFactory(username="edith", role="editor")
    log_in(editor, "/articles/import/")
    page.fill("#id_address", web.url("/fr-news.html?utm_source=newsletter"))
    page.click("[data-action=fetch-url]")
    page.wait_for_selector(".fetched-form")
    assert page.input_value("#id_title") == "Elon Musk reçu par Isaac Herzog à Jérusalem"
    assert page.input_value("#id_published") == "2023-11-27"
    assert "« Tu as dit l’exacte vérité »" in page.input_value("#id_text")
    screenshot("import-fetched")
    page.fill("#id_title", "Musk reçu par Herzog")
    page.click("[data-action=save-fetched]")
    page.wait_for_url("**/articles/*/")
    body = page.locator(".article-body").first.inner_text()
    assert "Tu as dit l’exacte vérité" in body and "יצחק הרצוג" in body
    assert page.locator("h1").first.inner_text().startswith("Musk reçu par Herzog")
    article = Article.objects.get(title="Musk reçu par Herzog")
    assert article.url == web.url("/fr-news.html")
    assert article.versions.get().snapshot.final_url.endswith("/fr-news.html?utm_source=newsletter")


def test_a_refused_address_is_one_sentence(seeded, page, log_in, web):
    editor = UserFactory(username="edith", role="editor")
    log_in(editor, "/articles/import/")
    page.fill("#id_address", web.url("/to-metadata"))
    page.click("[data-action=fetch-url]")
    error = page.locator("#id_address_error").inner_text()
    assert error == (
        "The page redirects to “169.254.169.254”, a private, local or reserved network address "
        "(169.254.169.254), which the desk never fetches."
    )
    assert page.input_value("#id_address") == web.url("/to-metadata")


def test_a_sources_copy_appears_in_the_panel(seeded, page, log_in, web):
    editor = UserFactory(username="edith", role="editor")
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    draft = VerdictFactory(claim=claim, author=editor)
    with transaction.atomic():
        source = sources.add_source(
            draft, by=editor, url=web.url("/en-news.html"), title="Gazette", kind="news"
        )
    log_in(editor, f"/claims/{claim.pk}/")
    row = page.locator(f"#source-snapshot-{source.pk}")
    assert row.inner_text() == "Keeping a copy of the page…"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The row checks back by itself and shows the copy, without a reload.
    page.wait_for_selector(f"#source-snapshot-{source.pk}[data-state=done]")
    assert row.inner_text().startswith("Desk copy of")
    with page.context.expect_page() as opened:
        row.locator("[data-action=open-snapshot]").click()
    kept = opened.value
    kept.wait_for_load_state()
    assert "The harbour bridge reopened" in kept.locator("[data-role=snapshot-text]").inner_text()
    assert Snapshot.objects.get(source=source).state == "done"
