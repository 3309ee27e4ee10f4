"""Nothing the desk has done is deleted by a cascade: claims with a verdict, verdicts past their
draft, a submitted or published verdict's sources, and the people who did the work."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from factcheck.models import Article, Claim, EvidenceRule, Rating, Source, Verdict
from factcheck.verdicts import protection
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)
from tests.reviewed import reviewed_claim

pytestmark = pytest.mark.django_db

KEPT = ["submitted", "sent_back", "approved", "superseded"]


def verdict_in(status: str, **fields) -> Verdict:
    reviewer = UserFactory(username="relecteur", role="reviewer")
    if status in ("approved", "superseded", "sent_back"):
        fields.setdefault("reviewer", reviewer)
    verdict = VerdictFactory(status=status, **fields)
    SourceFactory(verdict=verdict, publisher="Insee")
    SourceFactory(verdict=verdict, publisher="Eurostat")
    return verdict


def test_an_article_with_claims_is_not_deleted():
    claim = reviewed_claim()
    with pytest.raises(ProtectedError), transaction.atomic():
        claim.article.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Article.objects.filter(pk=claim.article_id).delete()
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert Verdict.objects.filter(claim=claim, status="approved").exists()
    assert Source.objects.filter(verdict__claim=claim).count() == 2
    bare = ClaimFactory()  # no verdict yet: its article is archived all the same
    with pytest.raises(ProtectedError), transaction.atomic():
        bare.article.delete()
    assert Claim.objects.filter(pk=bare.pk).exists()


def test_an_article_without_claims_can_still_be_deleted():
    article = ArticleFactory()
    article.delete()
    assert not Article.objects.filter(pk=article.pk).exists()


def test_a_claim_with_any_verdict_is_not_deleted():
    draft = VerdictFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        draft.claim.delete()
    assert Claim.objects.filter(pk=draft.claim_id).exists()
    bare = ClaimFactory()
    bare.delete()  # marked by mistake, nothing written on it yet
    assert not Claim.objects.filter(pk=bare.pk).exists()


@pytest.mark.parametrize("status", KEPT)
def test_a_verdict_that_went_to_review_is_never_deleted(status):
    verdict = verdict_in(status)
    with pytest.raises(ProtectedError), transaction.atomic():
        verdict.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Verdict.objects.filter(pk=verdict.pk).delete()
    assert Verdict.objects.filter(pk=verdict.pk, status=status).exists()


def test_an_approved_verdict_deleted_from_a_stale_copy_is_still_refused():
    verdict = verdict_in("draft")
    stale = Verdict.objects.get(pk=verdict.pk)
    reviewer = UserFactory(username="rosa", role="reviewer")
    Verdict.objects.filter(pk=verdict.pk).update(status="approved", reviewer=reviewer)
    with pytest.raises(ProtectedError), transaction.atomic():
        stale.delete()
    assert Verdict.objects.filter(pk=verdict.pk).exists()


def test_a_draft_goes_with_its_sources():
    verdict = verdict_in("draft")
    verdict.delete()
    assert not Source.objects.filter(verdict_id=verdict.pk).exists()


@pytest.mark.parametrize("status", ["submitted", "approved", "superseded"])
def test_a_frozen_verdict_s_sources_are_never_deleted(status):
    verdict = verdict_in(status)
    source = verdict.sources.first()
    with pytest.raises(ProtectedError), transaction.atomic():
        source.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Source.objects.filter(verdict=verdict).delete()
    assert verdict.sources.count() == 2


@pytest.mark.parametrize("status", ["draft", "sent_back"])
def test_sources_of_a_verdict_being_written_can_be_removed(status):
    verdict = verdict_in(status)
    verdict.sources.first().delete()
    assert verdict.sources.count() == 1


def marked(user):
    ClaimFactory(created_by=user)


def imported(user):
    ArticleFactory(imported_by=user)


def authored(user):
    VerdictFactory(author=user)


def reviewed(user):
    reviewed_claim(reviewer=user)


def added_a_source(user):
    SourceFactory(added_by=user)


def changed_something(user):
    # Only a history row names them: a speaker they edited.
    speaker = ClaimFactory().speaker
    speaker.description = "Président"
    speaker._history_user = user
    speaker.save()


@pytest.mark.parametrize(
    "work", [marked, imported, authored, reviewed, added_a_source, changed_something]
)
def test_a_user_who_did_any_work_is_not_deleted(work):
    user = UserFactory(username="ines", role="reviewer")
    work(user)
    assert protection.user_has_done_work(user)
    with pytest.raises(ProtectedError), transaction.atomic():
        user.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).delete()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_user_who_did_nothing_can_be_deleted():
    user = UserFactory(username="stagiaire", role="editor")
    assert not protection.user_has_done_work(user)
    user.delete()
    assert not get_user_model().objects.filter(pk=user.pk).exists()


# --- Evidence rules: one for all ratings, one per rating --------------------------------------


def test_only_one_rule_for_all_ratings():
    assert EvidenceRule.objects.filter(rating=None).count() == 1
    for min_sources in (2, 3):  # the same count and another one are both refused
        with pytest.raises(IntegrityError), transaction.atomic():
            EvidenceRule.objects.create(rating=None, min_sources=min_sources)
    assert EvidenceRule.objects.count() == 1


def test_only_one_rule_per_rating():
    false = Rating.objects.get(slug="false")
    EvidenceRule.objects.create(rating=false, min_sources=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceRule.objects.create(rating=false, min_sources=1, require_archive=True)
    EvidenceRule.objects.create(rating=Rating.objects.get(slug="true"), min_sources=1)
    assert EvidenceRule.objects.count() == 3


def test_the_admin_form_says_a_rule_exists_already(client_for, admin_user):
    response = client_for(admin_user).post(
        "/admin/factcheck/evidencerule/add/", {"rating": "", "min_sources": "4"}
    )
    assert response.status_code == 200
    assert "There is already a rule for all ratings." in response.content.decode()
    assert EvidenceRule.objects.count() == 1


def test_the_migration_keeps_the_newest_of_duplicate_rules():
    from django.apps import apps

    migration = importlib.import_module(
        "factcheck.migrations.0007_protect_published_work_and_archive_articles"
    )
    with connection.cursor() as cursor:  # as before the migration: duplicates were possible
        cursor.execute("DROP INDEX one_evidence_rule_per_rating")
    oldest = EvidenceRule.objects.get()
    EvidenceRule.objects.create(rating=None, min_sources=3)
    newest_global = EvidenceRule.objects.create(rating=None, min_sources=5)
    # Rules for one rating were always unique (a one-to-one field); they stay.
    false_rule = EvidenceRule.objects.create(rating=Rating.objects.get(slug="false"))
    EvidenceRule.objects.filter(pk=oldest.pk).update(updated_at=oldest.updated_at)
    migration.keep_newest_rule_per_rating(apps, None)
    assert set(EvidenceRule.objects.values_list("pk", flat=True)) == {
        newest_global.pk,
        false_rule.pk,
    }
