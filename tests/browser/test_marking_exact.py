"""The words selected are the words stored, in a real browser, on generated articles: emoji and
other characters outside the Basic Multilingual Plane, combining accents, no-break spaces before
French punctuation, tabs, right-to-left text, repeated sentences, CRLF line ends in the imported
text. Selections are made with real mouse drags, or with a DOM range and the "m" key where a
drag cannot say which words it means (right-to-left runs, several paragraphs). After each mark
the stored quote must equal the selected words and the new highlight must cover exactly them."""

import random

import pytest
from django.urls import reverse

from factcheck.articles.body_versions import replace_body
from factcheck.articles.highlighting import paragraph_spans, shown_text
from factcheck.articles.importing import parse_article
from factcheck.articles.services import create_article
from factcheck.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = 20261201
RTL = set("مرحبالعلمשלוםעולם")
WORDS = [
    "Bravo",
    "😀😀😀",
    "👍🏽",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𠀀𠀁𠀂",
    "cafe\u0301",
    "e\u0301te\u0301",
    "«\u00a0bonjour\u00a0»",
    "vraiment\u202f?",
    "note\u202f:",
    "«\u202fnon\u202f»",
    "un\tdeux",
    "مرحبا",
    "بالعالم",
    "שלום",
    "עולם",
    "chômage",
    "l’exacte",
    "vérité",
    "3\u00a0%",
]
REPEATED = "Le chômage a baissé de 3\u00a0% cette année."

# Where code-point offsets of the body stand in the page: (text node, UTF-16 offset) for each
# end, found from the paragraphs' data-start; and, for a drag, the box of the first and the
# last grapheme of the selection.
LOCATE = """([start, end, select]) => {
  const body = document.getElementById("article-body");
  const locate = (offset, atEnd) => {
    for (const p of body.querySelectorAll("p[data-start]")) {
      const first = Number(p.dataset.start), last = Number(p.dataset.end);
      if (offset < first || offset > last || (offset === last && !atEnd)) continue;
      let remaining = offset - first;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const points = Array.from(node.data);
        if (remaining < points.length || (atEnd && remaining === points.length)) {
          return [node, points.slice(0, remaining).join("").length];
        }
        remaining -= points.length;
      }
    }
    throw new Error(`offset ${offset} is in no paragraph`);
  };
  const [startNode, startOffset] = locate(start, false);
  const [endNode, endOffset] = locate(end, true);
  const graphemes = (text) => Array.from(new Intl.Segmenter("fr", {granularity: "grapheme"})
    .segment(text), (s) => [s.index, s.index + s.segment.length]);
  const box = (node, from, to) => {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    const r = range.getClientRects()[0];
    return {left: r.left, right: r.right, y: r.top + r.height / 2};
  };
  if (select) {
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    return null;
  }
  const firstGrapheme = graphemes(startNode.data).find(([a]) => a === startOffset);
  const lastGrapheme = graphemes(endNode.data).find(([, b]) => b === endOffset);
  return [box(startNode, ...firstGrapheme), box(endNode, ...lastGrapheme)];
}"""


def generated_text(rng: random.Random) -> str:
    """An article as a file would bring it: CRLF line ends, blank lines between paragraphs,
    sometimes a line break inside a paragraph, the same sentence three times."""
    paragraphs = []
    for _ in range(4):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        if rng.random() < 0.4:
            words.insert(rng.randrange(1, len(words)), "\r\n" + rng.choice(WORDS))
        paragraphs.append(" ".join(words).replace(" \r\n", "\r\n"))
    paragraphs.insert(rng.randrange(1, 4), f"{REPEATED} {REPEATED} {REPEATED}")
    return "Titre\r\n\r\n" + "\r\n\r\n".join(paragraphs) + "\r\n"


def word_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for word in body[start:end].split():
        at = body.index(word, position)
        spans.append((at, at + len(word)))
        position = at + len(word)
    return spans


