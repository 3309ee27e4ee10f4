"""The claim panel's parts answer with their own fragment, so that text typed elsewhere in the
panel stays: the verdict's save status and version, the sources block, the wording section.
Each success carries a status message; each fragment runs a fixed number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from factcheck.models import Claim, Rating, Source, Verdict
from tests.factories import ClaimFactory, SourceFactory, VerdictFactory
from tests.htmx import HTMX

AUTOSAVE = {**HTMX, "HTTP_X_AUTOSAVE": "1"}
SOURCE = {
    "url": "https://www.insee.fr/fr/statistiques/1",
    "title": "Taux de chômage « BIT »",
    "publisher": "Insee",
    "kind": "dataset",
}
# Typed text that must come back exactly: astral characters, combining accents, narrow and
# plain no-break spaces, CRLF, right-to-left text.
TYPED = "Faux\u202f! 😀 e\u0301crit\u00a0: «\u00a0oui\u00a0» \r\nשלום עולם"


def verdict_data(version, **extra):
    return {
        "version": version,
        "rating": Rating.objects.get(slug="false").pk,
        "summary": "Faux : aucune source.",
        "rationale": "<div>Selon l’Insee.</div>",
        **extra,
    }


def status_message(response):
    header = response.headers.get("HX-Trigger-After-Settle")
    return json.loads(header)["factcheck:status"]["message"] if header else None


def oob_ids(html):
    """The ids of the elements swapped out of band."""
    ids = []
    for chunk in html.split("hx-swap-oob")[:-1]:
        ids.append(chunk[chunk.rindex('id="') + 4 :].split('"')[0])
    return ids


# --- Saving the verdict: its status, its version, nothing else ------------------------------


def test_first_save_creates_the_verdict_and_brings_its_sources_block(db, editor, client_for):
    claim = ClaimFactory()
    client = client_for(editor)
    response = client.post(reverse("verdict_save", args=[claim.pk]), verdict_data(0), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    verdict = claim.verdicts.get()
    assert 'class="claim-panel"' not in html and "<trix-editor" not in html
    assert f'data-version="{verdict.version}"' in html and "Saved at" in html
    assert (
        f'<input type="hidden" name="version" value="{verdict.version}" id="verdict_version"'
        in html
    )
    assert oob_ids(html) == [
        "verdict_version",
        f"verdict-open-{claim.pk}",
        f"claim-status-{claim.pk}",
        f"claim-history-{claim.pk}",
    ]
    assert f'id="claim-sources-{claim.pk}"' in html and 'data-action="add-source"' in html
    assert 'data-status="in_progress"' in html
    assert status_message(response) == "Verdict saved."
    assert "claims-changed" in response["HX-Trigger-After-Swap"]


def test_each_save_moves_the_version_on_and_refreshes_the_actions(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    client = client_for(editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    for n in range(3):
        data = verdict_data(verdict.version + n, summary=f"{TYPED} {n}")
        response = client.post(url, data, **AUTOSAVE)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'value="{verdict.version + n + 1}" id="verdict_version"' in html
        assert oob_ids(html) == [
            "verdict_version",
            f"verdict-actions-{verdict.claim_id}",
            f"claim-history-{verdict.claim_id}",
        ]
        assert status_message(response) is None  # an autosave is shown in the form only
    verdict.refresh_from_db()
    assert verdict.summary == f"{TYPED} 2".strip() and verdict.version == 4


def test_saved_time_is_in_the_users_language(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    client = client_for(editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    with translation.override("fr"):
        response = client.post(
            url, verdict_data(verdict.version), HTTP_ACCEPT_LANGUAGE="fr", **HTMX
        )
    verdict.refresh_from_db()
    assert f"Enregistré à {verdict.updated_at:%H:%M}" in response.content.decode()


def test_a_stale_autosave_changes_nothing_and_says_who_saved(db, editor, other_editor, client_for):
    verdict = VerdictFactory(author=editor, summary="La version enregistrée.")
    client = client_for(editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    assert (
        client.post(url, verdict_data(1, summary="Premier onglet."), **AUTOSAVE).status_code == 200
    )
    response = client.post(url, verdict_data(1, summary=TYPED), **AUTOSAVE)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-role="stale-edit"' in html and "edith changed this meanwhile" in html
    # The form's next deliberate save replaces the other one: it is based on version 2 now.
    assert 'value="2" id="verdict_version"' in html
    verdict.refresh_from_db()
    assert verdict.summary == "Premier onglet." and verdict.version == 2


def test_an_invalid_save_answers_its_errors_and_keeps_the_row(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    response = client_for(editor).post(url, verdict_data(1, rating="999999"), **HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#verdict-save-status-{verdict.claim_id}"
    assert 'class="errorlist"' in response.content.decode()
    assert "verdict_version" not in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.version == 1


@pytest.mark.parametrize("junk", ["abc", "²", "-1", "9" * 40])
def test_a_malformed_version_is_a_422_not_a_500(db, editor, client_for, junk):
    verdict = VerdictFactory(author=editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    response = client_for(editor).post(url, verdict_data(junk), **HTMX)
    assert response.status_code in (409, 422)
    verdict.refresh_from_db()
    assert verdict.version == 1


def save_queries(client, verdict):
    url = reverse("verdict_save", args=[verdict.claim_id])
    verdict.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, verdict_data(verdict.version), **AUTOSAVE)
    assert response.status_code == 200
    return len(queries)


def test_a_save_runs_a_fixed_number_of_queries(db, editor, reviewer, client_for):
    client = client_for(editor)
    # Both have one of everything (so the same lookups run); the big one has many.
    small, big = VerdictFactory(author=editor), VerdictFactory(author=editor)
    SourceFactory(verdict=small)
    SourceFactory.create_batch(30, verdict=big)
    for verdict, count in ((small, 1), (big, 3)):
        for _ in range(count):
            old = VerdictFactory(
                claim=verdict.claim,
                author=editor,
                status=Verdict.Status.SUPERSEDED,
                reviewer=reviewer,
            )
            SourceFactory.create_batch(count * 5, verdict=old)
    # The first save moves each claim from "new" to "in progress"; later ones do not.
    save_queries(client, small)
    save_queries(client, big)
    # 31: the save, its history, the fragment, and the search text refreshed (two reads, an update)
    # 32: the sources' snapshots come in one more query, whatever their number; 33: the notes.
    assert save_queries(client, small) == save_queries(client, big) <= 33


# --- Submitting saves what was typed first ---------------------------------------------------


def test_submit_saves_the_typed_draft_first(db, editor, client_for):
    verdict = VerdictFactory(author=editor, summary="", sourced=True)
    response = client_for(editor).post(
        reverse("verdict_submit", args=[verdict.pk]), verdict_data(1, summary=TYPED), **HTMX
    )
    assert response.status_code == 200
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.summary == TYPED.strip()
    assert status_message(response) == "Submitted for review."


def test_submit_with_a_stale_draft_submits_nothing_and_keeps_the_text(db, editor, client_for):
    verdict = VerdictFactory(author=editor, summary="Enregistré.")
    Verdict.objects.filter(pk=verdict.pk).update(version=5)
    response = client_for(editor).post(
        reverse("verdict_submit", args=[verdict.pk]), verdict_data(1, summary=TYPED), **HTMX
    )
    assert response.status_code == 409
    assert 'data-role="stale-edit"' in response.content.decode()
    # Beside the verdict form, not over the panel: the typed text stays on screen.
    assert response["HX-Retarget"] == f"#verdict-save-status-{verdict.claim_id}"
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT and verdict.summary == "Enregistré."
    assert verdict.claim.status != Claim.Status.IN_REVIEW


# --- Sources: the sources block and the evidence list, nothing else -------------------------


def test_adding_a_source_answers_the_sources_block(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    response = client_for(editor).post(reverse("source_add", args=[verdict.pk]), SOURCE, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="sources-block"')
    assert 'class="claim-panel"' not in html and '<form class="verdict-form"' not in html
    assert "Taux de chômage « BIT »" in html
    assert oob_ids(html) == [
        f"verdict-actions-{verdict.claim_id}",
        f"claim-history-{verdict.claim_id}",
    ]
    assert 'data-role="evidence-missing"' in html  # one publisher of the two the rule asks
    assert status_message(response) == "Source added."


def test_an_invalid_source_comes_back_with_what_was_typed(db, editor, client_for):
    verdict = VerdictFactory(author=editor)
    data = {**SOURCE, "url": "javascript:alert(1)", "title": TYPED}
    response = client_for(editor).post(reverse("source_add", args=[verdict.pk]), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "http:// or https://" in html and 'details class="add-source" open' in html
    assert "Faux\u202f! 😀 e\u0301crit" in html and "שלום עולם" in html
    assert not Source.objects.exists()


def test_removing_a_source_answers_the_sources_block(db, editor, client_for):
    source = SourceFactory(verdict=VerdictFactory(author=editor))
    response = client_for(editor).post(reverse("source_delete", args=[source.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="claim-panel"' not in html and f'id="source-{source.pk}"' not in html
    assert "No source yet." in html
    assert status_message(response) == "Source removed."


def sources_queries(client, verdict):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("source_add", args=[verdict.pk]), SOURCE, **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_a_source_step_runs_a_fixed_number_of_queries(db, editor, client_for):
    client = client_for(editor)
    small, big = VerdictFactory(author=editor), VerdictFactory(author=editor)
    SourceFactory.create_batch(40, verdict=big)
    sources_queries(client, small)
    assert sources_queries(client, small) == sources_queries(client, big)


# --- The wording: its section alone -----------------------------------------------------------


def test_saving_the_wording_answers_its_section(db, editor, client_for):
    claim = ClaimFactory()
    url = reverse("claim_edit", args=[claim.pk])
    client = client_for(editor)
    response = client.post(url, {"claim_reviewed": TYPED, "version": claim.version}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("{% load") is False
    assert f'<section class="claim-reviewed" id="claim-wording-{claim.pk}">' in html
    assert 'class="claim-panel"' not in html and '<form class="verdict-form"' not in html
    assert oob_ids(html) == [f"claim-history-{claim.pk}"]
    assert status_message(response) == "Wording saved."
    claim.refresh_from_db()
    assert claim.claim_reviewed == TYPED.strip()

    stale = client.post(url, {"claim_reviewed": "Autre.", "version": 1}, **HTMX)
    assert stale.status_code == 409
    html = stale.content.decode()
    assert (
        'data-role="stale-edit"' in html and ">\nAutre.</textarea>" in html
    )  # Django's textarea starts on a new line
    assert 'class="claim-panel"' not in html
