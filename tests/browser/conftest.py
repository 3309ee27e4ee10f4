"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live server. Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PASSWORD = "correct-horse-battery"  # tests/factories.py UserFactory's password


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# How long a step may wait for what it expects. Two test processes, each with its browser and
# live server, share 2 cores: an autosave (2.5 s after the last key) and its answer can take
# more than 10 s there, and a slower step that still arrives is not what these tests check.
BROWSER_TIMEOUT = 20_000


@pytest.fixture
def page(browser, live_server):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the CSP forbids;
    # tests/browser/test_csp.py browses without it and checks that nothing is blocked.
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1400, "height": 1000},
        bypass_csp=True,
    )
    context.set_default_timeout(BROWSER_TIMEOUT)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def screenshot(page):
    """``screenshot("article-en")`` saves tests/screenshots/article-en.png for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(name, full_page=True):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return save


@pytest.fixture
def log_in(page):
    """Log in through the login form, then land on ``next``."""

    def login(user, next_url):
        page.goto(f"/accounts/login/?next={next_url}")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url(f"**{next_url}")

    return login


@pytest.fixture
def desk(seeded):
    """A desk in full swing (tests/browser/desk.py), for tests that visit every page."""
    from tests.browser.desk import build_desk

    return build_desk()
