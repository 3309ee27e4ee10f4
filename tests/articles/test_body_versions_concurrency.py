"""Two editors saving a new version of the same article at once, on two real connections: one
version is saved, the other editor is told (StaleVersion) and nothing of theirs is written.

PostgreSQL only, for the reasons given in tests/core/test_concurrency.py."""

import pytest
from django.db import connection

from factcheck.articles.body_versions import StaleVersion, replace_body
from factcheck.models import Article, ArticleVersion, Claim
from tests.core.test_concurrency import race
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and two real concurrent connections",
    ),
]
ROUNDS = 5


@pytest.mark.parametrize("check_base", [True, False])
def test_two_editors_replacing_at_once(check_base):
    edith = UserFactory(username="edith", role="editor")
    eric = UserFactory(username="eric", role="editor")
    expected = 1 if check_base else None
    for _ in range(ROUNDS):
        article = ArticleFactory()
        claim = ClaimFactory(article=article)
        first = "Un ajout d’Edith.\n\n" + article.body
        second = "Un ajout d’Éric.\n\n" + article.body + "\n\nEt une fin."
        results = race(
            lambda a=article, b=first: replace_body(a, body=b, by=edith, expected=expected),
            lambda a=article, b=second: replace_body(a, body=b, by=eric, expected=expected),
        )
        versions = list(ArticleVersion.objects.filter(article=article).order_by("number"))
        body = Article.objects.get(pk=article.pk).body
        claim.refresh_from_db()
        assert body[claim.start_offset : claim.end_offset] == claim.quote
        assert claim.anchor == Claim.Anchor.FOUND
        if check_base:
            refused = [r for r in results if isinstance(r, StaleVersion)]
            assert len(refused) == 1, results
            assert [v.number for v in versions] == [1, 2]
            assert body == versions[-1].body
        else:
            # Without a base both are saved, one after the other: the second is re-anchored
            # from the first's text, never from a body it did not see.
            assert not any(isinstance(r, Exception) for r in results), results
            assert [v.number for v in versions] == [1, 2, 3]
            assert body == versions[-1].body
