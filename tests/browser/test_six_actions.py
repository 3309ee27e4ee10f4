"""The editor's loop on the seed article, counted: from selecting words to a verdict in review
with two sources takes at most six actions (clicks on buttons or links, form submissions,
the mouse selection; typing into fields is not counted), and a confirmation shows after it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from factcheck.models import Article, Claim, Rating, Verdict
from tests.browser.test_annotate import drag_select
from tests.factories import SourceFactory, VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "Tu as dit l’exacte vérité"
WORDING = "Les personnes juives encouragent la « haine contre les Blancs »."
SUMMARY = "Faux : Musk a approuvé un message antisémite 😀."
RATIONALE = "Le message approuvé reprend la théorie du « grand remplacement » 🇫🇷."
SOURCES = [
    (
        "https://www.whitehouse.gov/briefing-room/",
        "Réaction de la Maison Blanche",
        "Maison Blanche",
    ),
    ("https://www.lemonde.fr/pixels/article/2023/11/17/musk", "Musk approuve", "Le Monde"),
]


class Actions:
    """Counts what the editor does: each selection, click on a button or link, submission."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def select(self, quote):
        drag_select(self.page, quote)
        self.count += 1

    def click(self, locator):
        locator.click()
        self.count += 1


def open_form_on_the_quote(page, log_in, editor, actions, lang="en"):
    article = Article.objects.get(origin__startswith="seeds/")
    url = reverse("article_detail", args=[article.pk])
    log_in(editor, url)
    if lang == "fr":
        page.click(".site-header .language-switch button[value=fr]")
        page.wait_for_url(f"**{url}")
    actions.select(QUOTE)  # 1
    actions.click(page.locator("#mark-button"))  # 2
    form = page.locator("#mark-form")
    form.wait_for()
    assert form.locator("[data-role=quote-preview]").inner_text() == QUOTE
    assert form.locator("input[name=claimed]").input_value() == "2023-11"  # the article's date
    form.locator("input[name=speaker_name]").fill("Elon")
    actions.click(form.locator("[data-speaker-name='Elon Musk']"))  # 3
    form.locator("textarea[name=claim_reviewed]").fill(WORDING)
    form.locator("select[name=verdict-rating]").select_option(
        str(Rating.objects.get(slug="false").pk)
    )
    form.locator("input[name=verdict-summary]").fill(SUMMARY)
    form.locator("trix-editor").click()  # into a field, to type: not an action
    page.keyboard.type(RATIONALE)
    # Trix handles keys on its own schedule; a busy machine may still be at it. Move on once it
    # wrote the whole text to its input, as a person's next click would come after it anyway.
    page.wait_for_function(
        "(text) => document.querySelector('#mark-form input[name=\"verdict-rationale\"]')"
        ".value.includes(text)",
        arg="grand remplacement",
    )
    return form


def fill_source_row(form, index, url, title, publisher):
    form.locator(f"input[name=source-{index}-url]").fill(url)
    form.locator(f"input[name=source-{index}-title]").fill(title)
    form.locator(f"input[name=source-{index}-publisher]").fill(publisher)


