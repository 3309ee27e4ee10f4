"""Under the real Content Security Policy, no page of the workbench or the admin is blocked."""

import pytest

from factcheck.models import Article, Claim
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def strict_page(browser, live_server):
    """A page that obeys the CSP (the shared ``page`` bypasses it) and records violations."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_init_script(RECORD_VIOLATIONS)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def violations(page):
    return page.evaluate("window.__csp || []")


def log_in(page, username):
    page.goto("/accounts/login/")
    assert violations(page) == []
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url("**/")


def test_workbench_pages_run_without_violations(seeded, strict_page):
    page = strict_page
    UserFactory(username="edith", role="editor")
    log_in(page, "edith")
    article = Article.objects.get()
    claim = Claim.objects.filter(article=article).first()
    for url in ["/", "/articles/", "/articles/import/", "/claims/", f"/claims/{claim.pk}/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], url
    page.goto(article.get_absolute_url())
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']").wait_for()
    page.locator("trix-editor").first.wait_for()  # Trix loaded, its <style> added with the nonce
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    page.fill("input[name=q]", "verite") if page.locator("input[name=q]").count() else None
    page.goto("/claims/?q=verite")
    assert violations(page) == []


def test_admin_pages_run_without_blocked_scripts(seeded, strict_page):
    page = strict_page
    UserFactory(username="ada", is_staff=True, is_superuser=True)
    log_in(page, "ada")
    claim = Claim.objects.first()
    for url in [
        "/admin/",
        "/admin/factcheck/claim/",
        f"/admin/factcheck/claim/{claim.pk}/change/",
        "/admin/factcheck/verdict/add/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        # Django's admin scripts are files; only its few inline style attributes may be refused.
        blocked = [v for v in violations(page) if not v.startswith("style-src")]
        assert blocked == [], url
