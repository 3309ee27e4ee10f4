"""Verdict.copy(): a correction, a re-review and a shared verdict carry every field of the
verdict they copy, except the explicit NOT_COPIED list, and its sources."""

import datetime

import pytest
from django.db import models

from factcheck import workflow
from factcheck.claims import links
from factcheck.models import Claim, ClaimLink, Source, Verdict
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

# What a copy starts afresh; a new Verdict field is copied unless it is added here on purpose.
NOT_COPIED = {
    "id",
    "version",
    "status",
    "reviewer",
    "review_comment",
    "supersedes",
    "correction_reason",
    "claim_changes",
    "shared_from",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
}
COPIED = [f for f in Verdict._meta.concrete_fields if f.name not in NOT_COPIED]


def _unusual(field, current):
    """A value of ``field`` other than its default, so a copy that drops it shows."""
    if field.is_relation:
        return current  # the claim, rating and author are set to real rows already
    if field.choices:
        return [value for value, _label in field.choices if value != field.get_default()][-1]
    if isinstance(field, models.BooleanField):
        return not field.get_default()
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 3
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2023, 11, 27, 12, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2023, 11, 27)
    if isinstance(field, models.JSONField):
        return {"ajouté": "🦊"}
    if isinstance(field, (models.CharField, models.TextField)):
        return "Valeur copiée : « ça » 🦊"[: field.max_length or None]
    raise AssertionError(f"Tell _unusual() what to put in a {type(field).__name__}")


def _approved(editor, reviewer, claim=None) -> Verdict:
    claim = claim or ClaimFactory(status=Claim.Status.IN_REVIEW)
    verdict = VerdictFactory(
        claim=claim, author=editor, status=Verdict.Status.SUBMITTED, sourced=True
    )
    # Every copied field gets a value a copy could not have by chance (rich text aside, which
    # save() cleans, and its plain text, which save() derives from it).
    unusual = {
        f.attname: _unusual(f, getattr(verdict, f.attname))
        for f in COPIED
        if f.name not in ("rationale", "rationale_text")
    }
    Verdict.objects.filter(pk=verdict.pk).update(**unusual)
    workflow.approve(verdict, reviewer=reviewer)
    verdict.refresh_from_db()
    return verdict


def _assert_copied(original, copy, *, but=()):
    copy.refresh_from_db()
    for field in COPIED:
        if field.name not in but:
            assert getattr(copy, field.attname) == getattr(original, field.attname), field.name
    sources = [
        (s.url, s.title, s.publisher, s.kind, s.excerpt, s.note) for s in original.sources.all()
    ]
    assert [
        (s.url, s.title, s.publisher, s.kind, s.excerpt, s.note) for s in copy.sources.all()
    ] == sources
    assert len(sources) == 2
    assert not set(original.sources.values_list("pk", flat=True)) & set(
        copy.sources.values_list("pk", flat=True)
    )


def test_the_exclusion_list_is_the_models():
    assert Verdict.NOT_COPIED == NOT_COPIED
    assert {f.name for f in COPIED} >= {"claim", "rating", "summary", "rationale", "author"}


def test_a_correction_copies_every_field_and_the_sources(editor, reviewer, other_editor):
    original = _approved(editor, reviewer)
    correction = workflow.start_correction(original.claim, by=other_editor, reason="Erratum.")
    _assert_copied(original, correction, but={"author"})
    assert correction.author == other_editor
    assert (correction.supersedes, correction.correction_reason) == (original, "Erratum.")
    assert correction.status == Verdict.Status.DRAFT
    assert {s.added_by for s in correction.sources.all()} == {other_editor}
    assert correction.history.first().history_user == other_editor


def test_a_re_review_copies_every_field_and_the_sources(editor, reviewer, admin_user):
    original = _approved(editor, reviewer)
    original.claim.refresh_from_db()
    again = workflow.review_again_after_quote_change(original.claim, by=admin_user, version=2)
    _assert_copied(original, again)
    assert again.author == original.author and again.status == Verdict.Status.SUBMITTED
    assert again.supersedes == original and again.reviewer is None


def test_a_shared_verdict_copies_every_field_and_the_sources(editor, reviewer, other_editor):
    original = _approved(editor, reviewer)
    article = ArticleFactory()
    repeat = ClaimFactory(article=article)
    link = ClaimLink.objects.create(
        claim=repeat, target=original.claim, relation=ClaimLink.Relation.REPEATS
    )
    shared = links.share_verdict(link=link, by=other_editor)
    _assert_copied(original, shared, but={"claim", "author"})
    assert (shared.claim, shared.author, shared.shared_from) == (repeat, other_editor, original)
    assert Source.objects.filter(verdict=original).count() == 2  # the original keeps its own