def assert_in_review_with_confirmation(page, lang="en"):
    page.locator("#claim-panel [data-role=claim-status][data-status=in_review]").wait_for()
    confirmation = page.locator("#claim-panel [data-role=mark-confirmation]")
    confirmation.wait_for()
    with translation.override(lang):
        assert confirmation.inner_text() == translation.gettext(
            "Claim marked and submitted for review."
        )
    claim = Claim.objects.get(quote=QUOTE, created_by__isnull=False)
    verdict = claim.verdicts.get()
    assert claim.status == Claim.Status.IN_REVIEW and verdict.status == Verdict.Status.SUBMITTED
    assert claim.speaker.name == "Elon Musk" and claim.claim_reviewed == WORDING
    assert verdict.summary == SUMMARY and RATIONALE in verdict.rationale
    assert sorted(verdict.sources.values_list("publisher", flat=True)) == [
        "Le Monde",
        "Maison Blanche",
    ]
    # The form went back to empty and hidden, ready for the next selection.
    form = page.locator("#mark-form")
    assert form.is_hidden()
    assert form.locator("input[name=verdict-summary]").input_value() == ""
    assert form.locator("[data-role=source-row]").count() == 1
    return claim


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_selection_to_review_in_at_most_six_actions(seeded, editor, page, log_in, screenshot, lang):
    actions = Actions(page)
    form = open_form_on_the_quote(page, log_in, editor, actions, lang)
    fill_source_row(form, 0, *SOURCES[0])
    actions.click(form.locator("[data-action=add-source-row]"))  # 4
    fill_source_row(form, 1, *SOURCES[1])
    screenshot(f"mark-form-full-{lang}", full_page=False)
    for index, (url, title, publisher) in enumerate(SOURCES):
        row = [
            form.locator(f"input[name=source-{index}-{name}]").input_value()
            for name in ("url", "title", "publisher")
        ]
        assert row == [url, title, publisher], (index, row)
    actions.click(form.locator("[data-action=mark-and-submit]"))  # 5
    assert_in_review_with_confirmation(page, lang)
    screenshot(f"mark-form-submitted-{lang}", full_page=False)
    assert actions.count <= 6, actions.count
    # The body was refreshed: the new claim is highlighted.
    claim = Claim.objects.get(quote=QUOTE, created_by__isnull=False)
    page.locator(f"#article-body mark[data-claims~='{claim.pk}']").first.wait_for()


def test_a_refused_submit_keeps_everything_typed_and_says_why(seeded, editor, page, log_in):
    """One source only: the evidence rule refuses, nothing is saved, nothing typed is lost;
    a second row and the same button then send it to review."""
    actions = Actions(page)
    form = open_form_on_the_quote(page, log_in, editor, actions)
    before = Claim.objects.count()
    fill_source_row(form, 0, *SOURCES[0])
    actions.click(form.locator("[data-action=mark-and-submit]"))
    errors = page.locator("#mark-form [data-role=mark-errors]")
    errors.wait_for()
    assert "This verdict cannot be submitted yet." in errors.inner_text()
    assert "This verdict has 1 publisher: Maison Blanche." in errors.inner_text()
    assert Claim.objects.count() == before
    form = page.locator("#mark-form")
    assert form.is_visible()
    assert form.locator("textarea[name=claim_reviewed]").input_value() == WORDING
    assert form.locator("input[name=verdict-summary]").input_value() == SUMMARY
    assert form.locator("input[name=source-0-url]").input_value() == SOURCES[0][0]
    page.wait_for_function(
        "(text) => document.querySelector('#mark-form trix-editor').editor"
        ".getDocument().toString().includes(text)",
        arg=RATIONALE,
    )
    actions.click(form.locator("[data-action=add-source-row]"))
    fill_source_row(form, 1, *SOURCES[1])
    actions.click(form.locator("[data-action=mark-and-submit]"))
    assert_in_review_with_confirmation(page)


def test_a_new_organisation_from_the_form(seeded, editor, page, log_in):
    article = Article.objects.get(origin__startswith="seeds/")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    drag_select(page, QUOTE)
    page.click("#mark-button")
    form = page.locator("#mark-form")
    form.locator("input[name=speaker_name]").fill("Compte X officiel")
    form.locator("[data-new-speaker]").click()
    form.locator("input[name=speaker_kind][value=organisation]").check()
    form.locator("input[name=claimed]").fill("2023-11-15")
    form.locator("[data-action=mark]").click()
    page.locator("#claim-panel [data-role=speaker]", has_text="Compte X officiel").wait_for()
    claim = Claim.objects.get(speaker__name="Compte X officiel")
    assert claim.speaker.kind == "organisation" and claim.claimed == "2023-11-15"
    assert not claim.verdicts.exists()
    confirmation = page.locator("#claim-panel [data-role=mark-confirmation]")
    assert confirmation.inner_text() == "Claim marked."


