"""A new user searches the reviewed seed claims, filters by speaker and downloads the CSV."""

import csv
import io

import pytest

from factcheck import workflow
from factcheck.models import Claim, Rating
from tests.factories import SourceFactory, UserFactory


def review_the_seed():
    editor = UserFactory(username="edith", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer")
    rating = Rating.objects.get(slug="misleading")
    for claim in Claim.objects.order_by("pk"):
        verdict = workflow.save_verdict(
            claim,
            by=editor,
            rating=rating,
            summary=f"Vérifié : {claim.quote[:40]}",
            rationale="<p>Première raison, « citée ».</p><p>Seconde &amp; dernière.</p>",
        )
        for publisher in ("AFP", "Reuters"):  # what the evidence rule asks before approval
            SourceFactory(verdict=verdict, publisher=publisher)
        workflow.submit(verdict, by=editor)
        workflow.approve(verdict, reviewer=reviewer)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_filter_and_export(page, log_in, screenshot, seeded, tmp_path, settings):
    settings.LANGUAGE_CODE = "fr"  # exports speak the site's language: French by default
    review_the_seed()
    viewer = UserFactory(username="vera", role="viewer")
    log_in(viewer, "/claims/")
    rows = page.locator("#listing-results tbody tr")
    assert rows.count() == 4

    page.locator("input[name=q]").press_sequentially("verite")
    page.wait_for_function("document.querySelectorAll('#listing-results tbody tr').length === 1")
    page.wait_for_function("location.search === '?q=verite'")  # the URL holds the state
    assert "Tu as dit l’exacte vérité" in rows.first.inner_text()

    page.select_option("select[name=speaker]", label="Elon Musk")
    page.wait_for_function("location.search.includes('speaker=')")
    page.wait_for_function("document.querySelectorAll('#listing-results tbody tr').length === 1")
    assert "Elon Musk" in rows.first.inner_text()
    # The export links are in the results, replaced after the address changes: click the new ones.
    page.wait_for_function("document.querySelector('a.export-button').href.includes('speaker=')")
    screenshot("claims-list")

    with page.expect_download() as download_info:
        page.click("a.export-button")
    download = download_info.value
    assert download.suggested_filename.startswith(
        "claims-"
    ) and download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    [row] = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert row["quote"] == "Tu as dit l’exacte vérité"
    assert row["speaker"] == "Elon Musk"
    assert row["rating"] == "Trompeur"
    assert row["verdict_rationale"] == "Première raison, « citée ».\nSeconde & dernière."
    assert row["tags"] == "antisémitisme; réseaux sociaux"
