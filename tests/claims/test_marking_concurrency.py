"""Marking a claim while another editor saves a new version of the article's text, on two real
connections: the claim is stored on the text its offsets were computed on and then found again
in the new one, or refused; never offsets into a text that is gone.

PostgreSQL only, for the reasons given in tests/core/test_concurrency.py."""

import threading
import time

import pytest
from django.db import connection, transaction

from factcheck import workflow
from factcheck.articles.body_versions import replace_body
from factcheck.models import Article, Claim
from tests.core.test_concurrency import race
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and two real concurrent connections",
    ),
]
ROUNDS = 5
BODY = "Bravo 😀😀😀 à tous.\n\nLe chômage a baissé de 3 % cette année."
QUOTE = "chômage a baissé"
# The new version shifts every offset: the old ones would point at other words.
NEW_BODY = "Un chapeau ajouté 🎩.\n\n" + BODY


def people():
    return UserFactory(username="edith", role="editor"), UserFactory(username="eric", role="editor")


def mark(article, by, *, body_version):
    start = BODY.index(QUOTE)
    return workflow.mark_claim(
        article=article,
        quote=QUOTE,
        start=start,
        end=start + len(QUOTE),
        body_version=body_version,
        by=by,
    )


def assert_every_claim_points_at_its_words(article):
    body = Article.objects.get(pk=article.pk).body
    for claim in Claim.objects.filter(article=article):
        assert body[claim.start_offset : claim.end_offset] == claim.quote == QUOTE
        assert claim.anchor == Claim.Anchor.FOUND


@pytest.mark.parametrize("body_version", [1, None])
def test_marking_while_a_new_version_is_saved(body_version):
    edith, eric = people()
    for _ in range(ROUNDS):
        article = ArticleFactory(body=BODY)
        results = race(
            lambda a=article: mark(a, edith, body_version=body_version),
            lambda a=article: replace_body(a, body=NEW_BODY, by=eric),
        )
        marked, replaced = results
        assert not isinstance(replaced, Exception), results
        if isinstance(marked, Exception):
            # The new version came first: the page's offsets are refused, nothing stored.
            expected = workflow.BodyChanged if body_version else workflow.SelectionMismatch
            assert isinstance(marked, expected), results
            assert not Claim.objects.filter(article=article).exists()
        assert_every_claim_points_at_its_words(article)


def test_a_mark_waits_for_a_version_being_saved_then_is_refused():
    """The new version is written but not committed when the mark arrives: the mark waits for
    the article's lock, then sees version 2 and refuses. Without the lock it would read the old
    body, accept the old offsets and store a claim on words the new text has elsewhere."""
    edith, eric = people()
    article = ArticleFactory(body=BODY)
    written, release = threading.Event(), threading.Event()
    results = {}

    def save_version():
        try:
            with transaction.atomic():
                replace_body(article, body=NEW_BODY, by=eric)
                written.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    def mark_meanwhile():
        try:
            written.wait(timeout=10)
            results["mark"] = mark(article, edith, body_version=1)
        except Exception as error:  # the outcome under test
            results["mark"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save_version), threading.Thread(target=mark_meanwhile)]
    for thread in threads:
        thread.start()
    written.wait(timeout=10)
    time.sleep(0.5)  # the mark is now waiting on the article's row lock
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert isinstance(results["mark"], workflow.BodyChanged), results
    assert not Claim.objects.filter(article=article).exists()
    assert_every_claim_points_at_its_words(article)
