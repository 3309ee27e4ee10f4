"""Pages that stay flat at a million claims: a fixed number of queries whatever the rows, no
count of the whole claims table, no DISTINCT, no wide column sorted."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reviewed import musk_article, reviewed_claim

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/claims/",
    "/claims/?status=reviewed&status=new",
    "/claims/?q=verite&sort=-reviewed",
    "/claims/?q=v%C3%A9rit%C3%A9",
    "/claims/?rating=false&sort=rating&page=2",
    "/claims/?sort=-claimed&page=99999",
]


ARTICLES = itertools.count()


def fill(count, offset=0):
    article = musk_article(url=f"https://example.org/{next(ARTICLES)}")
    for index in range(offset, offset + count):
        reviewed_claim(
            article=article, quote="Elon Musk", speaker=f"Orateur {index}", tags=(f"t{index}",)
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured]


def claim_counts(sqls):
    """The COUNTs that read the claims table with no LIMIT (a whole-table count)."""
    return [
        sql
        for sql in sqls
        if "COUNT(" in sql.upper() and '"factcheck_claim"' in sql and "LIMIT" not in sql.upper()
    ]


@pytest.mark.parametrize("url", LIST_URLS)
def test_claims_list_queries_are_fixed_bounded_and_narrow(client_for, editor, url):
    client = client_for(editor)
    fill(2)
    client.get(url)
    few = queries(client, url)
    fill(60, offset=2)  # more than a page
    many = queries(client, url)
    assert len(many) == len(few)
    assert not claim_counts(many)
    for sql in (sql for sql in many if '"factcheck_claim"' in sql):
        assert "DISTINCT" not in sql.upper(), sql
        assert "search_vector" not in sql.split(" FROM ")[0], sql  # never selected


def test_dashboard_counts_no_claim(client_for, editor, reviewer):
    client = client_for(reviewer)
    fill(3)
    client.get(reverse("dashboard"))
    few = queries(client, reverse("dashboard"))
    fill(30, offset=3)
    many = queries(client, reverse("dashboard"))
    assert len(many) == len(few)
    counts = [
        sql for sql in many if "COUNT(" in sql.upper() and "factcheck_notification" not in sql
    ]
    # The one count left is of the verdicts waiting for review (a handful, by status); the
    # header's unread notifications are counted on the person's own rows (an index).
    assert len(counts) == 1 and "submitted" in counts[0]


def test_admin_changelist_and_search_count_no_whole_table(client_for, admin_user):
    client = client_for(admin_user)
    fill(2)
    for url in ("/admin/factcheck/claim/", "/admin/factcheck/claim/?q=verite"):
        client.get(url)
        few = queries(client, url)
        fill(30, offset=100 + len(few))
        many = queries(client, url)
        assert len(many) == len(few), url
        assert not claim_counts(many), url


def test_admin_search_folds_accents_and_reads_the_index(client_for, admin_user):
    fill(1)
    client = client_for(admin_user)
    # The claim's article is « À Jérusalem, la visite qui fâche « l’opinion » ».
    for words in ("jerusalem", "JÉRUSALEM", "fache  l’opinion", "Jérusalem", "musk"):
        response = client.get("/admin/factcheck/claim/", {"q": words})
        assert len(response.context["cl"].result_list) == 1, words
    for junk in ("\u0000", "نعم ‏", "🦄🦄", "e\u0301\u00a0\r\n", "' OR 1=1 --"):
        response = client.get("/admin/factcheck/claim/", {"q": junk})
        assert response.status_code in (200, 400), junk
    if connection.vendor == "postgresql":
        sqls = queries(client, "/admin/factcheck/claim/?q=verite")
        assert any(re.search(r"search_vector.*@@", sql) for sql in sqls)


def test_corrections_page_counts_no_whole_table(client_for, editor):
    client = client_for(editor)
    fill(5)
    client.get(reverse("correction_list"))
    sqls = queries(client, reverse("correction_list"))
    counts = [sql for sql in sqls if "COUNT(" in sql.upper()]
    # Beside the corrections, only the header's unread notifications (the person's own rows).
    assert all(
        '"supersedes_id" IS NOT NULL' in sql or '"factcheck_notification"."recipient_id"' in sql
        for sql in counts
    )
