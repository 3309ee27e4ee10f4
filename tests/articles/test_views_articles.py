"""The articles list and the import page, for every role, with good and bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SEED_LIKE = (
    " date 2023-11 Elon Musk a rencontré Isaac Herzog.\r\n\r\n"
    "Il avait répondu « Tu as dit l’exacte vérité » à un message.\r\n"
)
ROLES = ["viewer", "editor", "reviewer", "admin_user"]


def as_role(request, client_for, role):
    client = client_for(request.getfixturevalue(role) if role else None)
    client.cookies["django_language"] = "en"
    return client


# ---- list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_list(request, client_for, role):
    ArticleFactory(title="Musk et Herzog")
    response = as_role(request, client_for, role).get(reverse("article_list"))
    assert response.status_code == 200
    assert "Musk et Herzog" in response.content.decode()
    assert ("Import an article" in response.content.decode()) is (role != "viewer")


def test_list_shows_outlet_date_precision_and_counts_by_status(client_for, viewer):
    article = ArticleFactory(
        title="Musk", outlet="Le Monde", published_on="2023-11-01", published_precision="month"
    )
    ClaimFactory(article=article)
    ClaimFactory(article=article, status=Claim.Status.IN_REVIEW)
    ClaimFactory(article=article, status=Claim.Status.IN_REVIEW)
    client = client_for(viewer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("article_list")).content.decode()
    assert "Le Monde" in html
    assert '<time datetime="2023-11">November 2023</time>' in html
    assert f'href="{reverse("article_detail", args=[article.pk])}"' in html
    assert ">1 new</span>" in html and ">2 in review</span>" in html
    assert "reviewed</span>" not in html  # zero counts stay out of the way


def test_list_is_newest_first_with_undated_last():
    old = ArticleFactory(published_on="2020-01-01", published_precision="year")
    undated = ArticleFactory()
    new = ArticleFactory(published_on="2023-11-01", published_precision="month")
    from factcheck.desk.queries import articles_with_claim_counts

    assert list(articles_with_claim_counts()) == [new, old, undated]


def test_search_on_title_and_outlet(client_for, viewer):
    ArticleFactory(title="Musk rencontre Herzog", outlet="AFP")
    ArticleFactory(title="Budget 2024", outlet="Les Échos")
    client = client_for(viewer)
    html = client.get(reverse("article_list"), {"q": "herzog"}).content.decode()
    assert "Musk rencontre Herzog" in html and "Budget 2024" not in html
    html = client.get(reverse("article_list"), {"q": "Échos"}).content.decode()
    assert "Budget 2024" in html and "Musk" not in html


def test_htmx_search_returns_only_the_results(client_for, viewer):
    ArticleFactory(title="Musk rencontre Herzog")
    response = client_for(viewer).get(
        reverse("article_list"),
        {"q": "musk"},
        headers={"HX-Request": "true", "HX-Target": "listing-results"},
    )
    html = response.content.decode()
    assert "Musk rencontre Herzog" in html and "<header" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client_for, viewer):
    response = client_for(viewer).get(
        reverse("article_list"),
        {"q": "musk"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<header" in response.content.decode()


def test_pagination_keeps_the_search(client_for, viewer):
    for n in range(30):
        ArticleFactory(title=f"Musk {n}")
    client = client_for(viewer)
    html = client.get(reverse("article_list"), {"q": "musk"}).content.decode()
    assert 'href="?q=musk&amp;page=2"' in html
    page2 = client.get(reverse("article_list"), {"q": "musk", "page": 2}).content.decode()
    assert page2.count("<tr>") == 1 + 5  # header row + the last five


def test_list_query_count_does_not_grow_with_articles(
    client_for, viewer, django_assert_num_queries
):
    client = client_for(viewer)
    for _ in range(50):
        ClaimFactory(article=ArticleFactory())
    client.get(reverse("article_list"))  # warm the session and permission caches
    # session, user, the user's two permission sets (can import?), the role's groups, the count,
    # one page of articles with their claim counts, and the header’s unread notifications: 8
    # whatever the number of articles.
    with django_assert_num_queries(8):
        response = client.get(reverse("article_list"), {"q": "Article"})
    assert response.status_code == 200
    assert response.content.decode().count(">1 new</span>") == 25


# ---- import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("editor", 200), ("reviewer", 200), ("admin_user", 200)]
)
def test_import_page_by_role(request, client_for, role, status):
    client = as_role(request, client_for, role)
    assert client.get(reverse("article_import")).status_code == status
    assert client.post(
        reverse("article_import"), {"text": "Texte.", "language": "fr"}
    ).status_code in ({status} if status == 403 else {302})
    assert Article.objects.count() == (0 if status == 403 else 1)


def test_viewer_is_told_why_on_a_page_like_the_others(client_for, viewer):
    client = client_for(viewer)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("article_import"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not allowed to import articles." in html
    assert 'class="site-header"' in html


def test_anonymous_post_is_sent_to_login(client):
    response = client.post(reverse("article_import"), {"text": "Texte."})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Article.objects.exists()


def test_pasted_text_becomes_an_article_and_lands_on_its_page(client_for, editor):
    client = client_for(editor)
    response = client.post(
        reverse("article_import"),
        {"text": SEED_LIKE, "outlet": "AFP", "url": "https://example.org/m", "language": "fr"},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article_detail", args=[article.pk])
    assert "\r" not in article.body
    assert article.body == (
        "Elon Musk a rencontré Isaac Herzog.\n\n"
        "Il avait répondu « Tu as dit l’exacte vérité » à un message.\n"
    )
    assert (article.title, article.published, article.origin) == (
        "Elon Musk a rencontré Isaac Herzog",
        "2023-11",
        "pasted",
    )
    assert article.imported_by == editor
    assert client.get(response["Location"]).status_code == 200


def test_uploaded_file_with_a_title_of_our_own(client_for, editor):
    upload = SimpleUploadedFile("musk.txt", "\ufeffdate 2023\nTexte.".encode(), "text/plain")
    response = client_for(editor).post(
        reverse("article_import"), {"file": upload, "title": "Musk", "language": "en"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.published, article.origin, article.language) == (
        "Musk",
        "2023",
        "musk.txt",
        "en",
    )


def post_bad(client_for, editor, data):
    client = client_for(editor)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("article_import"), {"language": "fr", **data})
    assert response.status_code == 200
    assert not Article.objects.exists()
    return response.context["form"].errors, response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "text", "Paste the article’s text or upload a file."),
        ({"text": "   \r\n  "}, "text", "Paste the article’s text or upload a file."),
        ({"text": "date 2023-13 Texte."}, "text", "“2023-13” is an impossible date."),
        ({"text": "date 2023-11-31\nTexte."}, "text", "impossible date"),
        ({"text": "date\nTexte."}, "text", "the date marker has no date"),
        ({"text": "Texte.", "url": "javascript:alert(1)"}, "url", "http://"),
        ({"text": "Texte.", "url": "ftp://example.org/a"}, "url", "http://"),
        ({"text": "Texte.", "language": "xx"}, "language", "valid choice"),
    ],
)
def test_bad_text_or_metadata_is_shown_next_to_its_field(client_for, editor, data, field, message):
    errors, html = post_bad(client_for, editor, data)
    assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in html  # rendered beside the field


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary, not text"),
        ("Texte en latin-1 : été".encode("latin-1"), "the file is not UTF-8 text"),
        (b"date 2023-13 Texte.", "impossible date"),
    ],
)
def test_bad_file_is_shown_next_to_the_file_field(client_for, editor, content, message):
    upload = SimpleUploadedFile("article.txt", content, "text/plain")
    errors, _html = post_bad(client_for, editor, {"file": upload})
    assert message in " ".join(errors["file"])


def test_text_and_file_together_are_refused(client_for, editor):
    upload = SimpleUploadedFile("a.txt", b"Texte.", "text/plain")
    errors, _html = post_bad(client_for, editor, {"file": upload, "text": "Autre."})
    assert "not both" in errors["text"][0]


def test_duplicate_url_is_a_url_error(client_for, editor):
    ArticleFactory(url="https://example.org/m")
    client = client_for(editor)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("article_import"),
        {"text": "Texte.", "url": "https://example.org/m", "language": "fr"},
    )
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["url"][0]
    assert Article.objects.count() == 1


def test_too_large_upload_and_text(client_for, editor, settings):
    settings.ARTICLE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.txt", b"a" * 3000, "text/plain")
    errors, _html = post_bad(client_for, editor, {"file": upload})
    assert errors["file"] == ["This article is too large (3 kB); the limit is 1 kB."]
    errors, _html = post_bad(client_for, editor, {"text": "é" * 1000})
    assert errors["text"] == ["This article is too large (2 kB); the limit is 1 kB."]


def test_french_survives_the_round_trip(client_for, editor):
    text = "« Tu as dit l’exacte vérité », a écrit Musk — promesse tenue ?"
    client_for(editor).post(reverse("article_import"), {"text": text, "language": "fr"})
    assert Article.objects.get().body == text


def test_text_beyond_what_a_request_may_carry_gets_a_readable_page(client_for, editor, settings):
    settings.ARTICLE_MAX_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    client = client_for(editor)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("article_import"), {"text": "a" * 5000, "language": "fr"})
    assert response.status_code == 400
    assert "uploaded as a file" in response.content.decode()
    assert not Article.objects.exists()
