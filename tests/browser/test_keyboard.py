"""The article page without a mouse: j / k through the claims, Enter to open one, m to mark the
selected words, ? for the list of shortcuts; nothing fires while typing; every move is said."""

import pytest
from django.urls import reverse

from factcheck.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS = "#keyboard-status"


def said(page, text):
    page.wait_for_function(
        "(text) => document.querySelector('#keyboard-status').textContent.includes(text)", arg=text
    )


def current_ids(page):
    return page.eval_on_selector_all(
        "#article-body mark.is-current", "marks => [...new Set(marks.map(m => m.dataset.claim))]"
    )


def select_words(page, words):
    """Select ``words`` in the article body with a DOM range, as the keyboard (caret browsing)
    or a triple click would leave it."""
    page.evaluate(
        """(words) => {
          const body = document.getElementById("article-body");
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return;
          }
          throw new Error("words not in the body: " + words);
        }""",
        words,
    )


@pytest.fixture
def article_page(page, log_in, editor, seeded):
    article = Article.objects.get(origin__startswith="seeds/")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.locator("#article-body").click(position={"x": 2, "y": 2})  # focus the page, not a field
    return article


def test_j_and_k_walk_the_claims_in_reading_order_and_say_where_they_are(page, article_page):
    claims = list(article_page.claims.order_by("start_offset", "pk"))
    assert len(claims) == 4

    page.keyboard.press("j")
    said(page, f"1 of 4: « {claims[0].quote[:30]}")
    assert current_ids(page) == [str(claims[0].pk)]
    focused = page.evaluate("() => document.activeElement.dataset.claims || ''")
    assert str(claims[0].pk) in focused.split()

    page.keyboard.press("j")
    page.keyboard.press("j")
    said(page, "3 of 4")
    assert current_ids(page) == [str(claims[2].pk)]
    page.keyboard.press("k")
    said(page, "2 of 4")
    assert current_ids(page) == [str(claims[1].pk)]

    page.keyboard.press("k")
    page.keyboard.press("k")
    said(page, "This is the first claim.")
    assert current_ids(page) == [str(claims[0].pk)]


def test_enter_opens_the_current_claim(page, article_page):
    claims = list(article_page.claims.order_by("start_offset", "pk"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claims[1].pk}']")
    panel.wait_for()
    # The panel did not take the focus away: j goes on to the next claim.
    page.keyboard.press("j")
    said(page, "3 of 4")


def test_no_shortcut_fires_while_typing(page, article_page):
    claims = list(article_page.claims.order_by("start_offset", "pk"))
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claims[0].pk}']")
    field = panel.locator("textarea[name=claim_reviewed]")
    field.click()
    field.press("Control+End")
    page.keyboard.type(" jkm?")
    assert field.input_value().endswith(" jkm?")
    assert current_ids(page) == [str(claims[0].pk)]
    assert page.locator("#shortcuts-help").is_hidden()
    assert page.locator("#mark-form").is_hidden()

    trix = panel.locator("trix-editor.rationale-editor")
    trix.click()
    page.keyboard.type("j k")
    page.wait_for_function("() => document.querySelector('trix-editor').innerText.includes('j k')")
    assert current_ids(page) == [str(claims[0].pk)]


def test_m_marks_the_selected_words(page, article_page):
    page.keyboard.press("m")
    said(page, "Select words in the text first")
    assert page.locator("#mark-form").is_hidden()

    select_words(page, "discuter ce lundi")
    page.keyboard.press("m")
    form = page.locator("#mark-form")
    form.wait_for()
    assert form.locator("[data-role=quote-preview]").inner_text() == "discuter ce lundi"
    # The form took the focus: typing goes into the speaker field, not into shortcuts.
    page.keyboard.type("Elon")
    assert form.locator("input[name=speaker_name]").input_value() == "Elon"


def test_question_mark_shows_the_shortcuts_and_escape_closes_them(page, article_page, screenshot):
    page.keyboard.press("?")
    dialog = page.locator("#shortcuts-help")
    dialog.wait_for()
    assert "Next claim" in dialog.inner_text()
    screenshot("keyboard-shortcuts", full_page=False)
    page.keyboard.press("j")  # the dialog is modal: j does not move behind it
    assert current_ids(page) == []
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.get_by_role("button", name="Keyboard shortcuts").click()
    dialog.wait_for()
    dialog.get_by_role("button", name="Close").click()
    dialog.wait_for(state="hidden")
