"""Every admin changelist, add and change page answers an administrator."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from factcheck.api import tokens
from factcheck.collab import notes
from factcheck.external import services
from factcheck.models import (
    Claim,
    DismissedStatement,
    ExternalReview,
    Notification,
    NotificationSetting,
    Verdict,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.external.conftest import feed
from tests.factories import SourceFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "factcheck"]


@pytest.fixture
def full_desk(seeded, editor):
    source = SourceFactory(verdict=VerdictFactory(claim=Claim.objects.first()))
    article = Claim.objects.first().article
    DismissedStatement.objects.create(
        article=article, quote=article.body[:20], start_offset=0, end_offset=20
    )
    # A note (its writer then follows the claim), its mention's notification and a setting.
    note = notes.write_note(Claim.objects.first(), by=editor, body="<p>@admin vérité</p>")
    Notification.objects.create(recipient=editor, kind="mentioned", claim=note.claim, note=note)
    NotificationSetting.objects.create(user=editor, kind="mentioned", email=True)
    tokens.issue(user=editor, name="CMS « Le Monde » 🦊")
    hook = WebhookEndpoint.objects.create(url="https://cms.example.org/hooks", description="CMS")
    WebhookDelivery.objects.create(
        endpoint=hook,
        url=hook.url,
        event_id="6f1c2d3e-0000-4000-8000-000000000001",
        event="verdict.approved",
        body='{"quote": "l’exacte vérité"}',
    )
    services.import_feed(data=feed("single.json"))
    services.link_review(
        claim=Claim.objects.first(), review_id=ExternalReview.objects.get().pk, by=editor
    )
    return source


def test_every_factcheck_model_is_registered():
    from django.apps import apps

    names = {model.__name__ for model in MODELS}
    models = apps.get_app_config("factcheck").get_models()
    expected = {model.__name__ for model in models if not model.__name__.startswith("Historical")}
    # Article versions show inside their article; they are added from the workbench only. The
    # dashboard's kept counts and the content generation are written by database triggers only
    # (desk.tallies, core.kept). Similar
    # claims are derived from the quotes and rebuilt when they change: nothing to edit. A
    # webhook's attempts show inside their delivery.
    assert names == expected - {
        "ArticleVersion",
        "ContentGeneration",
        "DeliveryAttempt",
        "StatusTally",
        "RatingTally",
        "SimilarClaim",
        "SimilarList",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_answer(client_for, admin_user, full_desk, model):
    client = client_for(admin_user)
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    assert client.get(reverse(f"{base}_changelist")).status_code == 200
    assert client.get(reverse(f"{base}_changelist"), {"q": "vérité"}).status_code == 200
    # Notes and notifications are made on the workbench only (mentions are told there).
    request = RequestFactory().get("/")
    request.user = admin_user
    can_add = admin.site._registry[model].has_add_permission(request)
    assert client.get(reverse(f"{base}_add")).status_code == (200 if can_add else 403)
    obj = model.objects.first()
    assert client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"{base}_history", args=[obj.pk])).status_code == 200


def test_admin_changelists_in_french(client_for, admin_user, full_desk):
    client = client_for(admin_user)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("admin:factcheck_claim_changelist"))
    assert "Tu as dit l’exacte vérité" in page.content.decode()


def test_claim_added_in_admin_is_found_in_the_body(client_for, admin_user, seeded):
    from factcheck.models import Article, Speaker

    article = Article.objects.get()
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:factcheck_claim_add"),
        {
            "article": article.pk,
            "quote": "représentants de familles d’otages détenus par le Hamas",
            "speaker": Speaker.objects.get(name="Présidence israélienne").pk,
            "kind": Claim.Kind.REPORTED,
            "claim_reviewed": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get(quote__startswith="représentants")
    assert article.body[claim.start_offset : claim.end_offset] == claim.quote
    assert claim.created_by == admin_user

    response = client.post(
        reverse("admin:factcheck_claim_add"),
        {"article": article.pk, "quote": "Ces mots ne sont pas là", "kind": "direct_quote"},
    )
    assert response.status_code == 200
    assert "not in the article" in response.content.decode()


def test_admin_approve_action_uses_the_workflow(client_for, admin_user):
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED, sourced=True)
    own = VerdictFactory(status=Verdict.Status.SUBMITTED, author=admin_user)
    response = client_for(admin_user).post(
        reverse("admin:factcheck_verdict_changelist"),
        {"action": "approve_selected", "_selected_action": [verdict.pk, own.pk]},
        follow=True,
    )
    assert response.status_code == 200
    verdict.refresh_from_db()
    own.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED
    assert verdict.claim.status == Claim.Status.REVIEWED
    assert own.status == Verdict.Status.SUBMITTED
    assert "Nobody approves their own verdict" in response.content.decode()


def test_non_staff_cannot_use_the_admin(client_for, db):
    editor = UserFactory(role="editor")
    response = client_for(editor).get(reverse("admin:index"))
    assert response.status_code == 302


def test_an_administrator_sets_an_evidence_rule_per_rating(client_for, admin_user):
    from factcheck.models import EvidenceRule, Rating

    client = client_for(admin_user)
    assert client.get(reverse("admin:factcheck_evidencerule_changelist")).status_code == 200
    false = Rating.objects.get(slug="false")
    response = client.post(
        reverse("admin:factcheck_evidencerule_add"),
        {"rating": false.pk, "min_sources": 3, "require_archive": "on"},
    )
    assert response.status_code == 302
    rule = EvidenceRule.objects.get(rating=false)
    assert (rule.min_sources, rule.require_archive) == (3, True)
    # A second rule for all ratings is refused with the constraint's message.
    response = client.post(reverse("admin:factcheck_evidencerule_add"), {"min_sources": 2})
    assert "There is already a rule for all ratings." in response.content.decode()


def test_claim_link_admin_refuses_the_same_pair_the_other_way_round(client_for, admin_user, seeded):
    from factcheck.models import ClaimLink

    link = ClaimLink.objects.get()
    response = client_for(admin_user).post(
        reverse("admin:factcheck_claimlink_add"),
        {"claim": link.target_id, "relation": "contradicts", "target": link.claim_id, "note": ""},
    )
    assert response.status_code == 200
    assert "already linked" in response.content.decode()
    assert ClaimLink.objects.count() == 1
