"""Importing an article from its address: the page, then the extraction as the editor corrects
it; the command line; duplicates; every refusal one sentence with nothing written."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from factcheck.intake.forms import snapshot_token
from factcheck.models import Article, ArticleVersion, Snapshot


@pytest.fixture
def editor_client(client_for, editor):
    return client_for(editor)


def fetch_page(client, address):
    return client.post(reverse("article_import_url"), {"address": address})


def confirm(client, response, **changes):
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "import_anyway"}
    data.update(changes)
    return client.post(reverse("article_import_fetched"), data)


def test_the_import_page_offers_an_address(editor_client):
    response = editor_client.get(reverse("article_import"))
    assert b'name="address"' in response.content


def test_fetch_shows_the_extraction_then_saves_it_as_corrected(editor_client, editor, web):
    response = fetch_page(editor_client, web.url("/fr-news.html?utm_medium=social"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Elon Musk reçu par Isaac Herzog à Jérusalem"
    assert form["published"].value() == "2023-11-27"
    assert form["language"].value() == "fr"
    assert form["url"].value() == web.url("/fr-news.html")
    text = form["text"].value()
    assert "Tu as dit l’exacte vérité" in response.content.decode()
    # Fetched and kept, but no article until the editor confirms.
    assert Article.objects.count() == 0
    snapshot = Snapshot.objects.get()
    assert snapshot.article_version is None and snapshot.requested_by == editor

    # The browser sends the textarea back with CRLF line ends; the editor corrects the title
    # and the date.
    response = confirm(
        editor_client,
        response,
        title="Musk chez Herzog",
        published="2023-11",
        text=text.replace("\n", "\r\n"),
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.title == "Musk chez Herzog"
    assert article.published == "2023-11"
    assert article.body == text  # every character of the extraction, offsets hold
    assert article.url == web.url("/fr-news.html")
    assert article.outlet == "Le Quotidien du Test"
    assert article.imported_by == editor
    version = ArticleVersion.objects.get(article=article, number=1)
    snapshot.refresh_from_db()
    assert snapshot.article_version == version
    raw = (web_root() / "fr-news.html").read_bytes()
    assert bytes(snapshot.raw) == raw
    assert snapshot.sha256 == hashlib.sha256(raw).hexdigest()
    assert snapshot.fetched_at is not None and snapshot.status_code == 200
    # The version page says what the desk read.
    page = editor_client.get(reverse("article_version", args=[article.pk, 1]))
    assert reverse("snapshot_detail", args=[snapshot.pk]).encode() in page.content


def web_root():
    from tests.web import PAGES

    return PAGES


def test_a_known_address_leads_to_the_existing_article(editor_client, web):
    response = fetch_page(editor_client, web.url("/en-news.html"))
    confirm(editor_client, response)
    article = Article.objects.get()
    # The same page, with tracking parameters and a trailing slash: not fetched again.
    again = fetch_page(editor_client, web.url("/en-news.html/?utm_source=x#top"))
    assert again.status_code == 302 and again["Location"] == article.get_absolute_url()
    assert Snapshot.objects.count() == 1
    # A redirect to it: found after fetching, by the address read.
    chained = fetch_page(editor_client, web.url("/redirect/2"))
    assert chained["Location"] == article.get_absolute_url()
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-loopback", "The page redirects to “127.0.0.1”"),
        ("/redirect/6", "The page redirects more than 5 times."),
        ("/huge", "The page is larger than 1024 kB."),
        ("/binary", "The page is not HTML or plain text (application/octet-stream)."),
        ("/missing", "The server answered with HTTP status 404 instead of the page."),
        ("/binary-as-html", "The page is a binary file, not HTML or text."),
    ],
)
def test_refusals_are_one_sentence_on_the_page(editor_client, web, path, message):
    response = fetch_page(editor_client, web.url(path))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert response.context["url_form"]["address"].value() == web.url(path)
    assert Snapshot.objects.count() == 0 and Article.objects.count() == 0


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "",
        "a\x00b",  # refused by the request guard
        "🙂🇫🇷",
        "e\u0301te\u0301",
        "\u202eטקסט\u202c",
        "\u00a0",
        "x" * 3000,
    ],
)
def test_junk_addresses_never_fail(editor_client, address):
    response = fetch_page(editor_client, address)
    assert response.status_code in (400, 422)
    assert Snapshot.objects.count() == 0


def test_a_viewer_may_not_fetch(client_for, viewer, web):
    assert fetch_page(client_for(viewer), web.url("/fr-news.html")).status_code == 403
    assert Snapshot.objects.count() == 0


def test_bad_corrections_come_back_with_everything_typed(editor_client, web):
    response = fetch_page(editor_client, web.url("/en-news.html"))
    bad = confirm(editor_client, response, title="  ", published="2024-02-30", text="a\x01b")
    assert bad.status_code in (400, 422)
    assert Article.objects.count() == 0
    if bad.status_code == 422:
        errors = bad.context["form"].errors
        assert {"title", "published"} <= set(errors)


def test_impossible_date_and_empty_title_are_refused(editor_client, web):
    response = fetch_page(editor_client, web.url("/en-news.html"))
    bad = confirm(editor_client, response, title=" ", published="2024-02-30")
    assert bad.status_code == 422
    assert set(bad.context["form"].errors) == {"title", "published"}
    assert "The harbour bridge reopened" in bad.content.decode()  # the text is still there
    assert Article.objects.count() == 0


def test_a_fetched_page_is_imported_once_and_only_by_who_fetched_it(
    editor_client, other_editor, web
):
    response = fetch_page(editor_client, web.url("/en-news.html"))
    token = response.context["form"]["snapshot"].value()
    other = Client()
    other.force_login(other_editor)
    stolen = confirm(other, response)
    assert stolen.status_code == 422
    assert "already imported" in stolen.content.decode()
    assert confirm(editor_client, response).status_code == 302
    twice = confirm(editor_client, response, url="", snapshot=token)
    assert twice.status_code == 422
    assert Article.objects.count() == 1


def test_a_forged_snapshot_token_is_refused(editor_client, web):
    response = fetch_page(editor_client, web.url("/en-news.html"))
    forged = confirm(editor_client, response, snapshot="1:forged")
    assert forged.status_code == 422
    assert "fetch the address again" in forged.content.decode()


def test_the_same_text_needs_import_anyway(editor_client, web):
    first = fetch_page(editor_client, web.url("/en-news.html"))
    text = first.context["form"]["text"].value()
    confirm(editor_client, first)
    second = fetch_page(editor_client, web.url("/plain.txt"))
    refused = confirm(editor_client, second, text=text)
    assert refused.status_code == 422 and refused.context["duplicate"] is not None
    assert Article.objects.count() == 1


# The command line ---------------------------------------------------------------------------


def test_command_imports_an_address(db, web, capsys):
    call_command("import_article", web.url("/en-news.html?utm_campaign=x"))
    article = Article.objects.get()
    assert article.title == "Harbour bridge reopens after two years of repairs"
    assert article.language == "en" and article.published == "2024-03-05"
    assert article.url == web.url("/en-news.html")
    assert article.versions.get().snapshot.sha256
    assert "Imported article" in capsys.readouterr().out


def test_command_dry_run_writes_nothing(db, web, capsys):
    call_command("import_article", web.url("/fr-news.html"), "--dry-run")
    assert "would import “Elon Musk reçu par Isaac Herzog à Jérusalem”" in capsys.readouterr().out
    assert Snapshot.objects.count() == 0 and Article.objects.count() == 0


def test_command_names_the_existing_article(db, web, capsys):
    call_command("import_article", web.url("/en-news.html"))
    call_command("import_article", web.url("/redirect/1"))
    assert "already on the desk" in capsys.readouterr().out
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-loopback", "The page redirects to “127.0.0.1”"),
        ("/slow", "The page took longer than 2 seconds to arrive."),
        ("/document.pdf", "The page is not HTML or plain text (application/pdf)."),
    ],
)
def test_command_refusals_are_one_line(db, web, path, message):
    with pytest.raises(CommandError) as refused:
        call_command("import_article", web.url(path))
    assert str(refused.value).startswith(web.url(path) + ": " + message)
    assert "\n" not in str(refused.value)
    assert Snapshot.objects.count() == 0 and Article.objects.count() == 0


@pytest.mark.parametrize(
    "address", ["http://169.254.169.254/", "http://127.0.0.1:8000/", "ftp://example.org/a"]
)
def test_command_refuses_private_addresses_and_other_schemes(db, address):
    with pytest.raises(CommandError, match="private, local or reserved|Only http and https"):
        call_command("import_article", address)


def test_a_refused_save_leaves_no_snapshot_behind(db, web):
    call_command("import_article", web.url("/en-news.html"))
    with pytest.raises(CommandError, match="--allow-duplicate"):
        # The same text under another address.
        call_command("import_article", web.url("/en-news.html?page=1"))
    assert Snapshot.objects.count() == 1


def test_snapshot_token_round_trip(db):
    snapshot = Snapshot.objects.create(url="https://example.org/", state="pending")
    assert snapshot_token(snapshot) != str(snapshot.pk)


def test_the_import_from_an_address_speaks_french(editor_client, web):
    editor_client.cookies["django_language"] = "fr"
    page = editor_client.get(reverse("article_import")).content.decode()
    assert "Depuis le web" in page and "Lire la page" in page
    refused = fetch_page(editor_client, web.url("/to-loopback")).content.decode()
    assert "La page redirige vers «\u00a0127.0.0.1\u00a0»" in refused
    fetched = fetch_page(editor_client, web.url("/paywall.html")).content.decode()
    assert "Vérifiez la page avant de l’importer" in fetched
    assert "Seuls 32 mots ont été trouvés" in fetched
