"""Playwright against pytest-django's live server, driving Debian's headless Chromium.

Fixtures: ``browser``, ``page`` (a fresh context with the live server as base URL) and
``login(page, username, password)`` through the real login form.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; the ORM calls in test bodies stay synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    def log_in(page, username, password):
        page.goto("/accounts/login/?next=/claims/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/claims/")

    return log_in
