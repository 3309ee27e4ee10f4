"""Playwright against pytest-django's live server, driving Debian's headless Chromium.

Fixtures: ``browser`` (one Chromium per test, see below), ``page`` (a fresh context per test, with the
live server as base URL) and ``login(page, username, password)`` through the real form.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop; Django's ORM calls from the test body are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


# Function scope on purpose: while Playwright's sync API is started, its event loop counts as
# running, so Django hands out per-context database connections that lack the test database's
# serialized contents, and serialized_rollback silently stops restoring the groups and the
# rating scale (made by migrations) for the next transactional test. Starting Chromium per test
# costs well under a second.
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
        # The ORM calls made while Playwright ran used their own connection (same reason as
        # above); close it, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    # An English-speaking browser: pages open in English until the user switches.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    def log_in(page, username, password):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/")

    return log_in


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves tests/screenshots/<name>.png for a person to look at."""

    def save(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save
