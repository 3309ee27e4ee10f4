"""The article page, marking a claim and the claim panel's claim steps, for every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.articles.body_versions import latest_number
from factcheck.models import Article, Claim, Rating, Speaker, Tag, Verdict
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, UserFactory
from tests.htmx import HTMX

ROLES = ["viewer", "editor", "reviewer", "admin_user"]
WRITERS = ["editor", "reviewer", "admin_user"]


def musk_post(**extra):
    """What the article page sends for Musk's reply: the words, their offsets, the version."""
    quote = "Tu as dit l’exacte vérité"
    start = seed_article().body.index(quote)
    data = {
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "body_version": 1,
        "speaker_name": "Elon Musk",
        "kind": "direct_quote",
        "claim_reviewed": "Les personnes juives encouragent la haine contre les Blancs.",
        "tags": "antisémitisme, X, x",
    }
    data.update(extra)
    return data


def seed_article():
    return Article.objects.get(origin__startswith="seeds/")


# --- Article page ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, seeded):
    article = seed_article()
    for url in (
        reverse("article_detail", args=[article.pk]),
        reverse("claim_detail", args=[article.claims.first().pk]),
        reverse("mark_claim", args=[article.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES)
def test_everyone_logged_in_reads_the_article_with_its_claims_highlighted(seeded, as_role, role):
    client, _ = as_role(role)
    article = seed_article()
    response = client.get(reverse("article_detail", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<mark class="claim') >= 4
    assert '<mark class="claim claim-new depth-1 claim-start claim-end" data-claim=' in html
    assert "Tu as dit l’exacte vérité</mark>" in html
    assert html.count("<p data-start=") == 6
    assert ('id="mark-button"' in html) == (role != "viewer")


def test_highlighted_body_refresh_is_the_fragment_alone(seeded, client_for, editor):
    article = seed_article()
    response = client_for(editor).get(reverse("article_body", args=[article.pk]), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="article-reading"') or "article-reading" in html[:200]
    assert "<html" not in html


def test_ratings_stylesheet_comes_from_the_scale(db, client):
    response = client.get(reverse("ratings_css"))
    assert response["Content-Type"].startswith("text/css")
    assert (
        ".rated-false, .rating.rating-false { --rating-colour: #b42318; }"
        in response.content.decode()
    )


def article_with_claims(count):
    words = [f"mot{i:03d}" for i in range(count)]
    article = ArticleFactory(body=" ".join(words) + "\n\n« Fin » du texte.")
    speaker = SpeakerFactory()
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            quote=article.body[article.body.index(w) : article.body.index(w) + 12],
            start_offset=article.body.index(w),
            end_offset=article.body.index(w) + 12,  # each overlaps the next
            speaker=speaker,
        )
        for w in words
    )
    # Half of them with a verdict, so the rating lookup has something to find.
    rating = Rating.objects.get(slug="false")
    Verdict.objects.bulk_create(
        Verdict(claim=claim, rating=rating, author=speaker_author(), summary="x")
        for claim in claims[::2]
    )
    return article


def speaker_author():
    return UserFactory(username="auteur", role="editor")


def test_article_page_runs_a_fixed_number_of_queries(
    db, editor, client_for, django_assert_max_num_queries
):
    client = client_for(editor)
    small, big = article_with_claims(1), article_with_claims(200)
    client.get(reverse("article_detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("article_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(reverse("article_detail", args=[big.pk]))
    html = response.content.decode()
    assert html.count('<mark class="claim') >= 200
    assert "rated-false" in html and "depth-2" in html
    # and the body’s version number, the mark form’s ratings, the header’s unread count, and
    # the body, read only when the page's content is rendered (core/kept.py)
    assert len(small_queries) <= 11


# --- Marking a claim ------------------------------------------------------------------------


def mark_post(article, quote="du texte"):
    start = article.body.index(quote)
    return {
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "body_version": latest_number(article),
        "kind": "direct_quote",
        "claim_reviewed": "x",
    }


def test_marking_runs_a_fixed_number_of_queries(db, editor, client_for):
    """The answer (the new claim's panel) does not read the article's other claims."""
    client = client_for(editor)
    small, big = article_with_claims(1), article_with_claims(200)
    counts = []
    for article in (small, big):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("mark_claim", args=[article.pk]), mark_post(article), **HTMX
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # session, user, permissions, the article, the claim written (in its savepoints), the panel
    assert counts[0] <= 34, counts


@pytest.mark.parametrize("role", WRITERS)
def test_writers_mark_a_claim_and_get_its_panel(seeded, as_role, role):
    client, user = as_role(role)
    article = seed_article()
    before = Claim.objects.count()
    response = client.post(reverse("mark_claim", args=[article.pk]), musk_post(), **HTMX)
    assert response.status_code == 200
    assert Claim.objects.count() == before + 1
    claim = Claim.objects.latest("pk")
    assert claim.quote == "Tu as dit l’exacte vérité"
    assert article.body[claim.start_offset : claim.end_offset] == claim.quote
    assert claim.speaker.name == "Elon Musk" and claim.created_by == user
    assert sorted(t.name for t in claim.tags.all()) == ["X", "antisémitisme"]
    assert f'data-claim-id="{claim.pk}"' in response.content.decode()
    assert "claims-changed" in response["HX-Trigger-After-Swap"]


def test_viewer_cannot_mark_even_by_hand(seeded, viewer, client_for):
    article = seed_article()
    before = Claim.objects.count()
    response = client_for(viewer).post(reverse("mark_claim", args=[article.pk]), musk_post())
    assert response.status_code == 403
    assert Claim.objects.count() == before


def test_other_typography_than_the_body_is_refused(seeded, editor, client_for):
    """Marking from the page is exact: straight quotes or other spaces are other words."""
    article = seed_article()
    before = Claim.objects.count()
    data = musk_post(quote="Tu as dit l'exacte vérité")
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422
    assert "not exactly those of the article" in response.content.decode()
    assert Claim.objects.count() == before


def test_a_quote_not_in_the_body_is_refused_with_a_message(seeded, editor, client_for):
    article = seed_article()
    before = Claim.objects.count()
    data = musk_post(quote="Tu as dit un gros mensonge")
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#mark-form"
    assert "not exactly those of the article" in response.content.decode()
    assert Claim.objects.count() == before


def test_the_same_words_at_other_offsets_are_refused(seeded, editor, client_for):
    article = seed_article()
    before = Claim.objects.count()
    data = musk_post()
    data["start"] -= 1
    data["end"] -= 1
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422
    assert Claim.objects.count() == before


def test_a_page_showing_an_older_text_is_told_to_reload(seeded, editor, client_for):
    article = seed_article()
    before = Claim.objects.count()
    data = musk_post(body_version=0)
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#mark-form"
    assert "changed (version 1)" in response.content.decode()
    assert Claim.objects.count() == before


def test_an_unknown_speaker_needs_the_create_choice(seeded, editor, client_for):
    article = seed_article()
    url = reverse("mark_claim", args=[article.pk])
    client = client_for(editor)
    response = client.post(url, musk_post(speaker_name="Linda Yaccarino"), **HTMX)
    assert response.status_code == 422 and "Linda Yaccarino" in response.content.decode()
    assert not Speaker.objects.filter(name="Linda Yaccarino").exists()
    response = client.post(
        url, musk_post(speaker_name="Linda Yaccarino", create_speaker="on"), **HTMX
    )
    assert response.status_code == 200
    assert Claim.objects.latest("pk").speaker.name == "Linda Yaccarino"


def test_speaker_picked_by_id_wins(seeded, editor, client_for):
    article = seed_article()
    white_house = Speaker.objects.get(name="Maison Blanche")
    data = musk_post(speaker=white_house.pk, speaker_name="")
    client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert Claim.objects.latest("pk").speaker == white_house


def test_an_empty_selection_is_a_form_error(seeded, editor, client_for):
    article = seed_article()
    response = client_for(editor).post(
        reverse("mark_claim", args=[article.pk]), musk_post(quote="   "), **HTMX
    )
    assert response.status_code == 422
    assert "Select the words" in response.content.decode()
    assert not Tag.objects.filter(name="X").exists()


def test_speaker_search_matches_names_and_aliases(seeded, editor, viewer, client_for):
    url = reverse("speaker_search")
    html = client_for(editor).get(url, {"speaker_name": "elonmusk"}, **HTMX).content.decode()
    assert 'data-speaker-name="Elon Musk"' in html and "data-new-speaker" in html
    html = client_for(editor).get(url, {"speaker_name": "Elon Musk"}).content.decode()
    assert "data-new-speaker" not in html  # an exact match needs no "create"
    html = client_for(viewer).get(url, {"speaker_name": "Nobody"}).content.decode()
    assert "data-new-speaker" not in html  # viewers cannot create speakers


# --- Claim page and claim steps -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_claim_page_and_panel(seeded, as_role, role):
    client, _ = as_role(role)
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    page = client.get(reverse("claim_detail", args=[claim.pk]))
    assert page.status_code == 200 and "<html" in page.content.decode()
    panel = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    html = panel.content.decode()
    assert "<html" not in html and f'data-claim-id="{claim.pk}"' in html
    assert ('data-action="save-verdict"' in html) == (role != "viewer")
    assert ('data-action="assign-me"' in html) == (role != "viewer")


STEPS = {
    "claim_edit": {"claim_reviewed": "Reformulée."},
    "claim_assign": {"assignee": "me"},
    "claim_not_checkable": {"reason": "Une opinion."},
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    "role,expected",
    [(None, 302), ("viewer", 403), ("editor", 200), ("reviewer", 200), ("admin_user", 200)],
)
def test_claim_steps_per_role(db, as_role, step, role, expected):
    client, _ = as_role(role)
    claim = ClaimFactory()
    response = client.post(reverse(step, args=[claim.pk]), STEPS[step], **HTMX)
    assert response.status_code == expected
    claim.refresh_from_db()
    changed = claim.claim_reviewed == "Reformulée." or claim.assignee or claim.not_checkable_reason
    assert bool(changed) == (expected == 200)


@pytest.mark.parametrize(
    "role,expected", [(None, 302), ("viewer", 403), ("editor", 200), ("admin_user", 200)]
)
def test_reopen_per_role(db, as_role, role, expected):
    client, _ = as_role(role)
    claim = ClaimFactory(status=Claim.Status.NOT_CHECKABLE, not_checkable_reason="Opinion")
    response = client.post(reverse("claim_reopen", args=[claim.pk]), **HTMX)
    assert response.status_code == expected
    claim.refresh_from_db()
    assert (claim.status == Claim.Status.NEW) == (expected == 200)


def test_not_checkable_without_reason_shows_the_error(db, editor, client_for):
    claim = ClaimFactory()
    response = client_for(editor).post(
        reverse("claim_not_checkable", args=[claim.pk]), {"reason": " "}, **HTMX
    )
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_reopen_of_an_open_claim_is_a_conflict_shown_in_the_panel(db, editor, client_for):
    claim = ClaimFactory()
    response = client_for(editor).post(reverse("claim_reopen", args=[claim.pk]), **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#panel-alert"
    assert "not checkable can be reopened" in response.content.decode()


def test_plain_post_redirects_to_the_claim_page(db, editor, client_for):
    claim = ClaimFactory()
    response = client_for(editor).post(reverse("claim_assign", args=[claim.pk]), {"assignee": "me"})
    assert response.status_code == 302 and response.url == reverse("claim_detail", args=[claim.pk])


def test_assign_to_someone_else(db, editor, other_editor, client_for):
    claim = ClaimFactory()
    client_for(editor).post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": other_editor.pk}, **HTMX
    )
    claim.refresh_from_db()
    assert claim.assignee == other_editor


def test_french_text_survives_the_round_trip(db, editor, client_for):
    claim = ClaimFactory()
    wording = "Il a dit « l’exacte vérité » — vraiment ?"
    client = client_for(editor)
    client.post(reverse("claim_edit", args=[claim.pk]), {"claim_reviewed": wording}, **HTMX)
    claim.refresh_from_db()
    assert claim.claim_reviewed == wording
    html = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).content.decode()
    assert "Il a dit « l’exacte vérité » — vraiment ?" in html
