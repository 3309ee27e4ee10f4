"""Every page fits its window: no sideways scrolling at 1280, 1440 and 1920 px nor on a phone
(390×844), the open claim panel holds all its content (the rationale editor's toolbar included),
and on a phone an opened claim and the claims list's first result are on screen."""

import pytest

from tests.browser.desk import logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 800), (1440, 900), (1920, 1080), (390, 844)]
PHONE = (390, 844)

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Elements of the panel that stick out of it (right or left), or a panel that scrolls sideways.
PANEL_OVERFLOW = """(panel) => {
  const box = panel.getBoundingClientRect();
  const out = [];
  if (panel.scrollWidth > panel.clientWidth + 1) out.push(`panel scrolls: ${panel.scrollWidth} > ${panel.clientWidth}`);
  for (const element of panel.querySelectorAll("*")) {
    if (element.closest(".visually-hidden, [hidden]")) continue;
    const rect = element.getBoundingClientRect();
    if (!rect.width) continue;
    if (rect.right > box.right + 1 || rect.left < box.left - 1) {
      out.push(`${element.tagName.toLowerCase()}.${element.className}: ${Math.round(rect.left)}-${Math.round(rect.right)} in ${Math.round(box.left)}-${Math.round(box.right)}`);
    }
  }
  return out;
}"""
IN_VIEW = """(element) => {
  const rect = element.getBoundingClientRect();
  return rect.top >= 0 && rect.top < window.innerHeight - 40;
}"""


def open_claim(page, claim):
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.wait_for()
    return panel


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda size: str(size))
def test_no_page_scrolls_sideways(browser, live_server, desk, width, height):
    context = logged_in_context(browser, live_server, desk.editor, width=width, height=height)
    page = context.new_page()
    wide = {}
    try:
        for name, url in desk.pages().items():
            page.goto(url)
            if overflow := page.evaluate(OVERFLOW):
                wide[name] = overflow
        context.clear_cookies()
        page.goto("/accounts/login/")
        if overflow := page.evaluate(OVERFLOW):
            wide["login"] = overflow
    finally:
        context.close()
    assert wide == {}, f"pages wider than the window at {width}px (excess in px): {wide}"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda size: str(size))
def test_open_panel_holds_its_content(browser, live_server, desk, width, height):
    context = logged_in_context(browser, live_server, desk.editor, width=width, height=height)
    page = context.new_page()
    problems = {}
    try:
        page.goto(desk.pages()["article"])
        for claim in (desk.draft, desk.corrected, desk.in_review, desk.set_aside):
            open_claim(page, claim)
            if claim == desk.draft:
                page.locator("#claim-panel .verdict-form trix-toolbar .trix-button-row").wait_for()
            page.wait_for_timeout(100)  # Trix lays its toolbar out after connecting
            # The panel inside its column, and everything in the panel inside the panel.
            for box in (".side-column", "#claim-panel"):
                if found := page.locator(box).evaluate(PANEL_OVERFLOW):
                    problems[f"{box} with panel {claim.pk}"] = found
            if overflow := page.evaluate(OVERFLOW):
                problems[f"page with panel {claim.pk}"] = overflow
        page.goto(desk.pages()["claim"])
        if found := page.locator("#claim-panel").evaluate(PANEL_OVERFLOW):
            problems["claim page"] = found
    finally:
        context.close()
    assert problems == {}, f"at {width}px: {problems}"


def test_on_a_phone_the_opened_claim_and_the_first_result_are_on_screen(browser, live_server, desk):
    width, height = PHONE
    context = logged_in_context(browser, live_server, desk.editor, width=width, height=height)
    page = context.new_page()
    try:
        page.goto(desk.pages()["article"])
        for claim in (desk.set_aside, desk.draft):
            mark = page.locator(f"#article-body mark[data-claim='{claim.pk}']").first
            mark.scroll_into_view_if_needed()
            mark.click()
            panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
            panel.wait_for()
            page.wait_for_function(
                "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight - 40; }",
                arg=panel.element_handle(),
                timeout=3_000,
            )
            assert panel.evaluate(IN_VIEW)

        # The article's list of claims opens a panel too.
        page.evaluate("window.scrollTo(0, 0)")
        link = page.locator(f"#claim-list li[data-claim-id='{desk.corrected.pk}'] a")
        link.scroll_into_view_if_needed()
        link.click()
        panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{desk.corrected.pk}']")
        panel.wait_for()
        page.wait_for_function(
            "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight - 40; }",
            arg=panel.element_handle(),
            timeout=3_000,
        )

        page.goto(desk.pages()["claims"])
        first = page.locator("#listing-results .claim-table tbody tr").first
        assert first.evaluate(IN_VIEW), first.evaluate("(e) => e.getBoundingClientRect().top")
        # The filters are still there, one tap away.
        page.locator("#claim-filters summary").click()
        assert page.locator("#claim-filters #id_q").is_visible()

        # The header keeps every link whole: each is inside the window, none cut.
        page.goto("/")
        nav = page.locator(".site-header nav")
        if page.locator(".site-header .menu-button").is_visible():
            page.locator(".site-header .menu-button").click()
        for link in nav.locator("a").all():
            assert link.is_visible()
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, link.inner_text()
            assert link.evaluate("(a) => a.scrollWidth <= a.clientWidth + 1"), link.inner_text()
    finally:
        context.close()
