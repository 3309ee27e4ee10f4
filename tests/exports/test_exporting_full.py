"""The full CSV layout (``?layout=full``): the default columns, byte for byte, then
related_claims and corrections; neutralized, French intact, in a fixed number of queries."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.exports.exporting import FULL_HEADER, HEADER
from factcheck.models import Claim, ClaimLink, Rating, Verdict
from tests.exports.test_exporting import parse, web_csv
from tests.factories import VerdictFactory
from tests.reviewed import musk_article, reviewed_claim

pytestmark = pytest.mark.django_db
WHITE_HOUSE = "promotion abjecte de la haine antisémite et raciste"


def test_full_header_adds_five_columns_to_the_default_one():
    assert [
        *HEADER,
        "related_claims",
        "corrections",
        "priority",
        "due_on",
        "external_reviews",
    ] == FULL_HEADER


def linked_pair():
    musk = reviewed_claim()
    white_house = reviewed_claim(article=musk.article, quote=WHITE_HOUSE, speaker="Maison Blanche")
    ClaimLink.objects.create(claim=white_house, relation="responds_to", target=musk)
    return musk, white_house


def correct(claim, *, reason, rating="mostly-false", on=datetime.date(2023, 12, 2)):
    approved = claim.verdicts.get(status=Verdict.Status.APPROVED)
    approved.status = Verdict.Status.SUPERSEDED
    approved.save()
    return VerdictFactory(
        claim=claim,
        rating=Rating.objects.get(slug=rating),
        author=approved.author,
        reviewer=approved.reviewer,
        status=Verdict.Status.APPROVED,
        supersedes=approved,
        correction_reason=reason,
        reviewed_at=datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC),
    )


def test_links_read_both_ways_and_corrections_carry_ratings_and_reason(client_for, viewer):
    musk, white_house = linked_pair()
    correct(musk, reason="=Nouvelle source : l’ADL « précise » ses chiffres.")
    _, data = web_csv(client_for(viewer), "?layout=full")
    rows = {row["claim_id"]: row for row in parse(data)}
    url = "http://testserver/claims/{}/"
    assert rows[str(white_house.pk)]["related_claims"] == (
        f"responds_to #{musk.pk} {url.format(musk.pk)}"
    )
    assert rows[str(musk.pk)]["related_claims"] == (
        f"answered_by #{white_house.pk} {url.format(white_house.pk)}"
    )
    # The cell starts with the date, so the reason's "=" is inside, harmless.
    assert rows[str(musk.pk)]["corrections"] == (
        "2023-12-02: False → Mostly false: =Nouvelle source : l’ADL « précise » ses chiffres."
    )
    assert rows[str(white_house.pk)]["corrections"] == ""


def test_the_default_columns_are_the_same_bytes_in_both_layouts(client_for, viewer):
    linked_pair()
    client = client_for(viewer)
    _, default = web_csv(client, "")
    _, full = web_csv(client, "?layout=full")
    default_rows = parse(default)
    full_rows = parse(full)
    assert [{k: r[k] for k in HEADER} for r in full_rows] == default_rows
    assert b"related_claims" not in default


def test_layout_does_not_count_as_a_filter(client_for, viewer):
    reviewed_claim()
    musk_article(url="https://example.org/other")
    Claim.objects.create(
        article=musk_article(url="https://example.org/3"),
        quote="Elon Musk",
        start_offset=16,
        end_offset=25,
    )
    _, data = web_csv(client_for(viewer), "?layout=full")
    assert len(parse(data)) == 1  # reviewed claims only, as without layout


def test_unknown_layout_is_a_bad_request(client_for, viewer):
    response = client_for(viewer).get("/claims/export.csv?layout=wide")
    assert response.status_code == 400
    assert b"default, full" in response.content


def test_command_line_gives_the_same_bytes(client_for, viewer, tmp_path):
    linked_pair()
    _, web = web_csv(client_for(viewer), "?layout=full&all=1")
    out = tmp_path / "full.csv"
    call_command(
        "export_claims",
        output=str(out),
        site_url="http://testserver",
        layout="full",
        all=True,
        verbosity=0,
    )
    assert out.read_bytes() == web


def full_queries(client, count):
    article = musk_article(url=f"https://example.org/{count}")
    claims = [
        reviewed_claim(article=article, quote="Elon Musk", speaker=f"Orateur {i}")
        for i in range(count)
    ]
    for first, second in zip(claims, claims[1:], strict=False):
        ClaimLink.objects.create(claim=second, relation="repeats", target=first)
    for claim in claims:
        correct(claim, reason="Chiffre révisé.")
    with CaptureQueriesContext(connection) as queries:
        _, data = web_csv(client, "?all=1&layout=full")
    assert len(parse(data)) == Claim.objects.count()
    return len(queries)


def test_query_count_is_fixed_whatever_the_rows(client_for, viewer):
    client = client_for(viewer)
    assert full_queries(client, 1) == full_queries(client, 6)
