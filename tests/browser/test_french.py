"""A French reviewer and a French editor see no English: every page, every claim panel (verdicts,
sources, evidence messages, links, corrections, the rationale editor and its dialogs) is read in
the browser, and any text, placeholder, title, aria-label or button value that is still the
English of an entry of the French catalogue fails the test, as do a few English words that must
never show."""

import re
from pathlib import Path

import pytest

from tests.browser.desk import logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PO = Path(__file__).resolve().parents[2] / "factcheck/locale/fr/LC_MESSAGES/django.po"
# English words that no French page shows, whatever the catalogue says (Trix's own words,
# English month names, the stored origin "pasted").
NEVER = [
    "pasted",
    "Quote",
    "Claimed",
    "Reviewed",
    "Link",
    "Unlink",
    "Enter a URL",
    "Bold",
    "Italic",
    "Strikethrough",
    "Bullets",
    "Numbers",
    "Undo",
    "Redo",
    "Attach Files",
    "Increase Level",
    "Decrease Level",
    "Save",
    "Submit",
    "Approve",
    "Cancel",
    "Delete",
    "Filters",
    "Keyboard shortcuts",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

# Every piece of text a person sees or hears: visible text nodes, and the placeholder, title,
# aria-label and button values of every element (hidden ones too: Trix's link dialog).
READ_PAGE = """(root) => {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest("script, style, template, body [lang]:not([lang=fr])")) continue;
    if (!parent.checkVisibility({ visibilityProperty: true })) continue;
    out.push(["text", text]);
  }
  for (const element of root.querySelectorAll("[placeholder], [title], [aria-label], input[type=button], input[type=submit]")) {
    for (const name of ["placeholder", "title", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value && value.trim()) out.push([name, value.trim()]);
    }
    if (element.matches("input[type=button], input[type=submit]") && element.value.trim()) {
      out.push(["value", element.value.trim()]);
    }
  }
  return out;
}"""


def _strings(block: str, keyword: str) -> str | None:
    match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.M)
    if not match:
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
    return "".join(parts).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def english_catalogue() -> tuple[set[str], list[re.Pattern]]:
    """The English strings whose French differs: plain ones, and patterns for those with
    placeholders (at least four letters besides them, so that "%(n)s" matches nothing)."""
    french, english = set(), set()
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        msgstrs = [_strings(block, key) for key in ("msgstr", r"msgstr\[0\]", r"msgstr\[1\]")]
        msgstrs = [text for text in msgstrs if text]
        french.update(msgstrs)
        for key in ("msgid", "msgid_plural"):
            text = _strings(block, key)
            if text and text not in msgstrs:
                english.add(text.strip())
    english -= french
    plain = {text for text in english if not PLACEHOLDER.search(text)}
    patterns = [
        re.compile(".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)), re.S)
        for text in english - plain
        if len(re.findall(r"[A-Za-z]", PLACEHOLDER.sub("", text))) >= 4
    ]
    return plain, patterns


def english_in(found: list[list[str]], plain: set[str], patterns: list[re.Pattern]) -> set:
    never = re.compile(r"\b(" + "|".join(re.escape(word) for word in NEVER) + r")\b")
    english = set()
    for where, text in found:
        bare = text.rstrip(" :…").strip()
        if text in plain or bare in plain or any(p.fullmatch(text) for p in patterns):
            english.add((where, text))
        elif word := never.search(text):
            english.add((where, f"{word.group(0)!r} in {text!r}"))
    return english


def test_the_catalogue_reader_finds_english(desk):
    plain, patterns = english_catalogue()
    assert {"Dashboard", "Claims by status", "Save verdict", "Bold", "Enter a URL…"} <= plain
    assert "Articles" not in plain  # the same word in French: not English
    found = [
        ["text", "Save verdict"],
        ["title", "Bold"],
        ["text", "Tableau de bord"],
        ["text", "This verdict has 1 publisher: The White House."],
        ["value", "Link"],
        ["text", "2 nouvelles"],
    ]
    assert english_in(found, plain, patterns) == {
        ("text", "Save verdict"),
        ("title", "Bold"),
        ("text", "This verdict has 1 publisher: The White House."),
        ("value", "Link"),
    }


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_no_english_on_french_pages(browser, live_server, desk, role):
    plain, patterns = english_catalogue()
    user = getattr(desk, role)
    context = logged_in_context(browser, live_server, user, width=1440, height=900, language="fr")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    english = {}
    try:
        for name, url in desk.pages().items():
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == "fr"
            if name == "claim-draft" and role == "editor":  # Trix drawn from the first HTML
                bold = page.locator(".verdict-form trix-toolbar [data-trix-attribute=bold]")
                assert bold.get_attribute("title") == "Gras"
            if found := english_in(page.locator("body").evaluate(READ_PAGE), plain, patterns):
                english[name] = found
        page.goto(desk.pages()["article"])
        for claim in (desk.corrected, desk.in_review, desk.draft, desk.set_aside):
            page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
            panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
            panel.wait_for()
            if claim == desk.draft and role == "editor":
                # The rationale editor and its link dialog, open.
                page.locator(
                    "#claim-panel .verdict-form trix-toolbar [data-trix-action=link]"
                ).click()
                page.locator(
                    "#claim-panel .verdict-form trix-toolbar [data-trix-dialog=href]"
                ).wait_for()
            if claim == desk.in_review and role == "reviewer":
                panel.locator("[data-role=evidence-missing]").wait_for()
            if found := english_in(page.locator("body").evaluate(READ_PAGE), plain, patterns):
                english[f"article, panel of {claim.pk}"] = found
        page.locator("[data-action=show-shortcuts]").click()
        if found := english_in(page.locator("body").evaluate(READ_PAGE), plain, patterns):
            english["keyboard help"] = found
        context.clear_cookies()
        context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
        page.goto("/accounts/login/")
        if found := english_in(page.locator("body").evaluate(READ_PAGE), plain, patterns):
            english["login"] = found
    finally:
        context.close()
    assert not errors, errors
    assert english == {}, f"English on French pages as {role}: {english}"
