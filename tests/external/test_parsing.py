"""Reading ClaimReview feeds: every accepted shape, and one clear sentence (naming the item) for
each kind of bad file; nothing here touches the database."""

import json

import pytest
from django.utils import translation

from factcheck.external import parsing
from factcheck.external.parsing import FeedRefused, read_feed
from tests.external.conftest import feed


@pytest.mark.parametrize(
    ("name", "urls"),
    [
        (
            "single.json",
            ["https://factcheck.example.com/2023/11/17/musk-endorsed-antisemitic-post/"],
        ),
        (
            "list.json",
            [
                "https://verif.example.fr/2023/11/28/herzog-musk-jerusalem",
                "https://factcheck.example.com/2020/01/05/tesla-self-driving-2020",
            ],
        ),
        (
            "datafeed.json",
            [
                "https://checks.example.org/vaccins-puces",
                "https://checks.example.org/white-house-musk",
            ],
        ),
        ("page.html", ["https://arabic.example.net/checks/musk-x-post"]),
        (
            "graph.json",
            ["https://graph.example.org/checks/1", "https://graph.example.org/checks/2"],
        ),
    ],
)
def test_every_shape_is_read(name, urls):
    assert [item.url for item in read_feed(feed(name))] == urls


def test_the_fields_as_published():
    [musk] = read_feed(feed("single.json"))
    assert musk.publisher == "Example Fact Check"
    assert musk.claimant == "Elon Musk"
    assert musk.claim_reviewed.startswith("Jewish communities encourage “hatred against whites”")
    assert (musk.rating, musk.rating_value, musk.best_rating, musk.worst_rating) == (
        "False",
        1.0,
        5.0,
        1.0,
    )
    assert musk.reviewed_on.isoformat() == "2023-11-17"
    assert musk.language == "en"
    assert musk.appearances == ["https://x.com/elonmusk/status/1724908287471272299"]


def test_lists_feeds_and_pages_keep_what_they_say():
    herzog, tesla = read_feed(feed("list.json"))
    # A date with a time and an offset is the day it names; a language tag its language.
    assert herzog.reviewed_on.isoformat() == "2023-11-28"
    assert herzog.language == ""  # guessed when stored
    assert (tesla.language, tesla.rating_value, tesla.publisher) == (
        "en",
        2.0,
        "Example Fact Check",
    )
    vaccines, white_house = read_feed(feed("datafeed.json"))
    assert vaccines.publisher == "Checks Exemple"  # from "publisher" when there is no author
    assert white_house.language == "en"  # from a Language object
    assert white_house.appearances == ["https://www.whitehouse.gov/briefing-room/"]
    [arabic] = read_feed(feed("page.html"))
    assert arabic.rating == "صحيح" and arabic.publisher == "مدقق مثال"
    assert "🙂" in arabic.claim_reviewed
    first, second = read_feed(feed("graph.json"))
    assert "Cafe\u0301 crème" in first.claim_reviewed and "\r\n" in first.claim_reviewed
    assert "30\u00a0%" in first.claim_reviewed
    assert second.rating == "" and second.rating_value == 3.0
    assert "𝔘𝔫𝔦𝔠𝔬𝔡𝔢" in second.claim_reviewed


def review(**changes):
    item = json.loads(feed("single.json"))
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return item


def refusal(data) -> str:
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    with pytest.raises(FeedRefused) as refused:
        read_feed(data)
    return refused.value.message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("partial.json", "Item 3: claimReviewed is missing."),
        ("missing_url.json", "Item 1: url is missing."),
        ("bad_date.json", "Item 1: datePublished “17/11/2023” is not a date (2023-11-28)."),
        ("junk_types.json", "Item 2: claimReviewed is not text."),
        ("nul_escape.json", "Item 1: claimReviewed holds a NUL character."),
        ("not_claimreview.json", "Item 1: its @type is Person, not ClaimReview."),
        ("empty_feed.json", "The file holds no ClaimReview."),
        ("not_json.txt", "The file is neither JSON nor an HTML page carrying JSON-LD."),
    ],
)
def test_bad_files_are_refused_in_one_sentence(name, message):
    assert refusal(feed(name)) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n ", "The file is empty."),
        (b'{"a": 1}\x00', "The file holds NUL bytes: it is not a JSON or HTML text."),
        (b"\xff\xfe{}", "The file is not UTF-8 text."),
        (b"[]", "The file holds no ClaimReview."),
        (b"42", "The file is JSON but holds no ClaimReview object."),
        (b'"ClaimReview"', "The file is JSON but holds no ClaimReview object."),
        (b"[1, 2]", "Item 1: it is not a ClaimReview object."),
        (b"[NaN]", "The file is neither JSON nor an HTML page carrying JSON-LD."),
        (b"[" * 100_000, "The file is neither JSON nor an HTML page carrying JSON-LD."),
        (b"<html><p>no data</p></html>", "The page carries no JSON-LD block."),
        (
            b'<script type="application/ld+json">{oops</script>',
            "JSON-LD block 1 of the page is not valid JSON.",
        ),
        (
            b'{"@type": "DataFeed", "dataFeedElement": 3}',
            "The DataFeed has no dataFeedElement list.",
        ),
        (b"x" * (parsing.MAX_BYTES + 1), "The file is larger than 5120 kB."),
    ],
)
def test_junk_is_refused_in_one_sentence(data, message):
    assert refusal(data) == message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "ftp://example.org/x"}, "Item 1: url is not a web address."),
        ({"url": "javascript:alert(1)"}, "Item 1: url is not a web address."),
        ({"url": 12}, "Item 1: url is not text."),
        ({"claimReviewed": "  \u00a0 "}, "Item 1: claimReviewed is missing."),
        ({"claimReviewed": "x" * 5001}, "Item 1: claimReviewed is longer than 5000 characters."),
        ({"author": None, "publisher": None}, "Item 1: author.name (the publisher) is missing."),
        ({"author": 3}, "Item 1: author is not a name."),
        ({"datePublished": None}, "Item 1: datePublished is missing."),
        (
            {"datePublished": "2023-02-30"},
            "Item 1: datePublished “2023-02-30” is not a date (2023-11-28).",
        ),
        ({"reviewRating": "Faux"}, "Item 1: reviewRating is not an object."),
        ({"reviewRating": {}}, "Item 1: reviewRating.alternateName is missing."),
        (
            {"reviewRating": {"ratingValue": "beaucoup"}},
            "Item 1: reviewRating.ratingValue is not a number.",
        ),
        (
            {"reviewRating": {"ratingValue": True}},
            "Item 1: reviewRating.ratingValue is not a number.",
        ),
        ({"inLanguage": "français !"}, "Item 1: inLanguage “français !” is not a language code."),
        ({"itemReviewed": ["a"]}, "Item 1: itemReviewed is not an object."),
        ({"@type": None}, "Item 1: its @type is missing; a ClaimReview is expected."),
        ({"@type": ["Thing", 4]}, "Item 1: its @type is Thing, not ClaimReview."),
    ],
)
def test_each_field_is_checked(changes, message):
    assert refusal(review(**changes)) == message


def test_the_same_url_twice_is_named():
    assert refusal([review(), review()]) == "Item 2: its url is that of item 1."


def test_refusals_are_in_french_for_a_french_reader():
    with translation.override("fr"):
        assert refusal(feed("partial.json")) == "Élément 3\u00a0: il manque claimReviewed."
        assert refusal(b"") == "Le fichier est vide."
        assert refusal(feed("bad_date.json")) == (
            "Élément 1\u00a0: datePublished « 17/11/2023 » n’est pas une date (2023-11-28)."
        )