def selections(body: str, rng: random.Random, count: int):
    """(start, end, by_mouse): runs of whole words inside a paragraph, the second of the three
    repeated sentences, and one selection across two paragraphs."""
    paragraphs = paragraph_spans(body)[1:]  # the title line aside
    repeated = body.index(REPEATED, body.index(REPEATED) + 1)
    chosen = [(repeated, repeated + len(REPEATED), True)]
    while len(chosen) < count:
        words = word_spans(body, *rng.choice(paragraphs))
        first = rng.randrange(len(words))
        last = rng.randrange(first, min(first + 5, len(words)))
        start, end = words[first][0], words[last][1]
        ends_rtl = bool(RTL & set(body[words[first][0] : words[first][1]])) or bool(
            RTL & set(body[words[last][0] : words[last][1]])
        )
        chosen.append((start, end, not ends_rtl and rng.random() < 0.7))
    # From the middle of one paragraph to the second word of the next.
    one, two = word_spans(body, *paragraphs[1]), word_spans(body, *paragraphs[2])
    chosen.append((one[len(one) // 2][0], two[min(1, len(two) - 1)][1], False))
    return chosen


def covered(body: str, start: int, end: int) -> str:
    """What a highlight of start:end holds: the paragraphs' text, without the breaks."""
    return "".join(
        body[max(s, start) : min(e, end)] for s, e in paragraph_spans(body) if s < end and e > start
    )


def drag_and_stay(page, start, end):
    first, last = page.evaluate(LOCATE, [start, end, False])
    page.mouse.move(first["left"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move((first["left"] + last["right"]) / 2, last["y"], steps=4)
    page.mouse.move(last["right"] - 1, last["y"], steps=4)
    page.mouse.up()


def drag(page, start, end):
    drag_and_stay(page, start, end)
    page.click("#mark-button")


def select_and_press_m(page, start, end):
    page.evaluate(LOCATE, [start, end, True])
    page.keyboard.press("m")


def mark_and_check(page, article, start, end, by_mouse):
    body = article.body
    expected = shown_text(body)[start:end]
    page.locator("#article-body").scroll_into_view_if_needed()
    if by_mouse:
        drag(page, start, end)
    else:
        select_and_press_m(page, start, end)
    form = page.locator("#mark-form")
    form.wait_for()
    case = f"{start}:{end} {'mouse' if by_mouse else 'range'} {expected!r}"
    assert form.locator("input[name=quote]").input_value() == expected, case
    assert form.locator("input[name=start]").input_value() == str(start), case
    assert form.locator("input[name=end]").input_value() == str(end), case
    before = set(Claim.objects.values_list("pk", flat=True))
    form.locator("[data-action=mark]").click()
    page.locator("#claim-panel .claim-panel").wait_for()
    form.wait_for(state="hidden")
    claim = Claim.objects.exclude(pk__in=before).get()
    assert claim.quote == body[start:end], case
    assert (claim.start_offset, claim.end_offset) == (start, end), case
    marks = page.locator(f"#article-body mark[data-claims~='{claim.pk}']")
    marks.first.wait_for()
    highlighted = "".join(marks.evaluate_all("marks => marks.map(m => m.textContent)"))
    assert highlighted == covered(body, start, end), case


def generated_article(rng, editor):
    return create_article(parsed=parse_article(generated_text(rng)), by=editor)


@pytest.mark.parametrize("round_", range(6))
def test_generated_articles_store_exactly_the_selected_words(editor, page, log_in, round_):
    rng = random.Random(SEED + round_)
    article = generated_article(rng, editor)
    assert "\r" not in article.body
    log_in(editor, reverse("article_detail", args=[article.pk]))
    for start, end, by_mouse in selections(article.body, rng, 6):
        mark_and_check(page, article, start, end, by_mouse)


def test_three_emoji_before_the_words_shift_nothing(editor, page, log_in):
    text = "Bravo 😀😀😀 à tous.\r\n\r\nLe chômage a baissé de 3 % cette année.\r\n"
    article = create_article(parsed=parse_article(text, title="Chômage"), by=editor)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    start = article.body.index("chômage a baissé")
    mark_and_check(page, article, start, start + len("chômage a baissé"), True)
    assert Claim.objects.get().quote == "chômage a baissé"


def test_a_new_version_saved_meanwhile_is_said_in_the_mark_form(editor, page, log_in):
    text = "Bravo 😀😀😀 à tous.\r\n\r\nLe chômage a baissé de 3 % cette année.\r\n"
    article = create_article(parsed=parse_article(text, title="Chômage"), by=editor)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    start = article.body.index("chômage a baissé")
    select_and_press_m(page, start, start + len("chômage a baissé"))
    form = page.locator("#mark-form")
    form.wait_for()
    replace_body(article, body="Un chapeau.\n\n" + article.body, by=editor)
    form.locator("[data-action=mark]").click()
    error = page.locator("#mark-form [data-role=mark-errors]")
    error.wait_for()
    assert "changed (version 2)" in error.inner_text()
    assert not Claim.objects.exists()


def test_an_editor_moves_a_claim_onto_other_words(editor, page, log_in):
    rng = random.Random(SEED + 7)
    article = generated_article(rng, editor)
    body = article.body
    words = word_spans(body, *paragraph_spans(body)[1])
    first = Claim.objects.create(
        article=article,
        quote=body[words[0][0] : words[1][1]],
        start_offset=words[0][0],
        end_offset=words[1][1],
        created_by=editor,
    )
    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.locator(f"#article-body mark[data-claim='{first.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{first.pk}']")
    panel.locator("[data-action=adjust-words]").click()
    confirm = panel.locator("[data-action=confirm-words]")
    assert confirm.is_disabled()
    # A drag (no right-to-left word at either end) over words of the repeated sentences.
    start = body.index(REPEATED, body.index(REPEATED) + 1) + len("Le ")
    end = start + len("chômage a baissé de 3\u00a0%")
    drag_and_stay(page, start, end)
    panel.locator("[data-action=confirm-words]:enabled").wait_for()
    assert page.locator("#mark-button").is_hidden()
    assert panel.locator("[data-role=adjust-preview]").inner_text() == body[start:end]
    confirm.click()
    page.locator(f"#article-body mark[data-claims~='{first.pk}']", has_text="chômage").wait_for()
    first.refresh_from_db()
    assert (first.quote, first.start_offset, first.end_offset) == (body[start:end], start, end)
    marks = page.locator(f"#article-body mark[data-claims~='{first.pk}']")
    assert "".join(marks.evaluate_all("ms => ms.map(m => m.textContent)")) == body[start:end]
    assert Claim.objects.count() == 1


def test_a_reviewed_claim_offers_no_adjusting(seeded, editor, page, log_in):
    claim = Claim.objects.filter(article__origin__startswith="seeds/").first()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REVIEWED)
    log_in(editor, reverse("article_detail", args=[claim.article_id]))
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']").wait_for()
    assert page.locator("#claim-panel [data-action=adjust-words]").count() == 0
