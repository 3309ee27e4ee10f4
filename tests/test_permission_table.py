"""Every URL of the workbench, every method it accepts, every role: the status each gets, and a
refused write changes nothing."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    Rating,
    Source,
    Speaker,
    Verdict,
)
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "reviewer", "administrator"]
READ = {"anonymous": 302, "viewer": 200, "editor": 200, "reviewer": 200, "administrator": 200}
# Writes: anonymous goes to the login page, a viewer is refused, the others may (or are
# refused by a finer rule, which the workflow tests cover).
WRITE = {"anonymous": 302, "viewer": 403}
REVIEW = {"anonymous": 302, "viewer": 403, "editor": 403}


@pytest.fixture
def desk(seeded):
    author = UserFactory(username="auteur", role="editor")
    article = Article.objects.get()
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    verdict = workflow.save_verdict(
        claim, by=author, rating=Rating.objects.get(slug="false"), summary="Faux.", rationale=""
    )
    source = SourceFactory(verdict=verdict)
    SourceFactory(verdict=verdict, publisher="Eurostat")  # the evidence rule's two publishers
    workflow.submit(verdict, by=author)
    other = Claim.objects.exclude(pk=claim.pk).first()
    return {
        "article": article.pk,
        "version": (article.pk, 1),
        "claim": claim.pk,
        "verdict": verdict.pk,
        "source": source.pk,
        "other": other.pk,
        "link": ClaimLink.objects.get().pk,  # the seed's: the White House responds to Musk
        "speaker": claim.speaker_id,
    }


GETS = [
    ("dashboard", None, READ),
    ("article_list", None, READ),
    ("article_import", None, {**READ, "viewer": 403}),
    ("article_detail", "article", READ),
    ("article_body", "article", READ),
    ("speaker_search", None, READ),
    ("claim_list", None, READ),
    ("correction_list", None, READ),
    ("claim_detail", "claim", READ),
    ("claim_export_csv", None, READ),
    ("claimreview_list", None, READ),
    # The scale's colours are public, like the other stylesheets (the login page may use them).
    ("ratings_css", None, {**READ, "anonymous": 200}),
    # Article corrections (issue 6, item 3).
    ("article_replace", "article", {**READ, "viewer": 403}),
    ("article_versions", "article", READ),
    ("article_version", "version", READ),
    # Issue 6: links between claims.
    ("claim_link_candidates", "claim", READ),
    # Mending: article details, speakers.
    ("article_edit", "article", {**READ, "viewer": 403}),
    ("speaker_list", None, READ),
    ("speaker_detail", "speaker", READ),
]
POSTS = [
    ("article_import", None, {"text": "Un texte."}, WRITE),
    ("mark_claim", "article", {"quote": "Le milliardaire", "kind": "direct_quote"}, WRITE),
    ("claim_edit", "claim", {"claim_reviewed": "Autre"}, WRITE),
    ("claim_assign", "claim", {"assignee": "me"}, WRITE),
    ("claim_not_checkable", "other", {"reason": "Une opinion"}, WRITE),
    ("claim_reopen", "other", {}, WRITE),
    ("claim_move_words", "other", {"quote": "x", "start": 0, "end": 1, "body_version": 1}, WRITE),
    ("verdict_save", "other", {"summary": "x"}, WRITE),
    ("correction_start", "claim", {"reason": "Un chiffre corrigé"}, WRITE),
    ("verdict_submit", "verdict", {}, WRITE),
    ("verdict_approve", "verdict", {}, REVIEW),
    ("verdict_send_back", "verdict", {"comment": "Sources ?"}, REVIEW),
    ("source_add", "verdict", {"url": "https://example.org", "title": "t"}, WRITE),
    ("source_edit", "source", {"url": "https://example.org", "title": "t"}, WRITE),
    ("source_delete", "source", {}, WRITE),
    ("claim_bulk", None, {"action": "assign", "claims": []}, WRITE),
    # Article corrections (issue 6, item 3).
    ("article_replace", "article", {"text": "Un texte corrigé.", "base": 1}, WRITE),
    ("claim_acknowledge_quote", "claim", {}, WRITE),
    # Issue 6: links between claims (sharing is refused with 409: the seed link is no repeat).
    ("claim_link_add", "other", {"relation": "contradicts", "target": 999999}, WRITE),
    ("claim_link_delete", "link", {}, WRITE),
    ("claim_link_share", "link", {}, WRITE),
    # Mending: a claim's facts, withdrawing (restoring a claim not withdrawn is a 409), article
    # details (the version token is stale, so allowed roles get a 409), speakers.
    ("claim_facts", "other", {"kind": "paraphrase", "tags": "x", "speaker_kind": "person"}, WRITE),
    ("claim_withdraw", "other", {"reason": "Marquée par erreur"}, WRITE),
    ("claim_restore", "other", {}, WRITE),
    ("article_edit", "article", {"version": "x", "title": "T", "language": "fr"}, WRITE),
    ("speaker_detail", "speaker", {"kind": "organisation", "aliases": "X"}, WRITE),
    # Archiving and restoring an article (never deleted).
    ("article_archive", "article", {}, WRITE),
    ("article_restore", "article", {}, WRITE),
]


def user_for(role):
    if role == "anonymous":
        return None
    if role == "administrator":
        return UserFactory(username="ada", is_staff=True, is_superuser=True)
    return UserFactory(username=f"u-{role}", role=role)


def url(name, key, desk):
    if not key:
        return reverse(name)
    args = desk[key] if isinstance(desk[key], tuple) else [desk[key]]
    return reverse(name, args=args)


def state():
    """Everything a refused write could have touched."""
    return (
        list(
            Claim.objects.order_by("pk").values_list(
                "pk", "status", "claim_reviewed", "assignee_id", "version"
            )
        ),
        list(Verdict.objects.order_by("pk").values_list("pk", "status", "summary", "version")),
        list(Source.objects.order_by("pk").values_list("pk", "title", "version")),
        Article.objects.count(),
        list(Article.objects.values_list("archived_at", flat=True)),
        list(Article.objects.values_list("body", flat=True)),
        ArticleVersion.objects.count(),
        list(Claim.objects.order_by("pk").values_list("anchor", "quote_before")),
        Claim.history.count() + Verdict.history.count() + Source.history.count(),
        list(ClaimLink.objects.order_by("pk").values_list("pk", "claim_id", "target_id")),
        list(Claim.objects.order_by("pk").values_list("speaker_id", "kind", "claimed_on")),
        list(Article.objects.order_by("pk").values_list("title", "language", "updated_at")),
        list(Speaker.objects.order_by("pk").values_list("pk", "kind", "aliases")),
        Claim.tags.through.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "key", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get(client_for, desk, role, name, key, expected):
    client = client_for(user_for(role))
    response = client.get(url(name, key, desk))
    assert response.status_code == expected[role]
    if role != "anonymous":
        # Reads only: a write method on a read view is not allowed (or refused by role).
        assert client.delete(url(name, key, desk)).status_code in {403, 405}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "key", "data", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_post(client_for, desk, role, name, key, data, expected):
    # To the new article or version, the article or the speaker edited, or back to the article.
    redirects = (
        "article_import",
        "article_replace",
        "article_edit",
        "speaker_detail",
        "article_archive",
        "article_restore",
    )
    client = client_for(user_for(role))
    before = state()
    response = client.post(url(name, key, desk), data, headers={"HX-Request": "true"})
    if role in expected:
        assert response.status_code == expected[role]
        assert state() == before  # a refused write changed nothing
    else:
        assert response.status_code < 500
        assert response.status_code not in {302, 405} or name in redirects
    if role != "anonymous" and name not in redirects:
        assert client.get(url(name, key, desk)).status_code in {403, 405}
