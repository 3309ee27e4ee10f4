"""Importing feeds into ExternalReview rows: by the service, the command, the page (file or
address, through the desk's fetcher and a local server); all or nothing, idempotent, and only
for administrators."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from factcheck import workflow
from factcheck.external import services
from factcheck.external.models import ExternalReview
from factcheck.external.parsing import FeedRefused
from factcheck.intake.fetching import FetchRefused
from tests.core.test_french_words import french
from tests.external.conftest import FEEDS, feed, imported
from tests.external.french import english_on

pytestmark = pytest.mark.django_db

MUSK = "https://factcheck.example.com/2023/11/17/musk-endorsed-antisemitic-post/"


def test_every_valid_file_imports():
    results = imported("single.json", "list.json", "datafeed.json", "page.html", "graph.json")
    assert [r.created for r in results] == [1, 2, 2, 1, 2]
    assert ExternalReview.objects.count() == 8
    musk = ExternalReview.objects.get(url=MUSK)
    assert (musk.publisher, musk.claimant, musk.rating, musk.language) == (
        "Example Fact Check",
        "Elon Musk",
        "False",
        "en",
    )
    assert musk.appearances == ["https://x.com/elonmusk/status/1724908287471272299"]
    # Searchable text folded like the desk's, and its keys.
    assert "elon musk" in musk.search_text and " musk " in musk.match_keys
    # A feed naming no language: guessed from its words.
    herzog = ExternalReview.objects.get(url__contains="herzog")
    assert herzog.language == "fr"
    assert ExternalReview.objects.get(url__contains="vaccins").language == "fr"
    assert ExternalReview.objects.get(url__endswith="/checks/2").language == "en"
    graph = ExternalReview.objects.get(url__endswith="/checks/1")
    assert graph.claim_reviewed.startswith("Cafe\u0301 crème") and "\r\n" in graph.claim_reviewed
    assert "cafe creme" in graph.search_text  # combining accent folded, no-break space a space


def test_importing_again_updates_and_never_duplicates():
    imported("list.json", "single.json")
    first = dict(ExternalReview.objects.values_list("url", "imported_at"))
    changed = json.loads(feed("single.json"))
    changed["reviewRating"]["alternateName"] = "Misleading"
    changed["claimReviewed"] += " (updated)"
    [again] = [services.import_feed(data=json.dumps([changed]).encode())]
    assert (again.created, again.updated) == (0, 1)
    [same] = imported("list.json")
    assert (same.created, same.updated) == (0, 2)
    assert ExternalReview.objects.count() == 3
    musk = ExternalReview.objects.get(url=MUSK)
    assert musk.rating == "Misleading" and musk.claim_reviewed.endswith("(updated)")
    assert "updat" in musk.match_keys
    assert dict(ExternalReview.objects.values_list("url", "imported_at")) == first


def test_a_partial_file_imports_nothing_and_changes_nothing():
    imported("single.json")
    before = list(ExternalReview.objects.values_list("url", "claim_reviewed", "rating"))
    items = json.loads(feed("partial.json"))
    items[0] = {**json.loads(feed("single.json")), "claimReviewed": "Changed, but refused."}
    with pytest.raises(FeedRefused, match=re.escape("Item 3: claimReviewed is missing.")):
        services.import_feed(data=json.dumps(items).encode())
    assert list(ExternalReview.objects.values_list("url", "claim_reviewed", "rating")) == before


def test_a_person_without_the_permission_is_refused_by_the_service(editor, admin_user):
    with pytest.raises(workflow.NotAllowed):
        services.import_feed(data=feed("single.json"), by=editor)
    assert not ExternalReview.objects.exists()
    services.import_feed(data=feed("single.json"), by=admin_user)
    assert ExternalReview.objects.get().imported_by == admin_user


# The command.


def test_the_command_imports_a_file(capsys):
    call_command("import_claimreviews", str(FEEDS / "datafeed.json"))
    call_command("import_claimreviews", str(FEEDS / "datafeed.json"))
    out = capsys.readouterr().out
    assert "2 fact-check(s) imported: 2 new, 0 updated." in out
    assert "2 fact-check(s) imported: 0 new, 2 updated." in out
    assert ExternalReview.objects.count() == 2


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("partial.json", "Item 3: claimReviewed is missing."),
        ("not_json.txt", "neither JSON nor an HTML page"),
        ("missing.json", "cannot be read"),
    ],
)
def test_the_command_refuses_in_one_line(path, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_claimreviews", str(FEEDS / path))
    assert not ExternalReview.objects.exists()


def test_the_command_imports_an_address(feeds):
    call_command("import_claimreviews", feeds("/list.json"))
    assert ExternalReview.objects.count() == 2
    with pytest.raises(CommandError, match="private, local or reserved"):
        call_command("import_claimreviews", "http://127.0.0.1:9/feed.json")


# By address, through the fetcher and a local server.


@pytest.mark.parametrize(
    "path", ["/single.json", "/as-json/single", "/page.html", "/graph.json", "/datafeed.json"]
)
def test_an_address_is_fetched_and_imported(feeds, path):
    done = services.import_address(address=feeds(path))
    assert done.created >= 1 and ExternalReview.objects.count() == done.created


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/binary", "The address gives application/octet-stream, not one of the types read here"),
        ("/nowhere.json", "HTTP status 404"),
        ("/not_json.txt", "not one of the types read here (application/ld+json"),
        ("/partial.json", "Item 3: claimReviewed is missing."),
    ],
)
def test_an_address_that_gives_no_feed_is_refused(feeds, path, message):
    with pytest.raises((FetchRefused, FeedRefused), match=re.escape(message)):
        services.import_address(address=feeds(path))
    assert not ExternalReview.objects.exists()


def test_the_fetcher_keeps_refusing_json_by_default(feeds):
    from factcheck.intake import fetching

    with pytest.raises(FetchRefused, match="not HTML or plain text"):
        fetching.fetch(feeds("/single.json"))


# The page.


def upload(name: str, data: bytes | None = None):
    return SimpleUploadedFile(name, feed(name) if data is None else data)


def test_an_administrator_imports_a_file_from_the_page(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(reverse("external_import"), {"file": upload("list.json")}, follow=True)
    html = response.content.decode()
    assert "2 fact-checks imported (2 new, 0 updated)." in html
    assert "Tesla would deliver fully self-driving cars" in html
    response = client.post(reverse("external_import"), {"file": upload("list.json")}, follow=True)
    assert "2 fact-checks imported (0 new, 2 updated)." in response.content.decode()
    assert ExternalReview.objects.count() == 2


def test_an_administrator_imports_an_address_from_the_page(client_for, admin_user, feeds):
    client = client_for(admin_user)
    response = client.post(reverse("external_import"), {"address": feeds("/page.html")})
    assert response.status_code == 302
    assert ExternalReview.objects.get().publisher == "مدقق مثال"


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_administrators_import(as_role, role):
    client, _user = as_role(role)
    response = client.post(reverse("external_import"), {"file": upload("single.json")})
    assert response.status_code == 403
    assert not ExternalReview.objects.exists()
    page = client.get(reverse("external_list")).content.decode()
    assert 'data-action="import-external"' not in page


def test_the_list_shows_the_import_form_to_administrators(client_for, admin_user):
    page = client_for(admin_user).get(reverse("external_list")).content.decode()
    assert 'data-action="import-external"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": "partial.json"}, "Item 3: claimReviewed is missing."),
        ({"file": "not_json.txt"}, "The file is neither JSON nor an HTML page carrying JSON-LD."),
        ({}, "Upload a ClaimReview file or give its web address."),
        ({"address": "  "}, "Upload a ClaimReview file or give its web address."),
        ({"address": "http://127.0.0.1/feed.json"}, "private, local or reserved network address"),
        ({"address": "ftp://example.org/x.json"}, "Only http and https addresses can be fetched."),
        ({"address": "https://exa mple.org/"}, "This is not a valid web address."),
        ({"address": "🙂" * 3000}, "Ensure this value has at most 2000 characters"),
        ({"file": "single.json", "address": "https://example.org/"}, "not both"),
    ],
)
def test_a_refused_import_says_why_and_keeps_nothing(client_for, admin_user, data, message):
    payload = dict(data)
    if "file" in payload:
        payload["file"] = upload(payload["file"])
    response = client_for(admin_user).post(reverse("external_import"), payload)
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ExternalReview.objects.exists()


@pytest.mark.parametrize(
    "junk",
    [
        b"\x00\x00\x00",
        "\u202eטקסט מימין\u202c".encode(),
        b"\xef\xbb\xbf" + feed("single.json").replace(b"2023-11-17", b"2023-11-17\\u0000"),
        b'{"@type": "ClaimReview", "url": "https://e.org/\\u0000"}',
        feed("single.json").replace(b"\n", b"\r\n"),
    ],
)
def test_junk_files_never_give_a_server_error(client_for, admin_user, junk):
    response = client_for(admin_user).post(
        reverse("external_import"), {"file": upload("junk.json", junk)}
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert b'data-role="import-error"' in response.content or b"errorlist" in response.content


def test_a_file_too_big_is_refused_before_it_is_read(client_for, admin_user, settings):
    from factcheck.external import parsing

    big = b" " * (parsing.MAX_BYTES + 1)
    response = client_for(admin_user).post(
        reverse("external_import"), {"file": upload("big.json", big)}
    )
    assert response.status_code == 422
    assert "The file is larger than 5120 kB." in response.content.decode()


@pytest.mark.parametrize("q", ["musk", "MUSK", "Jérusalem", "jerusalem", "\x00", "🙂", "a" * 500])
def test_the_list_searches_with_any_input(client_for, editor, q):
    imported("list.json", "single.json")
    response = client_for(editor).get(reverse("external_list"), {"q": q})
    assert response.status_code in (200, 400)


def test_the_list_search_folds_accents(client_for, editor):
    imported("list.json", "single.json")
    html = client_for(editor).get(reverse("external_list"), {"q": "JERUSALEM"}).content.decode()
    assert "Isaac Herzog" in html and "Tesla" not in html


def test_the_page_is_french_for_a_french_reader(client_for, admin_user):
    imported("list.json")
    client = french(client_for(admin_user))
    html = client.get(reverse("external_list")).content.decode()
    assert "Vérifications d’autres rédactions" in html
    assert "1 vérification importée" not in html and "2 vérifications importées" in html
    assert english_on(html) == set()
    for english in (
        "Other desks",
        "Import ClaimReview",
        "Search",
        "Rating",
        "Publisher",
        "imported",
        "Said by",
    ):
        assert english not in html, english
    response = client.post(reverse("external_import"), {"file": upload("partial.json")})
    assert "Élément 3\u00a0: il manque claimReviewed." in response.content.decode()


def test_hostile_text_is_shown_as_text(client_for, admin_user):
    """Every vector of the XSS corpus as a claim reviewed, a publisher and a rating: stored as
    published, escaped on the list."""
    from tests.xss import xss_vectors

    vectors = [v for v in xss_vectors() if "\x00" not in v][:60]
    items = [
        {
            **json.loads(feed("single.json")),
            "url": f"https://hostile.example/{n}",
            "claimReviewed": vector,
            "author": {"name": vector[:300]},
            "reviewRating": {"alternateName": vector[:300]},
        }
        for n, vector in enumerate(vectors)
    ]
    client = client_for(admin_user)
    empty = client.get(reverse("external_list")).content.decode()
    done = services.import_feed(data=json.dumps(items).encode())
    assert done.created == len(vectors)
    html = client.get(reverse("external_list")).content.decode()
    table = {"table", "thead", "tbody", "tr", "th", "td", "a"}
    added = elements(html) - elements(empty)
    assert {tag for tag, _names in added} <= table
    assert all(name == "lang" for _tag, names in added for name in names)
    assert ExternalReview.objects.filter(claim_reviewed__in=vectors).count() == len(vectors)


def elements(html: str) -> set:
    """(tag, attribute names with a handler or a style) of every element."""
    from html.parser import HTMLParser

    found = set()

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names = tuple(sorted(n for n, _ in attrs if n.startswith("on") or n == "lang"))
            found.add((tag, names))

    Reader().feed(html)
    return found


def test_the_import_is_told_in_french(client_for, admin_user):
    client = french(client_for(admin_user))
    response = client.post(reverse("external_import"), {"file": upload("list.json")}, follow=True)
    html = response.content.decode()
    assert "2 vérifications importées (nouvelles\u00a0: 2, mises à jour\u00a0: 0)." in html
    assert english_on(html) == set()
