"""The claims list: filters, sort, pages, search, htmx partial, bulk actions by role, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, TagFactory, UserFactory
from tests.reviewed import REVIEWED_AT, musk_article, reviewed_claim


def ids(response):
    return [claim.pk for claim in response.context["claims"]]


@pytest.fixture
def desk(db):
    """Three claims: one reviewed (Musk), one new (White House, tagged), one in another article."""
    musk = reviewed_claim()
    white_house = ClaimFactory(
        article=musk.article,
        quote="promotion abjecte de la haine antisémite et raciste",
        speaker=SpeakerFactory(name="Maison Blanche"),
        claimed_on=datetime.date(2023, 11, 28),
        claimed_precision="day",
    )
    white_house.tags.set([TagFactory(name="États-Unis")])
    other = ClaimFactory(speaker=SpeakerFactory(name="Zoé Zèbre"))
    return {"musk": musk, "white_house": white_house, "other": other}


def test_list_shows_every_claim_newest_first(client_for, viewer, desk):
    response = client_for(viewer).get("/claims/")
    assert response.status_code == 200
    assert ids(response) == [desk["other"].pk, desk["white_house"].pk, desk["musk"].pk]
    assert "Tu as dit l’exacte vérité" in response.text


def test_each_filter(client_for, viewer, desk):
    client = client_for(viewer)
    musk, white_house, other = desk["musk"], desk["white_house"], desk["other"]
    tag = white_house.tags.get()
    cases = {
        "status=reviewed": [musk.pk],
        "status=new&status=reviewed": [other.pk, white_house.pk, musk.pk],
        "rating=false": [musk.pk],
        "rating=true": [],
        f"speaker={white_house.speaker_id}": [white_house.pk],
        f"article={other.article_id}": [other.pk],
        f"tag={tag.pk}": [white_house.pk],
        "claimed_after=2023-11-20": [white_house.pk],
        "claimed_before=2023-11-20": [musk.pk],
        "reviewed_after=2023-11-28&reviewed_before=2023-11-28": [musk.pk],
        "reviewed_after=2023-11-29": [],
        "assignee=null": [other.pk, white_house.pk, musk.pk],
    }
    for query, expected in cases.items():
        assert ids(client.get(f"/claims/?{query}")) == expected, query


def test_assignee_filter(client_for, viewer, editor, desk):
    Claim.objects.filter(pk=desk["other"].pk).update(assignee=editor)
    client = client_for(viewer)
    assert ids(client.get(f"/claims/?assignee={editor.pk}")) == [desk["other"].pk]
    assert desk["other"].pk not in ids(client.get("/claims/?assignee=null"))


def test_sorting_by_each_column_both_ways(client_for, viewer, desk):
    client = client_for(viewer)
    musk, white_house, other = desk["musk"].pk, desk["white_house"].pk, desk["other"].pk
    expectations = {
        "id": [musk, white_house, other],
        "speaker": [musk, white_house, other],  # Elon Musk, Maison Blanche, Zoé Zèbre
        "claimed": [musk, white_house, other],
        "status": [other, white_house, musk],  # new, new, reviewed (ties: newest first)
        "rating": None,
        "assignee": None,
        "quote": None,
        "article": None,
        "reviewed": None,
    }
    for key, expected in expectations.items():
        ascending = client.get(f"/claims/?sort={key}")
        descending = client.get(f"/claims/?sort=-{key}")
        assert ascending.status_code == descending.status_code == 200
        assert sorted(ids(ascending)) == [musk, white_house, other]
        if expected is not None:
            assert ids(ascending) == expected, key
        if key in ("id", "speaker"):
            assert ids(descending) == expected[::-1], key


def test_sort_links_toggle_and_keep_filters(client_for, viewer, desk):
    response = client_for(viewer).get("/claims/?status=new&sort=speaker")
    assert 'href="?status=new&amp;sort=-speaker"' in response.text
    assert 'aria-sort="ascending"' in response.text


def test_pagination(client_for, viewer, db):
    article = ArticleFactory()
    for _ in range(55):
        ClaimFactory(article=article, speaker=None)
    client = client_for(viewer)
    first = client.get("/claims/")
    assert len(ids(first)) == 50
    assert 'href="?page=2"' in first.text
    second = client.get("/claims/?page=2")
    assert len(ids(second)) == 5
    assert not set(ids(first)) & set(ids(second))


def test_search_box(client_for, viewer, desk):
    client = client_for(viewer)
    assert ids(client.get("/claims/?q=exacte+verite")) == [desk["musk"].pk]
    assert ids(client.get("/claims/?q=MUSK")) == [desk["musk"].pk]
    assert ids(client.get("/claims/?q=zoe")) == [desk["other"].pk]


def test_htmx_request_gets_only_the_results(client_for, viewer, desk):
    response = client_for(viewer).get(
        "/claims/?status=new", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="listing-results"
    )
    assert "<html" not in response.text
    assert 'class="claim-table"' in response.text
    assert ids(response) == [desk["other"].pk, desk["white_house"].pk]


def test_export_button_carries_the_query_string(client_for, viewer, desk):
    response = client_for(viewer).get("/claims/?q=verite&status=reviewed&page=1")
    assert 'href="/claims/export.csv?q=verite&amp;status=reviewed&amp;all=1"' in response.text


def list_queries(client, count):
    article = musk_article(url=f"https://example.org/{count}")
    for index in range(count):
        reviewed_claim(
            article=article, quote="Elon Musk", speaker=f"Orateur {index}", tags=(f"t{index}",)
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/claims/?sort=rating")
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_fixed_whatever_the_rows(client_for, editor):
    client = client_for(editor)
    assert list_queries(client, 1) == list_queries(client, 8)


def test_viewer_sees_no_bulk_actions_and_cannot_post_them(client_for, viewer, editor, desk):
    client = client_for(viewer)
    assert 'name="action"' not in client.get("/claims/").text
    response = client.post(
        "/claims/bulk/",
        {"claims": [desk["white_house"].pk], "action": "assign", "assignee": editor.pk},
    )
    assert response.status_code == 403
    desk["white_house"].refresh_from_db()
    assert desk["white_house"].assignee is None


def test_editor_assigns_in_bulk(client_for, editor, other_editor, desk):
    client = client_for(editor)
    chosen = [desk["white_house"].pk, desk["other"].pk]
    response = client.post(
        "/claims/bulk/?status=new",
        {"claims": chosen, "action": "assign", "assignee": other_editor.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["bulk_report"] == {"done": 2, "refused": []}
    assert ids(response) == []  # none is new any more: the list keeps its filter
    for claim in Claim.objects.filter(pk__in=chosen):
        assert claim.assignee == other_editor
        assert claim.status == Claim.Status.IN_PROGRESS


def test_cannot_assign_to_a_viewer(client_for, editor, viewer, desk):
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [desk["other"].pk], "action": "assign", "assignee": viewer.pk},
    )
    assert response.status_code == 403


def test_status_changes_only_where_the_workflow_allows(client_for, reviewer, desk):
    client = client_for(reviewer)
    response = client.post(
        "/claims/bulk/",
        {
            "claims": [desk["musk"].pk, desk["other"].pk],
            "action": "status",
            "status": "not_checkable",
            "reason": "Une opinion, pas un fait.",
        },
        HTTP_HX_REQUEST="true",
    )
    report = response.context["bulk_report"]
    assert report["done"] == 1
    assert len(report["refused"]) == 1 and f"#{desk['musk'].pk}" in report["refused"][0]
    desk["musk"].refresh_from_db()
    desk["other"].refresh_from_db()
    assert desk["musk"].status == Claim.Status.REVIEWED
    assert desk["other"].status == Claim.Status.NOT_CHECKABLE
    assert desk["other"].not_checkable_reason == "Une opinion, pas un fait."


def test_cannot_set_reviewed_by_hand(client_for, editor, desk):
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [desk["other"].pk], "action": "status", "status": "reviewed"},
    )
    assert response.status_code == 302  # a plain POST redirects back to the list
    desk["other"].refresh_from_db()
    assert desk["other"].status == Claim.Status.NEW


def test_plain_post_redirects_to_the_same_list(client_for, editor, desk):
    response = client_for(editor).post(
        "/claims/bulk/?status=new&sort=speaker",
        {"claims": [desk["other"].pk], "action": "status", "status": "in_progress"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/claims/?status=new&sort=speaker"


def test_anonymous_is_sent_to_login(client_for, db):
    response = client_for(None).get("/claims/")
    assert response.status_code == 302


def test_reviewed_at_shows_as_a_date(client_for, viewer, desk):
    response = client_for(viewer).get("/claims/?status=reviewed")
    assert REVIEWED_AT.date().isoformat() in response.text
    assert UserFactory  # factories imported for fixtures above


def test_assign_menu_lists_who_can_check_claims(client_for, editor, viewer, reviewer, admin_user):
    menu = list(client_for(editor).get("/claims/").context["assignees"])
    assert set(menu) == {editor, reviewer, admin_user}


def test_article_filter_shows_the_article_and_a_way_out(client_for, viewer, desk):
    article = desk["other"].article
    response = client_for(viewer).get(f"/claims/?article={article.pk}&status=new")
    assert ids(response) == [desk["other"].pk]
    assert article.title in response.text
    assert 'href="?status=new"' in response.text  # the chip's ✕ drops the article filter
