"""Accepting and dismissing proposals, on the database the suite runs on (SQLite or
PostgreSQL): claims through the marking path, speakers found or created, roles enforced."""

import pytest

from factcheck import workflow
from factcheck.articles.body_versions import latest_number
from factcheck.models import Claim, DismissedStatement, Speaker
from factcheck.statements import services
from tests.factories import ArticleFactory
from tests.statements.conftest import MUSK, PRESIDENCY, WHITE_HOUSE

pytestmark = pytest.mark.django_db


def proposal(article, quote):
    return next(p for p in services.proposals_for(article) if p.quote == quote)


def test_accept_marks_a_claim_with_speaker_kind_and_context(seed_article, editor):
    found = proposal(seed_article, MUSK)
    claim = services.accept(
        article=seed_article,
        by=editor,
        start=found.start,
        end=found.end,
        body_version=latest_number(seed_article),
    )
    assert claim.quote == MUSK
    assert seed_article.body[claim.start_offset : claim.end_offset] == MUSK
    assert claim.speaker == Speaker.objects.get(name="Elon Musk")
    assert claim.kind == Claim.Kind.DIRECT_QUOTE
    assert claim.prefix == seed_article.body[claim.start_offset - 32 : claim.start_offset]
    assert claim.suffix == seed_article.body[claim.end_offset : claim.end_offset + 32]
    assert claim.created_by == editor and claim.status == Claim.Status.NEW
    # Accepted: no longer proposed; the others still are.
    quotes = [p.quote for p in services.proposals_for(seed_article)]
    assert MUSK not in quotes and WHITE_HOUSE in quotes and PRESIDENCY in quotes


def test_accept_creates_a_new_speaker_of_the_proposed_kind(editor):
    article = ArticleFactory(
        body="« Nous porterons plainte dès demain matin », a indiqué le syndicat Sud-Rail."
    )
    (found,) = services.proposals_for(article)
    claim = services.accept(article=article, by=editor, start=found.start, end=found.end)
    assert (claim.speaker.name, claim.speaker.kind) == ("Sud-Rail", Speaker.Kind.ORGANISATION)


def test_reported_statements_are_marked_as_reported(editor):
    article = ArticleFactory(
        body="Selon la préfecture, 2\u00a0000 policiers seront mobilisés dimanche à Paris."
    )
    (found,) = services.proposals_for(article)
    claim = services.accept(article=article, by=editor, start=found.start, end=found.end)
    assert claim.kind == Claim.Kind.REPORTED
    assert claim.quote == "2\u00a0000 policiers seront mobilisés dimanche à Paris"


def test_dismissed_is_never_a_claim_and_is_no_longer_proposed(seed_article, editor):
    found = proposal(seed_article, WHITE_HOUSE)
    services.dismiss(article=seed_article, by=editor, start=found.start, end=found.end)
    assert not Claim.objects.exists()
    assert WHITE_HOUSE not in [p.quote for p in services.proposals_for(seed_article)]
    with pytest.raises(services.NotProposed):
        services.accept(article=seed_article, by=editor, start=found.start, end=found.end)
    assert not Claim.objects.exists()


def test_offsets_that_name_no_proposal_change_nothing(seed_article, editor):
    found = proposal(seed_article, MUSK)
    for start, end in [(found.start, found.end + 1), (0, 5), (10**6, 10**6 + 3)]:
        with pytest.raises(services.NotProposed):
            services.accept(article=seed_article, by=editor, start=start, end=end)
        with pytest.raises(services.NotProposed):
            services.dismiss(article=seed_article, by=editor, start=start, end=end)
    assert not Claim.objects.exists() and not DismissedStatement.objects.exists()


def test_twice_the_same_proposal_is_one_claim(seed_article, editor, other_editor):
    found = proposal(seed_article, MUSK)
    services.accept(article=seed_article, by=editor, start=found.start, end=found.end)
    with pytest.raises(services.NotProposed):
        services.accept(article=seed_article, by=other_editor, start=found.start, end=found.end)
    assert Claim.objects.count() == 1


def test_a_newer_body_version_is_refused(seed_article, editor):
    found = proposal(seed_article, MUSK)
    shown = latest_number(seed_article)
    with pytest.raises(workflow.BodyChanged):
        services.accept(
            article=seed_article,
            by=editor,
            start=found.start,
            end=found.end,
            body_version=shown + 1,
        )
    assert not Claim.objects.exists()


@pytest.mark.parametrize("role", ["viewer", None])
def test_a_viewer_can_neither_accept_nor_dismiss(request, seed_article, role):
    user = request.getfixturevalue(role) if role else None
    found = proposal(seed_article, MUSK)
    with pytest.raises(workflow.NotAllowed):
        services.accept(article=seed_article, by=user, start=found.start, end=found.end)
    with pytest.raises(workflow.NotAllowed):
        services.dismiss(article=seed_article, by=user, start=found.start, end=found.end)
    assert not Claim.objects.exists() and not DismissedStatement.objects.exists()


def test_withdrawn_claims_do_not_hide_their_words(seed_article, editor):
    found = proposal(seed_article, MUSK)
    claim = services.accept(article=seed_article, by=editor, start=found.start, end=found.end)
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.WITHDRAWN, withdrawn_reason="marked twice"
    )
    assert MUSK in [p.quote for p in services.proposals_for(seed_article)]


def test_proposals_cost_three_queries_whatever_the_desk_holds(
    seed_article, editor, django_assert_num_queries
):
    for index in range(30):
        Speaker.objects.create(name=f"Speaker {index}", aliases=f"alias {index}")
    found = proposal(seed_article, MUSK)
    services.dismiss(article=seed_article, by=editor, start=found.start, end=found.end)
    with django_assert_num_queries(3):  # speakers, claims, dismissals
        services.proposals_for(seed_article)


def test_a_new_speaker_is_stored_with_composed_accents(editor):
    import unicodedata

    name = unicodedata.normalize("NFD", "Émile Zoé")
    article = ArticleFactory(body=f"« Nous porterons plainte dès demain matin », a déclaré {name}.")
    (found,) = services.proposals_for(article)
    claim = services.accept(article=article, by=editor, start=found.start, end=found.end)
    assert claim.speaker.name == "Émile Zoé"
    assert claim.quote == "Nous porterons plainte dès demain matin"
