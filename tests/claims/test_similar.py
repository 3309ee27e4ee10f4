"""Similar reviewed claims: trigram similarity on PostgreSQL, word sets on SQLite; the panel's
suggestions, kept apart from links, with a one-click "repeats" link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.claims import links, similar
from factcheck.models import ClaimLink, SimilarList
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.reviewed import reviewed_claim

pytestmark = pytest.mark.django_db

MUSK = "Tu as dit l’exacte vérité"
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="pg_trgm is PostgreSQL's"
)


def new_claim(quote: str):
    return ClaimFactory(article=ArticleFactory(body=f"Il a écrit : « {quote} »."), quote=quote)


def reviewed(quote: str, n: int, rating="false"):
    return reviewed_claim(
        article=ArticleFactory(body=f"« {quote} »", title=f"Article {n}"),
        quote=quote,
        speaker=f"Orateur {n}",
        rating=rating,
        author=UserFactory(username=f"auteur{n}", role="editor"),
        reviewer=UserFactory(username=f"relecteur{n}", role="reviewer"),
    )


@pytest.fixture
def desk(db):
    return {
        "musk": reviewed(MUSK, 1),
        "close": reviewed("Tu as dit la vérité exacte, hélas", 2, rating="misleading"),
        "other": reviewed("Le chômage a baissé de 10 % l’an dernier.", 3),
    }


def test_words_and_jaccard():
    assert similar.words("Tu as dit l’exacte VÉRITÉ !") == {"dit", "exacte", "verite"}
    assert similar.jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert similar.jaccard(set(), {"a"}) == 0


def test_reviewed_lookalikes_with_their_rating_most_similar_first(desk):
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    found = similar.similar_reviewed(claim)
    assert [c.pk for c in found] == [desk["musk"].pk, desk["close"].pk]
    assert found[0].similarity > found[1].similarity >= similar.THRESHOLD
    assert found[0].rating.slug == "false" and found[1].rating.slug == "misleading"
    assert found[0].speaker.name == "Orateur 1"
    # Each names its article; the article's text, which may weigh a few MiB, is not read.
    assert all("body" in c.article.get_deferred_fields() for c in found)


def test_not_itself_not_linked_not_unreviewed(desk, editor):
    musk = desk["musk"]
    new_claim(MUSK)  # a claim not reviewed is no suggestion
    assert [c.pk for c in similar.similar_reviewed(musk)] == [desk["close"].pk]
    assert similar.similar_reviewed(musk, exclude={desk["close"].pk}) == []


def test_at_most_five(db):
    claims = [reviewed(MUSK, n) for n in range(7)]
    found = similar.similar_reviewed(new_claim(MUSK))
    assert len(found) == similar.LIMIT == 5
    assert {c.pk for c in found} <= {c.pk for c in claims}


def test_nothing_alike(desk):
    assert similar.similar_reviewed(new_claim("Une promesse sans rapport aucun")) == []


@postgres_only
def test_postgres_ranks_by_trigram_similarity_with_the_index(desk):
    # Misspelt words share no whole word (Jaccard 0.2) but most of their trigrams.
    claim = new_claim("Tu a dis l’exact verité")
    assert similar.jaccard(similar.words(claim.quote), similar.words(MUSK)) < similar.THRESHOLD
    with CaptureQueriesContext(connection) as queries:
        found = similar.similar_reviewed(claim)
    assert found and found[0].pk == desk["musk"].pk
    # The comparison runs once, when the claim's suggestions are first stored.
    [sql] = [q["sql"] for q in queries.captured_queries if "SIMILARITY(" in q["sql"].upper()]
    assert '"quote" % ' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [claim.quote, MUSK])
        assert found[0].similarity == pytest.approx(cursor.fetchone()[0])
        # The planner may use the GIN trigram index for the % filter (on a table this small
        # it prefers a scan unless told not to).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM factcheck_claim WHERE quote %% %s", [claim.quote])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_quote_trgm_" in plan


def test_panel_lists_suggestions_apart_and_links_one_as_repeats(desk, client_for, editor):
    client = client_for(editor)
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    url = reverse("claim_detail", args=[claim.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Similar reviewed claims" in html
    section = html[html.index('class="similar-claims"') :]
    assert f'data-similar-claim="{desk["musk"].pk}"' in section
    assert 'data-rating="false"' in section and 'data-action="link-repeats"' in section
    assert "No linked claim." in html  # a suggestion is not a link
    response = client.post(
        reverse("claim_link_add", args=[claim.pk]),
        {"relation": "repeats", "target": desk["musk"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    link = ClaimLink.objects.get()
    assert (link.claim, link.target, link.relation) == (claim, desk["musk"], "repeats")
    html = response.content.decode()
    section = html[html.index('class="similar-claims"') :]
    assert f'data-similar-claim="{desk["musk"].pk}"' not in section  # now a link instead
    assert 'data-action="share-verdict"' in html


def test_suggestion_for_a_viewer_has_no_button(desk, client_for, viewer):
    claim = new_claim(MUSK)
    html = client_for(viewer).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert f'data-similar-claim="{desk["musk"].pk}"' in html
    assert 'data-action="link-repeats"' not in html


def test_linking_removes_the_suggestion(desk, editor):
    claim = new_claim(MUSK)
    links.link_claims(claim=claim, target_id=desk["close"].pk, relation="repeats", by=editor)
    exclude = links.linked_ids(claim.pk)
    assert [c.pk for c in similar.similar_reviewed(claim, exclude=exclude)] == [desk["musk"].pk]


def test_suggestions_are_stored_and_read_without_comparing_again(desk):
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    first = [c.pk for c in similar.similar_reviewed(claim)]
    with CaptureQueriesContext(connection) as queries:
        again = [c.pk for c in similar.similar_reviewed(claim)]
    assert again == first == [desk["musk"].pk, desk["close"].pk]
    assert len(queries.captured_queries) == 2  # is the list fresh, then the stored rows
    assert not any("SIMILARITY(" in q["sql"].upper() for q in queries.captured_queries)
    assert not any('"factcheck_article"."body"' in q["sql"] for q in queries.captured_queries)
    assert SimilarList.objects.get(claim=claim).quote == claim.quote


def test_a_new_quote_finds_its_suggestions_again(desk):
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    assert similar.similar_reviewed(claim)
    claim.quote = "Le chômage a baissé de 10 % l’an dernier, dit-il"
    claim.save(update_fields=["quote"])
    assert [c.pk for c in similar.similar_reviewed(claim)] == [desk["other"].pk]


def test_a_claim_reviewed_later_joins_the_stored_suggestions(desk):
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    assert [c.pk for c in similar.similar_reviewed(claim)] == [desk["musk"].pk, desk["close"].pk]
    later = reviewed("Tu as dit l’exacte vérité, Elon !", 9)
    assert [c.pk for c in similar.similar_reviewed(claim)][0] == later.pk


def test_a_reviewed_claim_whose_quote_changes_leaves_the_suggestions_it_no_longer_fits(desk):
    claim = new_claim("Tu as dit l’exacte vérité, Elon")
    assert desk["musk"].pk in [c.pk for c in similar.similar_reviewed(claim)]
    musk = desk["musk"]
    musk.quote = "Une tout autre phrase sur le budget"
    musk.save()
    assert [c.pk for c in similar.similar_reviewed(claim)] == [desk["close"].pk]
    musk.quote = MUSK
    musk.save()
    assert [c.pk for c in similar.similar_reviewed(claim)] == [desk["musk"].pk, desk["close"].pk]
