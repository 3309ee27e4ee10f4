"""Typed text in the claim panel survives everything, in a real browser: adding a source, a
failed save (500 or no connection), a click on another highlight, autosave and a reload, two
tabs autosaving the same draft; and every step says what it did."""

import re
import time

import pytest
from django.urls import reverse

from factcheck.models import Article, Verdict
from tests.browser.test_stale_edit import second_browser
from tests.factories import VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "Tu as dit l’exacte vérité"
# Astral characters, combining accents, narrow and plain no-break spaces, right-to-left text.
SUMMARY = "Faux\u202f! 😀 e\u0301crit «\u00a0oui\u00a0» — שלום"
RATIONALE = "Selon l’Insee 📈, la baisse est de 2 % (שלום)."
WORDING = "Musk approuve « l’exacte vérité » 🙄"


def claims():
    article = Article.objects.get(origin__startswith="seeds/")
    return article, list(article.claims.order_by("start_offset"))


def open_claim(page, claim):
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    panel = page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']")
    panel.wait_for()
    return panel


def pause_autosave(page):
    """Stop the verdict form's autosave, as a refused save does, so that what a test checks
    cannot have been saved behind its back."""
    page.evaluate("document.querySelector('form[data-autosave]').dataset.autosave = 'paused'")


def type_rationale(page, text):
    page.locator("#claim-panel trix-editor.rationale-editor").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def rationale_text(page):
    return page.locator("#claim-panel trix-editor.rationale-editor").inner_text()


def test_typed_text_survives_adding_a_source(seeded, editor, page, log_in):
    article, (first, *_) = claims()
    verdict = VerdictFactory(claim=first, author=editor, summary="Résumé enregistré.")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    panel = open_claim(page, first)
    pause_autosave(page)
    panel.locator("input[name=summary]").fill(SUMMARY)
    type_rationale(page, RATIONALE)
    panel.locator("textarea[name=claim_reviewed]").fill(WORDING)

    panel.locator("[data-action=open-add-source]").click()
    panel.locator("input[name=url]").fill("https://www.insee.fr/fr/statistiques/1")
    panel.locator("input[name=title]").fill("Taux de chômage")
    panel.locator("[data-action=add-source]").click()
    panel.locator(".source-row", has_text="Taux de chômage").wait_for()
    assert page.locator("#live-status").inner_text() in ("", "Source added.")
    page.locator("#live-status", has_text="Source added.").wait_for()

    assert panel.locator("input[name=summary]").input_value() == SUMMARY
    assert RATIONALE in rationale_text(page)
    assert panel.locator("textarea[name=claim_reviewed]").input_value() == WORDING
    verdict.refresh_from_db()
    assert verdict.summary == "Résumé enregistré."  # nothing was saved behind the test's back

    # An invalid source comes back with its errors, the rest of the panel untouched.
    panel.locator("[data-action=open-add-source]").click()
    panel.locator("input[name=url]").fill("javascript:alert(1)")
    panel.locator("input[name=title]").fill(SUMMARY)
    panel.locator("[data-action=add-source]").click()
    panel.locator(".add-source .errorlist", has_text="https://").wait_for()
    assert panel.locator("#sourcenew_title").input_value() == SUMMARY
    assert panel.locator("input[name=summary]").input_value() == SUMMARY

    # Removing a source swaps the sources block alone too.
    page.once("dialog", lambda dialog: dialog.accept())
    panel.locator("[data-action=remove-source]").click()
    panel.locator(".source-row").wait_for(state="detached")
    assert panel.locator("input[name=summary]").input_value() == SUMMARY
    assert RATIONALE in rationale_text(page)


@pytest.mark.parametrize("failure", ["500", "network"])
def test_a_failed_save_keeps_the_text_and_says_why(seeded, editor, page, log_in, failure):
    article, (first, *_) = claims()
    verdict = VerdictFactory(claim=first, author=editor, summary="Résumé enregistré.")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    panel = open_claim(page, first)
    save_url = re.compile(r"/claims/\d+/verdict/$")
    if failure == "500":
        page.route(save_url, lambda route: route.fulfill(status=500, body="Server Error"))
    else:
        page.route(save_url, lambda route: route.abort("connectionrefused"))
    panel.locator("input[name=summary]").fill(SUMMARY)
    type_rationale(page, RATIONALE)
    panel.locator("[data-action=save-verdict]").click()

    error = panel.locator("[data-role=save-status] [data-role=request-error]")
    error.wait_for()
    expected = (
        "Not saved: the server failed (500). Your text is kept; try again."
        if failure == "500"
        else "Not saved: no connection to the server."
    )
    assert error.inner_text().startswith(expected)
    assert error.get_attribute("role") == "alert"
    assert panel.locator("input[name=summary]").input_value() == SUMMARY
    assert RATIONALE in rationale_text(page)
    assert panel.locator("[data-action=save-verdict]").is_enabled()
    verdict.refresh_from_db()
    assert verdict.summary == "Résumé enregistré."

    page.unroute(save_url)  # the server is back: saving again works, with the same text
    panel.locator("[data-action=save-verdict]").click()
    panel.locator("[data-role=saved-at]").wait_for()
    assert error.count() == 0
    verdict.refresh_from_db()
    assert verdict.summary == SUMMARY and RATIONALE in verdict.rationale


