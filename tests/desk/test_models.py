"""Model rules the database itself holds, on PostgreSQL and SQLite alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from factcheck.models import Article, Claim, Rating, Source, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def test_default_scale_ships_in_english_and_french():
    scale = list(Rating.objects.values_list("label_en", "label_fr", "value"))
    assert scale == [
        ("True", "Vrai", 5),
        ("Mostly true", "Plutôt vrai", 4),
        ("Mixed", "Mitigé", 3),
        ("Misleading", "Trompeur", 2),
        ("Mostly false", "Plutôt faux", 2),
        ("False", "Faux", 1),
        ("Unverifiable", "Invérifiable", 3),
    ]


def test_rating_label_follows_the_active_language():
    from django.utils import translation

    rating = Rating.objects.get(slug="mostly-false")
    with translation.override("fr"):
        assert rating.label == "Plutôt faux"
    with translation.override("en"):
        assert rating.label == "Mostly false"


def test_rating_value_is_between_1_and_5():
    with transaction.atomic(), pytest.raises(IntegrityError):
        Rating.objects.create(slug="x", label_en="X", label_fr="X", order=99, value=6)


def test_groups_have_their_permissions():
    editor = UserFactory(role="editor")
    reviewer = UserFactory(role="reviewer")
    viewer = UserFactory(role="viewer")
    assert viewer.has_perm("factcheck.view_claim")
    assert not viewer.has_perm("factcheck.add_claim")
    assert editor.has_perm("factcheck.add_claim")
    assert not editor.has_perm("factcheck.review_verdict")
    assert reviewer.has_perm("factcheck.review_verdict")


def test_article_url_is_unique_only_when_set():
    ArticleFactory(url="")
    ArticleFactory(url="")
    ArticleFactory(url="https://example.org/a")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ArticleFactory(url="https://example.org/a")
    duplicate = Article(title="t", body="b", url="https://example.org/a")
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()


def test_article_date_needs_its_precision():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ArticleFactory(published_on=datetime.date(2023, 11, 1), published_precision="")
    article = ArticleFactory(published_on=datetime.date(2023, 11, 1), published_precision="month")
    assert article.published == "2023-11"


def test_claim_offsets_must_be_in_order():
    article = ArticleFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Claim.objects.create(article=article, quote="x", start_offset=5, end_offset=5)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Claim.objects.create(article=article, quote="x", start_offset=6, end_offset=2)


def test_not_checkable_needs_a_reason():
    claim = ClaimFactory()
    claim.status = Claim.Status.NOT_CHECKABLE
    with transaction.atomic(), pytest.raises(IntegrityError):
        claim.save()


def test_at_most_one_approved_verdict_per_claim():
    reviewer = UserFactory(role="reviewer")
    first = VerdictFactory(status=Verdict.Status.APPROVED, reviewer=reviewer)
    with transaction.atomic(), pytest.raises(IntegrityError):
        VerdictFactory(claim=first.claim, status=Verdict.Status.APPROVED, reviewer=reviewer)
    # The superseded one stays beside the new approved one.
    first.status = Verdict.Status.SUPERSEDED
    first.save()
    VerdictFactory(
        claim=first.claim, status=Verdict.Status.APPROVED, reviewer=reviewer, supersedes=first
    )
    assert first.claim.verdicts.count() == 2
    assert Claim.objects.reviewed().get() == first.claim


def test_nobody_approves_their_own_verdict_even_in_the_database():
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED)
    verdict.status = Verdict.Status.APPROVED
    verdict.reviewer = verdict.author
    with transaction.atomic(), pytest.raises(IntegrityError):
        verdict.save()


def test_submitted_verdict_needs_a_rating():
    with transaction.atomic(), pytest.raises(IntegrityError):
        VerdictFactory(rating=None, status=Verdict.Status.SUBMITTED)


def test_only_one_verdict_being_written_per_claim():
    draft = VerdictFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        VerdictFactory(claim=draft.claim)


def test_rationale_is_sanitized_on_save():
    verdict = VerdictFactory(rationale='<p onclick="x()">Vrai <script>alert(1)</script>?</p>')
    verdict.refresh_from_db()
    assert verdict.rationale == "<p>Vrai ?</p>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,x"])
def test_source_urls_are_http_or_https_only(url):
    source = SourceFactory.build(verdict=VerdictFactory(), url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        source.save()
    assert not Source.objects.filter(url=url).exists()


def test_source_archive_url_is_web_too():
    with transaction.atomic(), pytest.raises(IntegrityError):
        SourceFactory(archived_url="javascript:alert(1)")
    assert SourceFactory(archived_url="https://web.archive.org/web/2023/x").pk


def test_history_is_kept():
    claim = ClaimFactory()
    claim.claim_reviewed = "Autre formulation, avec « guillemets »."
    claim.save()
    assert claim.history.count() == 2
    assert claim.history.first().claim_reviewed == "Autre formulation, avec « guillemets »."
