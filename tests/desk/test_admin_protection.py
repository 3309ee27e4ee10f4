"""The admin respects the workflow: published work is read-only there, never deleted, and no
history revert skips a review. Every check posts real forms and reads the database back."""

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Article, Claim, EvidenceRule, Rating, Source, Verdict
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def published_claim(editor, reviewer, *, corrected=False) -> Claim:
    """A claim taken through the workflow: written, sourced, submitted and approved (and, when
    ``corrected``, corrected and approved again, so its first verdict is superseded)."""
    claim = ClaimFactory(created_by=editor)
    false = Rating.objects.get(slug="false")
    verdict = workflow.save_verdict(
        claim, by=editor, rating=false, summary="Faux.", rationale="<p>Les chiffres.</p>"
    )
    SourceFactory(verdict=verdict, publisher="Insee", added_by=editor)
    SourceFactory(verdict=verdict, publisher="Eurostat", added_by=editor)
    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)
    if corrected:
        correction = workflow.start_correction(claim, by=editor, reason="Nouveaux chiffres.")
        workflow.submit(correction, by=editor)
        workflow.approve(correction, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


def snapshot():
    """Every published row's fields, as the database holds them."""
    rows = {}
    for model in (Article, Claim, Verdict, Source):
        for obj in model.objects.all():
            fields = model_to_dict(obj)
            fields.pop("tags", None)
            rows[(model.__name__, obj.pk)] = fields
    return rows


@pytest.fixture
def desk(editor, reviewer):
    claim = published_claim(editor, reviewer)
    approved = claim.verdicts.get(status=Verdict.Status.APPROVED)
    waiting = ClaimFactory(article=claim.article, created_by=editor)
    submitted = workflow.save_verdict(
        waiting,
        by=editor,
        rating=Rating.objects.get(slug="true"),
        summary="Vrai.",
        rationale="<p>Oui.</p>",
    )
    SourceFactory(verdict=submitted, publisher="Le Monde")
    SourceFactory(verdict=submitted, publisher="Libération")  # the evidence rule's two publishers
    workflow.submit(submitted, by=editor)
    return claim, approved, submitted


def test_every_published_change_form_shows_and_refuses_changes(client_for, admin_user, desk):
    claim, approved, submitted = desk
    client = client_for(admin_user)
    other = ArticleFactory(title="Un autre article")
    before = snapshot()

    pages = {
        "article": reverse("admin:factcheck_article_change", args=[claim.article_id]),
        "claim": reverse("admin:factcheck_claim_change", args=[claim.pk]),
        "approved": reverse("admin:factcheck_verdict_change", args=[approved.pk]),
        "submitted": reverse("admin:factcheck_verdict_change", args=[submitted.pk]),
        "source": reverse("admin:factcheck_source_change", args=[approved.sources.first().pk]),
        "waiting source": reverse(
            "admin:factcheck_source_change", args=[submitted.sources.first().pk]
        ),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name != "article":
            assert 'data-role="kept-note"' in response.content.decode(), name

    altered_verdict = {
        "claim": claim.pk,
        "rating": Rating.objects.get(slug="true").pk,
        "summary": "Réécrit en douce 🙈",
        "rationale": "<p>Autre chose</p>",
        "sources-TOTAL_FORMS": "3",
        "sources-INITIAL_FORMS": "2",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    for index, source in enumerate(approved.sources.all()):
        altered_verdict |= {
            f"sources-{index}-id": source.pk,
            f"sources-{index}-verdict": approved.pk,
            f"sources-{index}-url": "https://evil.example/",
            f"sources-{index}-title": "Remplacée",
            f"sources-{index}-kind": "news",
            f"sources-{index}-DELETE": "on" if index else "",
        }
    altered_verdict |= {
        "sources-2-url": "https://ajout.example/",
        "sources-2-title": "Ajoutée",
        "sources-2-kind": "news",
    }
    posts = [
        (
            pages["article"],
            {
                "title": claim.article.title,
                "outlet": claim.article.outlet,
                "url": "",
                "language": "fr",
                "body": "Un tout autre texte.",
                "archived_at": "2020-01-01 00:00",
                "claims-TOTAL_FORMS": "0",
                "claims-INITIAL_FORMS": "0",
                "versions-TOTAL_FORMS": "0",
                "versions-INITIAL_FORMS": "0",
            },
        ),
        (
            pages["claim"],
            {
                "article": other.pk,
                "quote": "Le chômage",
                "claim_reviewed": "Une autre formulation, ‮à l’envers‬",
                "speaker": claim.speaker_id,
                "assignee": claim.assignee_id or "",
                "kind": "direct_quote",
                "status": "new",
                "claimed_on": "",
                "claimed_precision": "",
            },
        ),
        (pages["approved"], altered_verdict),
        (pages["submitted"], altered_verdict | {"claim": submitted.claim_id}),
        (
            pages["source"],
            {
                "verdict": approved.pk,
                "url": "https://evil.example/",
                "title": "Remplacée",
                "kind": "news",
            },
        ),
        (
            pages["waiting source"],
            {"verdict": submitted.pk, "url": "https://evil.example/", "title": "X", "kind": "news"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403), url
    after = snapshot()
    changed = {key for key in before if before[key] != after.get(key)}
    # Only the claim's speaker, kind and date may be saved (unchanged here), which touches
    # nothing else: the quote, wording, article, status, verdicts and sources stay.
    for key in changed:
        assert key[0] in ("Claim", "Article"), key
        left, right = before[key], after[key]
        diff = {f for f in left if left[f] != right[f]} - {"updated_at", "version"}
        assert not diff, (key, diff)
    assert set(after) == set(before) | {("Article", other.pk)}


def test_a_draft_verdict_and_its_sources_stay_editable(client_for, admin_user, editor):
    claim = ClaimFactory(created_by=editor)
    draft = workflow.save_verdict(claim, by=editor, rating=None, summary="Brouillon", rationale="")
    source = SourceFactory(verdict=draft)
    url = reverse("admin:factcheck_source_change", args=[source.pk])
    response = client_for(admin_user).post(
        url, {"verdict": draft.pk, "url": source.url, "title": "Nouveau titre", "kind": "news"}
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Nouveau titre"


def test_a_source_cannot_be_added_to_a_verdict_in_review(client_for, admin_user, desk):
    _claim, approved, submitted = desk
    client = client_for(admin_user)
    for verdict in (approved, submitted):
        count = verdict.sources.count()
        response = client.post(
            reverse("admin:factcheck_source_add"),
            {"verdict": verdict.pk, "url": "https://ajout.example/", "title": "A", "kind": "news"},
        )
        assert response.status_code == 200
        assert "its sources change only through a correction" in response.content.decode()
        assert verdict.sources.count() == count


def test_published_work_has_no_delete(client_for, admin_user, desk):
    claim, approved, submitted = desk
    client = client_for(admin_user)
    before = snapshot()
    for name, obj in [
        ("article", claim.article),
        ("claim", claim),
        ("verdict", approved),
        ("verdict", submitted),
        ("source", approved.sources.first()),
    ]:
        url = reverse(f"admin:factcheck_{name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"post": "yes"}).status_code == 403, name
        change = client.get(reverse(f"admin:factcheck_{name}_change", args=[obj.pk]))
        assert url not in change.content.decode(), name
    # The bulk action lists them as protected and deletes nothing.
    for name, model, pks in [
        ("article", Article, [claim.article_id]),
        ("claim", Claim, [claim.pk]),
        ("verdict", Verdict, [approved.pk, submitted.pk]),
        ("source", Source, list(approved.sources.values_list("pk", flat=True))),
    ]:
        changelist = reverse(f"admin:factcheck_{name}_changelist")
        response = client.post(
            changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
        )
        assert response.status_code == 200, name
        assert "Cannot delete" in response.content.decode(), name
        assert model.objects.filter(pk__in=pks).count() == len(pks), name
    assert snapshot() == before


def test_an_article_is_archived_and_restored_from_the_admin(client_for, admin_user, desk):
    claim = desk[0]
    client = client_for(admin_user)
    changelist = reverse("admin:factcheck_article_changelist")
    data = {"action": "archive_selected", "_selected_action": [claim.article_id]}
    assert client.post(changelist, data).status_code == 302
    article = Article.objects.get(pk=claim.article_id)
    assert article.archived_at is not None
    assert Claim.objects.filter(article=article).count() == 2
    assert article.history.first().history_user == admin_user
    listing = client.get(changelist, {"archived": "no"}).content.decode()
    assert article.title not in listing
    data["action"] = "restore_selected"
    assert client.post(changelist, data).status_code == 302
    article.refresh_from_db()
    assert article.archived_at is None


# --- History reverts -------------------------------------------------------------------------


def revert(client, verdict_or_claim, version):
    name = type(verdict_or_claim).__name__.lower()
    url = reverse(
        f"admin:factcheck_{name}_simple_history", args=[verdict_or_claim.pk, version.history_id]
    )
    data = {k: v for k, v in model_to_dict(version.instance).items() if v is not None}
    return url, client.get(url), client.post(url, data)


def test_no_revert_puts_an_approved_verdict_back_to_draft(client_for, admin_user, desk):
    claim, approved, _submitted = desk
    client = client_for(admin_user)
    draft_version = approved.history.filter(status=Verdict.Status.DRAFT).first()
    url, page, response = revert(client, approved, draft_version)
    assert page.status_code == 200 and "statuses change only through" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # no Revert button
    assert response.status_code == 302
    approved.refresh_from_db()
    claim.refresh_from_db()
    assert approved.status == Verdict.Status.APPROVED
    assert Claim.objects.reviewed().filter(pk=claim.pk).exists()


def test_no_revert_of_a_superseded_verdict_to_approved(client_for, admin_user, editor, reviewer):
    claim = published_claim(editor, reviewer, corrected=True)
    superseded = claim.verdicts.get(status=Verdict.Status.SUPERSEDED)
    client = client_for(admin_user)
    approved_version = superseded.history.filter(status=Verdict.Status.APPROVED).first()
    _url, page, response = revert(client, superseded, approved_version)
    assert page.status_code == 200
    assert response.status_code == 302  # was a 500: one_approved_verdict_per_claim
    superseded.refresh_from_db()
    assert superseded.status == Verdict.Status.SUPERSEDED
    assert claim.verdicts.filter(status=Verdict.Status.APPROVED).count() == 1


def test_no_revert_of_a_reviewed_claim(client_for, admin_user, desk):
    claim = desk[0]
    client = client_for(admin_user)
    claim.claim_reviewed = "Ancienne formulation"
    claim.save()
    Claim.objects.filter(pk=claim.pk).update(claim_reviewed="Formulation publiée")
    for version in claim.history.all():
        _url, _page, response = revert(client, claim, version)
        assert response.status_code == 302
        current = Claim.objects.get(pk=claim.pk)
        assert (current.status, current.claim_reviewed) == ("reviewed", "Formulation publiée")


def test_a_draft_verdict_may_be_reverted_to_its_earlier_text(client_for, admin_user, editor):
    claim = ClaimFactory(created_by=editor)
    draft = workflow.save_verdict(claim, by=editor, rating=None, summary="Un", rationale="")
    workflow.save_verdict(claim, by=editor, rating=None, summary="Deux", rationale="")
    first = draft.history.order_by("history_date").first()
    data = {"claim": claim.pk, "rating": "", "summary": "Un", "rationale": ""}
    url = reverse("admin:factcheck_verdict_simple_history", args=[draft.pk, first.pk])
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.status) == ("Un", Verdict.Status.DRAFT)


# --- People ----------------------------------------------------------------------------------


def test_a_person_who_worked_is_deactivated_not_deleted(client_for, admin_user, desk, editor):
    client = client_for(admin_user)
    User = get_user_model()
    delete_url = reverse("admin:auth_user_delete", args=[editor.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:auth_user_change", args=[editor.pk])).content.decode()
    assert 'data-role="kept-note"' in page and 'data-action="deactivate"' in page
    assert delete_url not in page
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [editor.pk], "post": "yes"},
    )
    assert response.status_code == 200 and "Cannot delete" in response.content.decode()
    response = client.post(
        reverse("admin:auth_user_change", args=[editor.pk]), {"_deactivate": "1"}
    )
    assert response.status_code == 302
    editor = User.objects.get(pk=editor.pk)
    assert not editor.is_active
    assert Claim.objects.filter(created_by=editor).exists()


def test_a_person_who_did_nothing_can_be_deleted(client_for, admin_user):
    intern = UserFactory(username="stagiaire", role="editor")
    client = client_for(admin_user)
    page = client.get(reverse("admin:auth_user_change", args=[intern.pk])).content.decode()
    assert 'data-role="kept-note"' not in page
    response = client.post(reverse("admin:auth_user_delete", args=[intern.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=intern.pk).exists()


def test_the_deactivate_action(client_for, admin_user, editor, desk):
    response = client_for(admin_user).post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [editor.pk]},
    )
    assert response.status_code == 302
    assert not get_user_model().objects.get(pk=editor.pk).is_active


def test_the_evidence_rule_admin_still_saves(client_for, admin_user):
    rule = EvidenceRule.objects.get()
    response = client_for(admin_user).post(
        reverse("admin:factcheck_evidencerule_change", args=[rule.pk]),
        {"rating": "", "min_sources": "3"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.min_sources == 3


@pytest.mark.parametrize("version", ["abc", "²", "1%00", "-1"])
def test_a_malformed_history_id_is_a_404(client_for, admin_user, desk, version):
    approved = desk[1]
    url = f"/admin/factcheck/verdict/{approved.pk}/history/{version}/"
    assert client_for(admin_user).get(url).status_code == 404
