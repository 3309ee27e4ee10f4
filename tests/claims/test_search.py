"""Search: accents and case folded on both databases, French stemming on PostgreSQL."""

import pytest
from django.db import connection

from factcheck.claims import search
from factcheck.claims.filters import listing_queryset
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, VerdictFactory
from tests.reviewed import MUSK_BODY, musk_article


def found(q):
    return list(
        search.search_claims(listing_queryset(), q)
        .order_by("-search_rank", "pk")
        .values_list("pk", flat=True)
    )


def test_fold_drops_accents_case_and_typography():
    assert (
        search.fold("Tu as dit l’exacte VÉRITÉ « Œuvre »\u202f!")
        == "tu as dit l'exacte verite oeuvre !"
    )


@pytest.fixture
def claims(db):
    article = musk_article()
    musk = ClaimFactory(
        article=article, quote="Tu as dit l’exacte vérité", speaker=SpeakerFactory(name="Elon Musk")
    )
    white_house = ClaimFactory(
        article=article,
        quote="promotion abjecte de la haine antisémite et raciste",
        speaker=SpeakerFactory(name="Maison Blanche", aliases="White House"),
        claim_reviewed="",
    )
    return {"musk": musk.pk, "white_house": white_house.pk}


def test_accents_and_case_are_ignored(claims):
    assert found("exacte verite") == [claims["musk"]]
    assert found("EXACTE VÉRITÉ") == [claims["musk"]]
    assert found("MUSK") == [claims["musk"]]
    assert found("antisemite") == [claims["white_house"]]


def test_speaker_alias_and_article_title_are_searched(claims):
    assert found("white house") == [claims["white_house"]]
    assert sorted(found("jerusalem")) == sorted(claims.values())


def test_verdict_summary_is_searched_once_saved(claims):
    assert found("cliché") == []
    VerdictFactory(claim_id=claims["white_house"], summary="Un cliché repris tel quel.")
    assert found("cliche") == [claims["white_house"]]


def test_renaming_a_speaker_refreshes_its_claims(claims):
    speaker = SpeakerFactory(name="Elon Musk")
    speaker.name = "Elon Reeve Musk"
    speaker.save()
    assert found("reeve") == [claims["musk"]]


def test_a_query_of_stop_words_still_finds_the_words(claims):
    assert found("tu as dit") == [claims["musk"]]


def test_nothing_found_is_an_empty_list(claims):
    assert found("zorglub") == []


def test_closer_match_ranks_first(db):
    article = ArticleFactory(body=MUSK_BODY + " Vérité, vérité et vérité.", title="Sans rapport")
    once = ClaimFactory(article=article, quote="Tu as dit l’exacte vérité", speaker=None)
    thrice = ClaimFactory(article=article, quote="Vérité, vérité et vérité.", speaker=None)
    ranked = found("vérité")
    assert set(ranked) == {once.pk, thrice.pk}
    if connection.vendor == "postgresql":
        assert ranked[0] == thrice.pk


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming needs PostgreSQL")
def test_french_stemming_finds_other_forms(claims):
    assert found("vérités") == [claims["musk"]]
    assert found("raciste") == [claims["white_house"]]
    assert found("racistes") == [claims["white_house"]]
