"""No lost edits: the version check in the UPDATE, the refused stale saves in the panel (409, the
changes shown, the typed text kept) and the history and admin restore of those changes."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.core import locking
from factcheck.models import Claim, Rating, Source, Verdict
from factcheck.verdicts import sources
from tests.factories import ClaimFactory, SourceFactory, VerdictFactory
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db


# --- The locking function -------------------------------------------------------------------


def test_update_if_current_writes_bumps_the_version_and_records_who(editor):
    claim = ClaimFactory()
    locking.update_if_current(claim, expected=1, by=editor, claim_reviewed="Nouvelle « version »")
    claim.refresh_from_db()
    assert (claim.version, claim.claim_reviewed) == (2, "Nouvelle « version »")
    record = claim.history.order_by("-history_id").first()
    assert record.history_type == "~" and record.history_user == editor
    assert record.claim_reviewed == "Nouvelle « version »" and record.version == 2


def test_update_if_current_refuses_an_old_version_and_changes_nothing(editor, other_editor):
    claim = ClaimFactory()
    workflow.edit_claim(claim, by=other_editor, claim_reviewed="Celle d’Eric", expected=1)
    records = claim.history.count()
    with pytest.raises(locking.StaleEdit) as refused:
        locking.update_if_current(claim, expected=1, by=editor, claim_reviewed="Celle d’Edith")
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.version) == ("Celle d’Eric", 2)
    assert claim.history.count() == records
    stale = refused.value
    assert stale.who == "eric" and stale.when is not None
    assert [(d.saved, d.typed) for d in stale.differences] == [("Celle d’Eric", "Celle d’Edith")]


def test_without_an_expected_version_the_write_is_unchecked(editor):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(version=7)
    locking.update_if_current(claim, expected=None, by=editor, claim_reviewed="x")
    claim.refresh_from_db()
    assert claim.version == 8


def test_workflow_steps_do_not_move_the_version_but_content_saves_do(editor):
    claim = ClaimFactory()
    workflow.assign(claim, assignee=editor, by=editor)
    claim.refresh_from_db()
    assert claim.version == 1  # assigning is no reason to refuse someone's rewording
    claim.claim_reviewed = "Changée dans l’admin"
    claim.save()
    assert claim.version == 2
    claim.save()
    assert claim.version == 2


def test_a_restored_old_record_never_brings_an_old_version_back(editor):
    claim = ClaimFactory()
    workflow.edit_claim(claim, by=editor, claim_reviewed="Deuxième", expected=1)
    workflow.edit_claim(claim, by=editor, claim_reviewed="Troisième", expected=2)
    first = claim.history.order_by("history_id").first().instance
    first.save()
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Le chômage a baissé de 10 % en un an."
    assert claim.version == 4


def test_save_verdict_refuses_a_stale_version(editor, false_rating):
    verdict = VerdictFactory(author=editor)
    workflow.save_verdict(
        verdict.claim, by=editor, rating=false_rating, summary="Premier", rationale="", expected=1
    )
    with pytest.raises(locking.StaleEdit):
        workflow.save_verdict(
            verdict.claim, by=editor, rating=None, summary="Second", rationale="", expected=1
        )
    verdict.refresh_from_db()
    assert (verdict.summary, verdict.version) == ("Premier", 2)


def test_a_form_opened_before_any_verdict_is_stale_once_one_exists(editor, false_rating):
    claim = ClaimFactory()
    workflow.save_verdict(
        claim, by=editor, rating=false_rating, summary="A", rationale="", expected=0
    )
    with pytest.raises(locking.StaleEdit):
        workflow.save_verdict(claim, by=editor, rating=None, summary="B", rationale="", expected=0)
    assert claim.verdicts.get().summary == "A"


def test_update_source_refuses_a_stale_version(editor):
    source = SourceFactory(verdict=VerdictFactory(author=editor))
    sources.update_source(source, by=editor, expected=1, title="Premier titre")
    with pytest.raises(locking.StaleEdit):
        sources.update_source(Source.objects.get(pk=source.pk), by=editor, expected=1, title="X")
    assert Source.objects.get(pk=source.pk).title == "Premier titre"


@pytest.fixture
def false_rating(db):
    return Rating.objects.get(slug="false")


# --- The panel's forms ----------------------------------------------------------------------


def test_the_wording_form_carries_the_version(editor, client_for):
    claim = ClaimFactory()
    html = client_for(editor).get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    assert 'name="version" value="1"' in html.content.decode()


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_stale_wording_is_refused_with_what_changed_and_the_typed_text_kept(
    editor, other_editor, client_for, htmx
):
    claim = ClaimFactory()
    url = reverse("claim_edit", args=[claim.pk])
    first = client_for(other_editor).post(url, {"claim_reviewed": "Version d’Eric", "version": 1})
    assert first.status_code == 302
    extra = HTMX if htmx else {}
    typed = "Ma version, avec « guillemets »"
    response = client_for(editor).post(url, {"claim_reviewed": typed, "version": 1}, **extra)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-role="stale-edit"' in html
    assert "eric changed this meanwhile" in html
    assert "Version d’Eric" in html  # what is saved now
    assert f">\n{typed}</textarea>" in html  # what they typed is still in the form
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Version d’Eric"
    again = client_for(editor).post(url, {"claim_reviewed": typed, "version": 2}, **HTMX)
    assert again.status_code == 200
    claim.refresh_from_db()
    assert claim.claim_reviewed == typed


def test_stale_verdict_is_refused_with_what_changed_and_the_typed_text_kept(
    editor, client_for, false_rating
):
    verdict = VerdictFactory(author=editor, summary="Résumé initial")
    client = client_for(editor)
    url = reverse("verdict_save", args=[verdict.claim_id])
    data = {"rating": false_rating.pk, "rationale": "<div>Selon l’Insee.</div>", "version": 1}
    assert client.post(url, {**data, "summary": "Autre onglet"}, **HTMX).status_code == 200
    response = client.post(url, {**data, "summary": "Mon résumé tapé"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "edith changed this meanwhile" in html
    assert '<td data-role="saved">Autre onglet</td>' in html
    assert '<td data-role="typed">Mon résumé tapé</td>' in html
    # The form on screen is not re-rendered, so it keeps the typed text; its version moves on
    # so that saving again, deliberately, replaces the other tab's version.
    assert '<form class="verdict-form"' not in html
    assert '<input type="hidden" name="version" value="2" id="verdict_version"' in html
    verdict.refresh_from_db()
    assert verdict.summary == "Autre onglet" and verdict.version == 2


def test_stale_source_edit_is_refused_in_its_row(editor, client_for):
    source = SourceFactory(verdict=VerdictFactory(author=editor), title="Titre initial")
    client = client_for(editor)
    url = reverse("source_edit", args=[source.pk])
    assert 'name="version" value="1"' in client.get(url, **HTMX).content.decode()
    data = {"url": "https://insee.fr/x", "title": "Titre A", "kind": "official", "version": 1}
    assert client.post(url, data, **HTMX).status_code == 200
    response = client.post(url, {**data, "title": "Titre B"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-role="stale-edit"' in html and "edith changed this meanwhile" in html
    assert '<td data-role="saved">Titre A</td>' in html
    assert 'value="Titre B"' in html and 'name="version" value="2"' in html
    assert Source.objects.get(pk=source.pk).title == "Titre A"


# --- History and the admin ------------------------------------------------------------------


def test_the_panel_history_shows_locked_edits_with_their_author(editor, client_for):
    claim = ClaimFactory()
    client = client_for(editor)
    url = reverse("claim_edit", args=[claim.pk])
    response = client.post(url, {"claim_reviewed": "Reformulée", "version": 1}, **HTMX)
    html = response.content.decode()
    history = html[html.index('class="history"') :]
    assert "<strong>edith</strong> changed the claim" in history
    assert "Le chômage a baissé de 10 % en un an. → Reformulée" in history


def test_an_administrator_restores_an_older_wording_from_the_admin_history(
    admin_user, editor, client_for
):
    claim = ClaimFactory()
    workflow.edit_claim(claim, by=editor, claim_reviewed="Mauvaise reformulation", expected=1)
    client = client_for(admin_user)
    listing = client.get(reverse("admin:factcheck_claim_history", args=[claim.pk]))
    assert listing.status_code == 200 and "edith" in listing.content.decode()
    original = claim.history.order_by("history_id").first()
    url = reverse("admin:factcheck_claim_simple_history", args=[claim.pk, original.history_id])
    form = client.get(url)
    assert form.status_code == 200
    assert "Le chômage a baissé de 10 % en un an." in form.content.decode()
    data = {
        "article": claim.article_id,
        "quote": original.quote,
        "claim_reviewed": original.claim_reviewed,
        "speaker": original.speaker_id,
        "kind": original.kind,
        "claimed_on": "",
        "claimed_precision": "",
        "assignee": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Le chômage a baissé de 10 % en un an."
    assert claim.version == 3  # a restore is a new change, so forms opened before it are stale
    latest = claim.history.order_by("-history_id").first()
    assert latest.history_user == admin_user
    assert Verdict.objects.count() == 0