def test_leaving_a_panel_with_unsaved_text_asks_first(seeded, editor, page, log_in):
    article, (first, second, *_) = claims()
    VerdictFactory(claim=first, author=editor, summary="Résumé enregistré.")
    log_in(editor, reverse("article_detail", args=[article.pk]))
    panel = open_claim(page, first)
    pause_autosave(page)
    panel.locator("input[name=summary]").fill(SUMMARY)

    questions = []

    def dismiss(dialog):
        questions.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(f"#article-body mark[data-claim='{second.pk}']").first.click()
    page.wait_for_timeout(300)
    assert questions == [
        ("confirm", "The claim panel has changes that are not saved yet. Leave them?")
    ]
    assert page.locator(f"#claim-panel .claim-panel[data-claim-id='{first.pk}']").count() == 1
    assert panel.locator("input[name=summary]").input_value() == SUMMARY

    # j / k then Enter asks the same.
    page.locator("h1").click()
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert len(questions) == 2 and questions[1][0] == "confirm"
    assert panel.locator("input[name=summary]").input_value() == SUMMARY

    # A link away, or closing the tab, asks through the browser (beforeunload).
    page.locator("nav a", has_text="Claims").click()
    page.wait_for_timeout(500)
    assert questions[-1][0] == "beforeunload"
    assert "/articles/" in page.url

    page.remove_listener("dialog", dismiss)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#article-body mark[data-claim='{second.pk}']").first.click()
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{second.pk}']").wait_for()


def test_a_claim_with_nothing_typed_opens_without_a_question(seeded, editor, page, log_in):
    article, (first, second, *_) = claims()
    VerdictFactory(claim=first, author=editor)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    open_claim(page, first)
    page.wait_for_timeout(500)  # Trix has started and written the rationale its own way
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.type), dialog.dismiss()))
    open_claim(page, second)
    assert questions == []


def test_autosave_creates_then_saves_the_draft_and_survives_a_reload(seeded, editor, page, log_in):
    article, (first, *_) = claims()
    url = reverse("article_detail", args=[article.pk])
    log_in(editor, url)
    panel = open_claim(page, first)
    panel.locator("input[name=summary]").click()
    page.keyboard.type(SUMMARY)
    saved = panel.locator("[data-role=saved-at]")
    saved.wait_for()
    assert re.fullmatch(r"Saved at \d{1,2}:\d{2}( [ap]\.m\.)?", saved.inner_text())
    verdict = first.verdicts.get()
    assert verdict.summary == SUMMARY and verdict.status == Verdict.Status.DRAFT
    # The first save brought the sources block and moved the claim on.
    panel.locator("[data-action=open-add-source]").wait_for()
    assert panel.locator("[data-role=claim-status]").get_attribute("data-status") == "in_progress"

    type_rationale(page, RATIONALE)
    panel.locator("[data-role=saved-at][data-version='2']").wait_for()
    verdict.refresh_from_db()
    assert RATIONALE in verdict.rationale and verdict.version == 2

    page.reload()
    panel = open_claim(page, first)
    assert panel.locator("input[name=summary]").input_value() == SUMMARY
    assert RATIONALE in rationale_text(page)


def test_autosave_works_however_late_the_editors_words_arrive(editor, page, log_in):
    """Trix draws its editors a moment after its script runs; the page's translations of its
    toolbar may arrive after that on a busy machine. The toolbar must still be in French and
    its closed link dialog must not make the verdict form invalid (htmx would refuse to send
    it: no autosave, no submit)."""
    verdict = VerdictFactory(author=editor, summary="Résumé enregistré.")
    url = reverse("claim_detail", args=[verdict.claim_id])
    log_in(editor, url)
    page.click(".site-header .language-switch button[value=fr]")
    page.wait_for_url(f"**{url}")

    def late(route):
        time.sleep(1)  # Trix's own script is in; the translations are not yet
        route.continue_()

    page.route(re.compile(r"/trix_i18n[.\w]*\.js$"), late)
    page.reload()
    bold = page.locator(".verdict-form trix-toolbar [data-trix-attribute=bold]")
    bold.wait_for()
    assert bold.get_attribute("title") == "Gras"
    assert page.locator(".verdict-form trix-toolbar input[name=href]").is_disabled()
    assert page.locator(".verdict-form").evaluate("(form) => form.checkValidity()")

    page.locator("input[name=summary]").click()
    page.keyboard.type(" 😀")
    page.locator("[data-role=saved-at]").wait_for()
    verdict.refresh_from_db()
    assert verdict.summary == "Résumé enregistré. 😀"