def test_submitting_from_the_panel_says_what_the_rule_needs_and_keeps_the_typing(
    seeded, editor, page, log_in
):
    article = Article.objects.get(origin__startswith="seeds/")
    claim = article.claims.get(quote=QUOTE)
    verdict = VerdictFactory(claim=claim, author=editor)
    SourceFactory(verdict=verdict, publisher="Insee")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.locator("[data-role=evidence-missing]", has_text="Before it can be submitted").wait_for()
    panel.locator("input[name=summary]").fill("Résumé tapé, pas encore enregistré")
    panel.locator("[data-action=submit]").click()
    alert = page.locator("[data-role=request-error]").first
    alert.wait_for()
    assert "This verdict cannot be submitted yet." in alert.inner_text()
    assert "This verdict has 1 publisher: Insee." in alert.inner_text()
    assert panel.locator("input[name=summary]").input_value() == (
        "Résumé tapé, pas encore enregistré"
    )
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_the_next_claim_starts_from_an_empty_form_that_still_works(seeded, editor, page, log_in):
    """After a mark the page puts back the form it was first sent: nothing typed for the first
    claim is in it, and its search, rows, editor and buttons work for the second."""
    actions = Actions(page)
    form = open_form_on_the_quote(page, log_in, editor, actions)
    fill_source_row(form, 0, *SOURCES[0])
    actions.click(form.locator("[data-action=add-source-row]"))
    fill_source_row(form, 1, *SOURCES[1])
    actions.click(form.locator("[data-action=mark-and-submit]"))
    assert_in_review_with_confirmation(page)
    form = page.locator("#mark-form")
    assert form.is_hidden()

    drag_select(page, "Récemment accusé")
    page.click("#mark-button")
    form.wait_for()
    assert form.locator("[data-role=quote-preview]").inner_text() == "Récemment accusé"
    assert form.locator("input[name=quote]").input_value() == "Récemment accusé"
    assert form.locator("input[name=claimed]").input_value() == "2023-11"
    for name in ("speaker_name", "speaker", "verdict-summary", "verdict-rationale"):
        assert form.locator(f"input[name={name}]").input_value() == "", name
    assert form.locator("textarea[name=claim_reviewed]").input_value() == ""
    assert form.locator("select[name=verdict-rating]").input_value() == ""
    assert form.locator("[data-role=source-row]").count() == 1
    assert form.locator("input[name=source-0-url]").input_value() == ""
    assert form.locator("input[name=source-TOTAL_FORMS]").input_value() == "1"
    assert form.locator("[data-role=mark-errors]").count() == 0
    form.locator("input[name=speaker_name]").fill("Elon")
    form.locator("[data-speaker-name='Elon Musk']").click()
    form.locator("[data-action=add-source-row]").click()
    assert form.locator("[data-role=source-row]").count() == 2
    form.locator("trix-editor").click()
    assert page.locator("#mark-form trix-editor").count() == 1
    page.keyboard.type("Deuxième")
    page.wait_for_function(
        "() => document.querySelector('#mark-form input[name=\"verdict-rationale\"]')"
        ".value.includes('Deuxième')"
    )
    form.locator("[data-action=mark]").click()
    # The first mark's panel said "…and submitted for review."; this one says less.
    confirmation = "#claim-panel [data-role=mark-confirmation]"
    page.locator(confirmation, has_text=re.compile(r"^Claim marked\.$")).wait_for()
    second = Claim.objects.get(quote="Récemment accusé")
    assert second.speaker.name == "Elon Musk" and second.claim_reviewed == ""
    assert "Deuxième" in second.verdicts.get().rationale
    assert not second.verdicts.get().sources.exists()
    page.locator(f"#article-body mark[data-claims~='{second.pk}']").first.wait_for()
    assert page.locator("#mark-form").is_hidden()
