"""Concurrent link steps on PostgreSQL (see tests/core/test_concurrency.py for the method): linking
the same pair both ways at once, sharing a verdict twice at once; one outcome each time."""

import pytest
from django.db import connection

from factcheck import workflow
from factcheck.claims import links
from factcheck.models import ClaimLink, Verdict
from tests.core.test_concurrency import ROUNDS, race
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.reviewed import reviewed_claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and two real concurrent connections",
    ),
]
QUOTE = "Tu as dit l’exacte vérité"


def repeat():
    return ClaimFactory(article=ArticleFactory(body=f"« {QUOTE} »"), quote=QUOTE)


def test_linking_a_pair_both_ways_at_once_leaves_one_link():
    edith = UserFactory(username="edith", role="editor")
    eric = UserFactory(username="eric", role="editor")
    for _ in range(ROUNDS):
        a, b = repeat(), repeat()
        results = race(
            lambda a=a, b=b: links.link_claims(
                claim=a, target_id=b.pk, relation="repeats", by=edith
            ),
            lambda a=a, b=b: links.link_claims(
                claim=b, target_id=a.pk, relation="contradicts", by=eric
            ),
        )
        assert sum(isinstance(r, ClaimLink) for r in results) == 1, results
        assert sum(isinstance(r, workflow.Conflict) for r in results) == 1, results
        assert ClaimLink.objects.filter(claim__in=[a, b]).count() == 1


def test_sharing_twice_at_once_shares_once():
    edith = UserFactory(username="edith", role="editor")
    eric = UserFactory(username="eric", role="editor")
    original = reviewed_claim()
    for _ in range(ROUNDS):
        again = repeat()
        link = links.link_claims(claim=again, target_id=original.pk, relation="repeats", by=edith)
        results = race(
            lambda link=link: links.share_verdict(link=link, by=edith),
            lambda link=link: links.share_verdict(link=link, by=eric),
        )
        assert sum(isinstance(r, Verdict) for r in results) == 1, results
        assert sum(isinstance(r, workflow.Conflict) for r in results) == 1, results
        assert again.verdicts.count() == 1
