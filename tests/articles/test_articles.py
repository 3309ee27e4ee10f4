"""create_article: the one step from a parsed text to an Article, shared by page and command."""

import pytest
from django.core.exceptions import ValidationError

from factcheck.articles.importing import parse_article
from factcheck.articles.services import create_article
from factcheck.models import Article
from factcheck.workflow import NotAllowed
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = " date 2023-11 Elon Musk a rencontré Isaac Herzog. « Tu as dit l’exacte vérité »\n\nSuite."


def test_creates_the_article_with_its_date_precision_and_importer(editor):
    article = create_article(
        parsed=parse_article(TEXT),
        outlet=" Le  Monde ",
        url="https://example.org/musk",
        language="fr",
        origin="pasted",
        by=editor,
    )
    article.refresh_from_db()
    assert article.title == "Elon Musk a rencontré Isaac Herzog"
    assert article.published == "2023-11"
    assert article.body.startswith("Elon Musk a rencontré")
    assert "« Tu as dit l’exacte vérité »" in article.body
    assert (article.outlet, article.origin, article.imported_by) == ("Le Monde", "pasted", editor)
    assert article.history.count() == 1


def test_without_a_user_for_the_command_line():
    article = create_article(parsed=parse_article("Texte."), origin="article.txt")
    assert article.imported_by is None and article.published == ""


def test_a_viewer_may_not_import(viewer):
    with pytest.raises(NotAllowed):
        create_article(parsed=parse_article("Texte."), by=viewer)
    assert not Article.objects.exists()


def test_duplicate_url_is_a_url_error_and_writes_nothing(editor):
    ArticleFactory(url="https://example.org/a")
    with pytest.raises(ValidationError) as caught:
        create_article(parsed=parse_article("Texte."), url="https://example.org/a", by=editor)
    assert "already exists" in caught.value.message_dict["url"][0]
    assert Article.objects.count() == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a", "example"])
def test_only_web_urls(editor, url):
    with pytest.raises(ValidationError) as caught:
        create_article(parsed=parse_article("Texte."), url=url, by=editor)
    assert "http://" in caught.value.message_dict["url"][0]
    assert not Article.objects.exists()


def test_unknown_language_is_a_language_error(editor):
    with pytest.raises(ValidationError) as caught:
        create_article(parsed=parse_article("Texte."), language="xx", by=editor)
    assert "language" in caught.value.message_dict


def test_two_articles_without_url_are_fine(editor):
    create_article(parsed=parse_article("Un."), by=editor)
    create_article(parsed=parse_article("Deux."), by=editor)
    assert Article.objects.count() == 2
