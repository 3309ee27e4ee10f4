"""French pages say things the French way: numbers agree with their nouns, stored words
("pasted") are shown translated, dates are written out, and the status "not checkable" is not
named like the rating "Unverifiable"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from factcheck.articles import body_versions
from factcheck.core.partial_dates import Precision, display_partial
from factcheck.models import Article, Claim, Rating
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def french(client):
    client.cookies["django_language"] = "fr"
    return client


@pytest.mark.parametrize(
    ("statuses", "shown"),
    [
        (["new"], "1 nouvelle"),
        (["new"] * 4, "4 nouvelles"),
        (["reviewed"], "1 vérifiée"),
        (["reviewed", "reviewed"], "2 vérifiées"),
        (["in_progress"] * 3, "3 en cours"),
        (["not_checkable"] * 2, "2 hors vérification"),
    ],
)
def test_the_articles_list_counts_claims_with_plurals(client_for, editor, statuses, shown):
    article = ArticleFactory()
    for status in statuses:
        reason = "Une opinion." if status == "not_checkable" else ""
        ClaimFactory(article=article, status=status, not_checkable_reason=reason)
    html = french(client_for(editor)).get(reverse("article_list")).content.decode()
    assert f">{shown}</span>" in html


def test_english_counts_too(client_for, editor):
    article = ArticleFactory()
    ClaimFactory(article=article, status="new")
    ClaimFactory(article=article, status="new")
    html = client_for(editor).get(reverse("article_list")).content.decode()
    assert ">2 new</span>" in html


def test_the_claims_list_headers_are_french(client_for, editor):
    ClaimFactory()
    html = french(client_for(editor)).get(reverse("claim_list")).content.decode()
    for header in ("Citation", "Date de l’affirmation", "Vérifiée le", "Filtres"):
        assert header in html
    for english in (">Quote<", ">Claimed<", ">Reviewed<", ">Filters<"):
        assert english not in html


def test_a_pasted_version_says_so_in_french(client_for, editor):
    article = ArticleFactory(body="Premier texte.", origin="pasted")
    body_versions.replace_body(article, body="Second texte.", by=editor, origin="pasted")
    client = french(client_for(editor))
    listing = client.get(reverse("article_versions", args=[article.pk])).content.decode()
    detail = client.get(reverse("article_version", args=[article.pk, 2])).content.decode()
    assert "texte collé" in listing and "texte collé" in detail
    assert ">pasted<" not in listing and "· pasted" not in detail
    # A file name stays a file name.
    body_versions.replace_body(article, body="Troisième texte.", by=editor, origin="note.txt")
    assert "note.txt" in client.get(reverse("article_versions", args=[article.pk])).content.decode()


def test_status_and_rating_have_distinct_french_names():
    with translation.override("fr"):
        status = str(Claim.Status.NOT_CHECKABLE.label)
    rating = Rating.objects.get(slug="unverifiable").label_fr
    assert status.casefold() != rating.casefold()
    assert (status, rating) == ("hors vérification", "Invérifiable")


@pytest.mark.parametrize(
    ("language", "precision", "shown"),
    [
        ("fr", Precision.YEAR, "2023"),
        ("fr", Precision.MONTH, "novembre 2023"),
        ("fr", Precision.DAY, "27 novembre 2023"),
        ("en", Precision.MONTH, "November 2023"),
    ],
)
def test_partial_dates_are_written_in_the_page_language(language, precision, shown):
    with translation.override(language):
        assert display_partial(datetime.date(2023, 11, 27), precision) == shown


def test_the_article_page_writes_its_date_in_french(client_for, editor):
    article = ArticleFactory(published_on=datetime.date(2023, 11, 1), published_precision="month")
    html = french(client_for(editor)).get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2023-11">novembre 2023</time>' in html
    assert Article.objects.get(pk=article.pk).published == "2023-11"  # exports keep ISO
