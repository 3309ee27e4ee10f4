"""No article twice: canonical URLs, and the same text refused unless the editor insists."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from factcheck.articles.canonical import body_hash, canonical_url
from factcheck.models import Article
from tests.factories import ArticleFactory

BODY = "date 2023-11 Elon Musk a rencontré Isaac Herzog.\n\n« Tu as dit l’exacte vérité » 🎉 ‏שלום"


@pytest.mark.parametrize(
    "variant",
    [
        "https://example.org/article",
        "https://example.org/article/",
        "https://example.org/article?utm_source=x",
        "https://example.org/article#top",
        "HTTPS://EXAMPLE.ORG/article",
        "https://Example.org:443/article/?utm_medium=a&fbclid=b&gclid=c&mc_eid=d#x",
        "  https://example.org/article?UTM_Campaign=z  ",
    ],
)
def test_every_form_of_one_address_is_the_same_canonical_url(variant):
    assert canonical_url(variant) == "https://example.org/article"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://example.org", "http://example.org/"),
        ("http://example.org/", "http://example.org/"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/Article/Path/", "https://example.org/Article/Path"),
        ("https://example.org/a?id=3&utm_source=x&page=2", "https://example.org/a?id=3&page=2"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),  # order kept
        (
            "https://example.org/é%C3%A9?q=%F0%9F%8E%89",
            "https://example.org/é%C3%A9?q=%F0%9F%8E%89",
        ),
        ("https://[2001:DB8::1]:443/a/", "https://[2001:db8::1]/a"),
        ("", ""),
        ("https://example.org:99999/a", "https://example.org:99999/a"),  # left for the validator
    ],
)
def test_canonical_url_keeps_what_names_the_page(url, canonical):
    assert canonical_url(url) == canonical


def test_the_body_fingerprint_ignores_white_space_only():
    base = body_hash("Un texte\n\nen deux paragraphes. 🎉")
    assert body_hash("  Un texte\r\n\r\nen\u00a0deux\u202fparagraphes. 🎉\n") == base
    assert body_hash("Un texte\n\nen deux paragraphes.") != base
    assert body_hash("Un texte\n\nen deux paragraphes. 🎉 🎉") != base


@pytest.mark.django_db
def test_the_model_stores_the_canonical_url_and_the_fingerprint():
    article = ArticleFactory(url="HTTPS://Example.org/a/?utm_source=x#top", body="Un  texte.")
    article.refresh_from_db()
    assert article.url == "https://example.org/a"
    assert article.body_hash == body_hash("Un texte.")
    article.body = "Un autre texte."
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_hash == body_hash("Un autre texte.")


def post_import(client, **data):
    return client.post(reverse("article_import"), {"language": "fr", **data})


@pytest.mark.parametrize(
    "again",
    [
        "https://example.org/article/",
        "https://example.org/article?utm_source=x",
        "https://example.org/article#top",
        "https://EXAMPLE.org/article",
    ],
)
def test_the_import_page_refuses_an_address_already_imported_and_links_to_it(
    client_for, editor, again
):
    client = client_for(editor)
    first = post_import(client, text="Premier texte.", url="https://example.org/article")
    assert first.status_code == 302
    existing = Article.objects.get()
    response = post_import(client, text="Un autre texte.", url=again)
    assert response.status_code == 200
    html = response.content.decode()
    assert "An article with this URL already exists" in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert "import_anyway" not in html  # a second article at one address is never allowed
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "pasted_again",
    [
        BODY,
        BODY.replace("\n", "\r\n"),
        # (after the date marker, which the parser reads with ordinary spaces)
        BODY[:13] + BODY[13:].replace(" ", "\u00a0").replace("\n\n", "\n\n\n  "),
        "  " + BODY.replace(" a ", " a\u202f") + "\n",
    ],
)
def test_the_same_text_pasted_twice_is_refused_unless_the_editor_insists(
    client_for, editor, pasted_again
):
    client = client_for(editor)
    assert post_import(client, text=BODY).status_code == 302
    existing = Article.objects.get()

    response = post_import(client, text=pasted_again)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"as article {existing.pk}" in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert 'name="import_anyway"' in html
    assert Article.objects.count() == 1
    response = post_import(client, text=pasted_again, import_anyway="on")
    assert response.status_code == 302
    assert Article.objects.count() == 2


def test_a_different_text_is_not_a_duplicate(client_for, editor):
    client = client_for(editor)
    assert post_import(client, text=BODY).status_code == 302
    assert post_import(client, text=BODY + " Fin.").status_code == 302
    assert post_import(client, text=BODY.replace("Musk", "musk")).status_code == 302
    assert Article.objects.count() == 3


def test_import_article_refuses_the_same_text_unless_allowed(db, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(BODY, encoding="utf-8")
    call_command("import_article", str(path), verbosity=0)
    existing = Article.objects.get()
    again = tmp_path / "again.txt"
    again.write_text(BODY.replace("\n", "\r\n") + "\n\n", encoding="utf-8")
    with pytest.raises(CommandError) as refusal:
        call_command("import_article", str(again), verbosity=0)
    assert f"article {existing.pk}" in str(refusal.value)
    assert "--allow-duplicate" in str(refusal.value)
    call_command("import_article", str(again), "--allow-duplicate", verbosity=0)
    assert Article.objects.count() == 2
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "import_article", str(path), "--allow-duplicate", "--url", "https://x.org/a/?gclid=1"
        )
        call_command("import_article", str(path), "--allow-duplicate", "--url", "https://X.org/a")


@pytest.mark.django_db
def test_the_migration_canonicalizes_stored_urls_and_keeps_colliding_ones(capsys):
    migration = importlib.import_module("factcheck.migrations.0007_article_canonical_url_body_hash")
    older = ArticleFactory(body="A")
    canonical_holder = ArticleFactory(body="B")
    lone = ArticleFactory(body="C")
    # Rows as they were stored before canonical URLs, written past save().
    Article.objects.filter(pk=older.pk).update(
        url="https://example.org/a/?utm_source=x", body_hash=""
    )
    Article.objects.filter(pk=canonical_holder.pk).update(url="https://example.org/a")
    Article.objects.filter(pk=lone.pk).update(url="HTTP://Example.org/b#x")

    migration.canonicalize_articles(apps, None)

    urls = dict(Article.objects.values_list("pk", "url"))
    assert urls[canonical_holder.pk] == "https://example.org/a"
    assert urls[older.pk] == "https://example.org/a/?utm_source=x"
    assert urls[lone.pk] == "http://example.org/b"
    assert Article.objects.get(pk=older.pk).body_hash == body_hash("A")
    assert (
        f"article {older.pk}: the same page as article {canonical_holder.pk}"
        in capsys.readouterr().out
    )
    assert Path(migration.__file__).name.startswith("0007_")