def test_two_tabs_autosaving_one_wins_the_other_keeps_its_text(
    editor, browser, live_server, page, log_in
):
    verdict = VerdictFactory(author=editor, summary="Résumé enregistré.")
    url = reverse("claim_detail", args=[verdict.claim_id])
    log_in(editor, url)
    other_context, other = second_browser(browser, live_server, editor, url)
    try:
        other.locator("input[name=summary]").click()
        other.keyboard.press("Control+A")
        other.keyboard.type("L’onglet de gauche 😀")
        other.locator("[data-role=saved-at]").wait_for()

        page.locator("input[name=summary]").click()
        page.keyboard.type(" et celui de droite")  # typed on the old version
        stale = page.locator("[data-role=stale-edit]")
        stale.wait_for()
        assert "edith changed this meanwhile" in stale.inner_text()
        assert "L’onglet de gauche 😀" in stale.inner_text()
        mine = "Résumé enregistré. et celui de droite"
        assert page.locator("input[name=summary]").input_value() == mine
        verdict.refresh_from_db()
        assert verdict.summary == "L’onglet de gauche 😀"

        # The losing tab stops autosaving: typing more does not overwrite the winner...
        page.keyboard.type("!")
        page.wait_for_timeout(3500)
        verdict.refresh_from_db()
        assert verdict.summary == "L’onglet de gauche 😀"
        # ...until its person saves deliberately, having seen the other version.
        page.locator("[data-action=save-verdict]").click()
        page.locator("[data-role=saved-at]").wait_for()
        verdict.refresh_from_db()
        assert verdict.summary == mine + "!"
    finally:
        other_context.close()


def test_a_slow_step_shows_it_is_busy_then_says_it_is_done(seeded, editor, page, log_in):
    article, (first, *_) = claims()
    VerdictFactory(claim=first, author=editor, sourced=True)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    panel = open_claim(page, first)
    panel.locator("details.history summary").click()  # open: it stays open when refreshed

    held = []
    page.route(re.compile(r"/verdicts/\d+/sources/$"), lambda route: held.append(route))
    panel.locator("[data-action=open-add-source]").click()
    panel.locator("input[name=url]").fill("https://www.lemonde.fr/pixels/1")
    panel.locator("input[name=title]").fill("Le Monde 📰")
    panel.locator("[data-action=add-source]").click()
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    button = panel.locator("[data-action=add-source]")
    assert button.is_disabled() and button.get_attribute("data-busy") == ""
    assert (
        panel.locator("form.source-form:has([data-action=add-source])").get_attribute("aria-busy")
        == "true"
    )
    held[0].continue_()
    panel.locator(".source-row", has_text="Le Monde 📰").wait_for()
    page.locator("#live-status", has_text="Source added.").wait_for()
    history = panel.locator("details.history")
    assert history.get_attribute("open") is not None
    assert "added the source “Le Monde 📰”" in history.inner_text()

    page.unroute(re.compile(r"/verdicts/\d+/sources/$"))
    panel.locator("[data-action=submit]").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=in_review]").wait_for()
    page.locator("#live-status", has_text="Submitted for review.").wait_for()
    assert page.locator("#live-status").get_attribute("role") == "status"


def test_a_claim_that_cannot_be_loaded_says_so(seeded, editor, page, log_in):
    article, (first, second, *_) = claims()
    log_in(editor, reverse("article_detail", args=[article.pk]))
    open_claim(page, first)
    page.route(f"**/claims/{second.pk}/", lambda route: route.fulfill(status=503, body="Down"))
    page.locator(f"#article-body mark[data-claim='{second.pk}']").first.click()
    page.locator(
        "#live-status", has_text="Could not load this: the server answered 503."
    ).wait_for()
    # The open panel stays as it was.
    assert page.locator(f"#claim-panel .claim-panel[data-claim-id='{first.pk}']").count() == 1


def test_submit_saves_what_was_just_typed(seeded, editor, other_editor, page, log_in):
    article, (first, *_) = claims()
    verdict = VerdictFactory(claim=first, author=editor, summary="Résumé enregistré.", sourced=True)
    log_in(editor, reverse("article_detail", args=[article.pk]))
    panel = open_claim(page, first)
    pause_autosave(page)
    panel.locator("input[name=summary]").fill(SUMMARY)

    # Someone saved the draft meanwhile: nothing is submitted, the reason shows beside the
    # form and the typed text stays.
    Verdict.objects.filter(pk=verdict.pk).update(summary="Autre.", version=7)
    panel.locator("[data-action=submit]").click()
    panel.locator("[data-role=save-status] [data-role=stale-edit]").wait_for()
    assert panel.locator("input[name=summary]").input_value() == SUMMARY
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT and verdict.summary == "Autre."

    # Submitting again, deliberately: the typed summary is saved, then submitted.
    panel.locator("[data-action=submit]").click()
    page.locator("#claim-panel [data-role=claim-status][data-status=in_review]").wait_for()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.summary == SUMMARY
