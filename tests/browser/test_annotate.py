"""The editor's and the reviewer's day on the seed article, in a real browser: select Musk's
reply with the mouse, mark it, write a verdict with Trix, add a source, submit; approve."""

import pytest
from django.urls import reverse

from factcheck.models import Article, Claim, Rating, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "Tu as dit l’exacte vérité"

# Boxes of the first and last characters of the quote, where the mouse presses and releases.
CHARACTER_BOXES = """(quote) => {
  const body = document.getElementById("article-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(quote);
    if (at < 0) continue;
    const box = (i) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, y: r.top + r.height / 2};
    };
    return [box(at), box(at + quote.length - 1)];
  }
  return null;
}"""


def drag_select(page, quote):
    page.locator("#article-body").scroll_into_view_if_needed()
    page.get_by_text(quote, exact=False).first.scroll_into_view_if_needed()
    first, last = page.evaluate(CHARACTER_BOXES, quote)
    page.mouse.move(first["left"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move((first["left"] + last["right"]) / 2, last["y"], steps=5)
    page.mouse.move(last["right"] - 1, last["y"], steps=5)
    page.mouse.up()
    assert page.evaluate("() => window.getSelection().toString()") == quote


def write_rationale(page):
    """Type in Trix: a bold word through the Bold button, a link through Trix's link dialog."""
    bold = ".verdict-form trix-toolbar [data-trix-attribute=bold]"
    page.locator("trix-editor.rationale-editor").click()
    page.keyboard.type("Musk a ")
    page.click(bold)
    page.keyboard.type("approuvé")
    page.click(bold)
    page.keyboard.type(" un message antisémite, selon Le Monde")
    # Select "Le Monde" with the keyboard, as a reader would, then make it a link.
    page.wait_for_timeout(100)  # let Trix render what was typed before moving the caret
    for _ in range(len("Le Monde")):
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(
        "() => { const [a, b] = document.querySelector('trix-editor').editor.getSelectedRange();"
        " return b - a === 8; }"
    )
    page.click(".verdict-form trix-toolbar [data-trix-action=link]")
    page.fill("trix-toolbar input[name=href]", "https://www.lemonde.fr/musk")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('trix-editor').innerHTML.includes('lemonde.fr')"
    )


def editor_marks_and_submits(page, log_in, screenshot, editor, lang):
    article = Article.objects.get(origin__startswith="seeds/")
    url = reverse("article_detail", args=[article.pk])
    log_in(editor, url)
    if lang == "fr":
        page.click(".site-header .language-switch button[value=fr]")
        page.wait_for_url(f"**{url}")
    assert page.get_attribute("html", "lang") == lang

    drag_select(page, QUOTE)
    page.click("#mark-button")
    form = page.locator("#mark-form")
    assert form.locator("[data-role=quote-preview]").inner_text() == QUOTE
    form.locator("input[name=speaker_name]").fill("Elon")
    form.locator("[data-speaker-name='Elon Musk']").click()
    form.locator("textarea[name=claim_reviewed]").fill(
        "Les personnes juives encouragent la « haine contre les Blancs »."
    )
    screenshot(f"mark-form-{lang}", full_page=False)
    before = set(Claim.objects.values_list("pk", flat=True))
    form.locator("[data-action=mark]").click()
    panel = page.locator("#claim-panel .claim-panel")
    panel.locator("[data-role=speaker]", has_text="Elon Musk").wait_for()
    assert form.is_hidden()
    claim = Claim.objects.exclude(pk__in=before).get()
    assert claim.quote == QUOTE and claim.speaker.name == "Elon Musk"
    assert panel.get_attribute("data-claim-id") == str(claim.pk)
    # The body was refreshed: the new claim is highlighted (nested in the seeded one).
    page.locator(f"#article-body mark[data-claims~='{claim.pk}']").first.wait_for()

    false = Rating.objects.get(slug="false")
    panel.locator("select[name=rating]").select_option(str(false.pk))
    panel.locator("input[name=summary]").fill("Faux : un message antisémite, approuvé.")
    write_rationale(page)
    panel.locator("[data-action=save-verdict]").click()
    page.locator("#claim-panel .rationale-editor").wait_for()
    page.wait_for_function(
        "() => document.querySelector('#claim-panel details.add-source') !== null"
    )
    verdict = claim.verdicts.get()
    assert "<strong>approuvé</strong>" in verdict.rationale
    assert (
        '<a href="https://www.lemonde.fr/musk" rel="noopener noreferrer nofollow">Le Monde</a>'
        in (verdict.rationale)
    )

    panel = page.locator("#claim-panel .claim-panel")
    panel.locator("[data-action=open-add-source]").click()
    panel.locator("input[name=url]").fill("javascript:alert(1)")
    panel.locator("input[name=title]").fill("Réaction de la Maison Blanche")
    panel.locator("[data-action=add-source]").click()
    panel.locator(".errorlist", has_text="https://").wait_for()
    panel.locator("input[name=url]").fill("https://www.whitehouse.gov/briefing-room/")
    panel.locator("[data-action=add-source]").click()
    panel.locator(".source-row", has_text="Réaction de la Maison Blanche").wait_for()
    # The evidence rule asks for two publishers: a second source, from another site.
    panel.locator("[data-action=open-add-source]").click()
    panel.locator("input[name=url]").fill("https://www.lemonde.fr/pixels/article/2023/11/17/musk")
    panel.locator("input[name=title]").fill("Elon Musk approuve un message antisémite")
    panel.locator("[data-action=add-source]").click()
    panel.locator(".source-row", has_text="Elon Musk approuve").wait_for()
    screenshot(f"panel-draft-{lang}", full_page=False)  # the article with its panel beside

    panel.locator("[data-action=submit]").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=in_review]").wait_for()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.sources.count() == 2
    page.click(".user-box button[type=submit]")  # log out
    page.wait_for_url("**/accounts/login/**")
    return article, claim


