"""An editor opens an article with no claims yet, accepts two of the statements the desk found
in it, one click each, and sees both highlighted; a third is dismissed."""

import pytest
from django.urls import reverse

from factcheck.models import Claim, DismissedStatement
from tests.factories import ArticleFactory, SpeakerFactory
from tests.statements.conftest import MUSK, PRESIDENCY, WHITE_HOUSE, seed_body, seed_speakers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGHLIGHTED = """(quote) => Array.from(document.querySelectorAll('#article-body mark.claim'))
  .map((mark) => mark.textContent).join('').includes(quote)"""


def test_accept_two_statements_and_see_them_highlighted(page, log_in, screenshot, editor):
    for entry in seed_speakers():
        SpeakerFactory(name=entry["name"], kind=entry["kind"], aliases="\n".join(entry["aliases"]))
    article = ArticleFactory(title="Musk et Herzog", body=seed_body(), language="fr")
    url = reverse("article_detail", args=[article.pk])
    log_in(editor, url)

    statements = page.locator("#statements")
    musk = statements.locator(".statement", has_text=MUSK)
    musk.wait_for()  # loaded by itself: the article has no claims yet
    assert "Elon Musk" in musk.locator(".statement-speaker").inner_text()
    screenshot("statements-found", full_page=False)

    musk.locator("[data-action=accept-statement]").click()
    page.wait_for_function(HIGHLIGHTED, arg=MUSK)
    statements.locator(".statement", has_text=MUSK).wait_for(state="detached")

    white_house = statements.locator(".statement", has_text=WHITE_HOUSE)
    assert "Maison Blanche" in white_house.locator(".statement-speaker").inner_text()
    white_house.locator("[data-action=accept-statement]").click()
    page.wait_for_function(HIGHLIGHTED, arg=WHITE_HOUSE)

    statements.locator(".statement", has_text=PRESIDENCY).locator(
        "[data-action=dismiss-statement]"
    ).click()
    statements.locator(".statement", has_text=PRESIDENCY).wait_for(state="detached")

    claims = {c.quote: c for c in Claim.objects.select_related("speaker")}
    assert set(claims) == {MUSK, WHITE_HOUSE}
    assert claims[MUSK].speaker.name == "Elon Musk"
    assert claims[WHITE_HOUSE].speaker.name == "Maison Blanche"
    assert claims[WHITE_HOUSE].kind == Claim.Kind.DIRECT_QUOTE
    assert DismissedStatement.objects.get().quote == PRESIDENCY
    # Each highlight holds exactly the accepted words.
    for claim in claims.values():
        marks = page.locator(f"#article-body mark[data-claims~='{claim.pk}']")
        assert "".join(marks.all_text_contents()) == claim.quote
    screenshot("statements-accepted", full_page=False)