def reviewer_approves(page, log_in, screenshot, reviewer, article, claim, lang):
    url = reverse("article_detail", args=[article.pk])
    log_in(reviewer, url)
    assert page.get_attribute("html", "lang") == lang
    page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] a").click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.wait_for()
    panel.locator("[data-action=approve]").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=reviewed]").wait_for()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEWED
    assert Claim.objects.reviewed().filter(pk=claim.pk).exists()

    # The article page shows it reviewed, with its rating, after a reload too.
    page.goto(url)
    mark = page.locator(f"#article-body mark[data-claim='{claim.pk}']").first
    assert "claim-reviewed" in mark.get_attribute("class")
    assert "rated-false" in mark.get_attribute("class")
    item = page.locator(f"#claim-list li[data-claim-id='{claim.pk}'] .status")
    assert item.get_attribute("data-status") == "reviewed"
    screenshot(f"article-{lang}")
    mark.click()
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']").wait_for()
    screenshot(f"panel-reviewed-{lang}", full_page=False)

    page.goto(reverse("claim_detail", args=[claim.pk]))
    assert page.locator("[data-role=claim-status]").get_attribute("data-status") == "reviewed"
    assert page.locator(".rationale strong").inner_text() == "approuvé"
    screenshot(f"claim-page-{lang}")

    # The dashboard counts it as reviewed and lists it among the recently reviewed.
    page.goto("/")
    recent = page.locator("#recently-reviewed + .dash-items")
    assert "Tu as dit l’exacte vérité" in recent.inner_text()
    assert page.locator("a[href='/claims/?rating=false']").first.inner_text() == "1"
    assert page.locator("a[href='/claims/?status=reviewed']").first.inner_text() == "1"
    screenshot(f"dashboard-after-review-{lang}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_editor_marks_reviewer_approves(seeded, editor, reviewer, page, log_in, screenshot, lang):
    article, claim = editor_marks_and_submits(page, log_in, screenshot, editor, lang)
    reviewer_approves(page, log_in, screenshot, reviewer, article, claim, lang)


def test_viewer_reads_the_highlights_without_a_mark_button(seeded, viewer, editor, page, log_in):
    article = Article.objects.get(origin__startswith="seeds/")
    url = reverse("article_detail", args=[article.pk])
    log_in(viewer, url)
    assert page.locator("#mark-button").count() == 0
    assert page.locator("#article-body mark.claim").count() == 4


def test_a_refused_step_shows_its_message_in_the_panel(seeded, editor, page, log_in):
    """A 409 from the server is shown next to the button that was pressed (feedback.js)."""
    article = Article.objects.get(origin__startswith="seeds/")
    claim = article.claims.get(quote=QUOTE)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.locator("[data-action=save-verdict]").click()  # no rating, no summary: a draft
    panel.locator("[data-action=submit]").click()
    alert = panel.locator("form:has([data-action=submit]) + [data-role=request-error]")
    alert.wait_for()
    assert "rating" in alert.inner_text()
    assert alert.get_attribute("role") == "alert"
    assert claim.verdicts.get().status == Verdict.Status.DRAFT


SELECT_ACROSS = """([first, last]) => {
  const find = (text) => {
    const walker = document.createTreeWalker(
      document.getElementById("article-body"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(text);
      if (at >= 0) return [node, at];
    }
  };
  const [startNode, start] = find(first);
  const [endNode, end] = find(last);
  const range = document.createRange();
  range.setStart(startNode, start);
  range.setEnd(endNode, end + last.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.getElementById("article-body").dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


def test_a_selection_across_paragraphs_is_sent_as_the_body_reads(seeded, editor, page, log_in):
    article = Article.objects.get(origin__startswith="seeds/")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.evaluate(SELECT_ACROSS, ["a indiqué la présidence.", "Récemment accusé"])
    page.click("#mark-button")
    form = page.locator("#mark-form")
    expected = article.body[
        article.body.index("a indiqué la présidence.") : article.body.index("Récemment accusé")
        + len("Récemment accusé")
    ]
    assert "\n\n" in expected
    assert form.locator("input[name=quote]").input_value() == expected
    start = article.body.index(expected)
    assert form.locator("input[name=start]").input_value() == str(start)
    assert form.locator("input[name=end]").input_value() == str(start + len(expected))
    form.locator("[data-action=mark]").click()
    page.locator("#claim-panel .claim-panel").wait_for()
    claim = Claim.objects.latest("pk")
    assert claim.quote == expected and claim.speaker is None
