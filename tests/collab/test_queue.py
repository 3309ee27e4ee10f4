"""The desk's queue: a priority and a due date on claims, set from the panel and checked on the
server; my queue ordered by due date with the overdue first, on the dashboard and the claims
list; filters; the full CSV carries both."""

import datetime

import pytest
from django.urls import reverse

from factcheck.collab import queue
from factcheck.models import Claim
from factcheck.verdicts import history
from tests.exports.test_exporting import parse, web_csv
from tests.factories import ClaimFactory

P = Claim.Priority
TODAY = queue.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def my_claims(editor):
    """Five claims of mine in a jumbled order, and one of someone else's overdue."""
    made = {
        "later": ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS, due_on=days(9)),
        "undated": ClaimFactory(assignee=editor, priority=P.URGENT),
        "overdue": ClaimFactory(assignee=editor, due_on=days(-2), priority=P.LOW),
        "today_low": ClaimFactory(assignee=editor, due_on=TODAY, priority=P.LOW),
        "today_high": ClaimFactory(assignee=editor, due_on=TODAY, priority=P.HIGH),
        "done": ClaimFactory(assignee=editor, status=Claim.Status.REVIEWED, due_on=days(-5)),
    }
    ClaimFactory(due_on=days(-3))
    return made


def test_my_queue_is_due_first_overdue_at_the_top_then_the_most_pressing(editor, my_claims):
    names = {claim.pk: name for name, claim in my_claims.items()}
    order = [names[claim.pk] for claim in queue.queue_of(editor)]
    assert order == ["overdue", "today_high", "today_low", "later", "undated"]
    assert [c.overdue for c in queue.queue_of(editor)] == [True, False, False, False, False]


def test_the_dashboard_shows_my_queue_in_that_order(editor, my_claims, client_for):
    response = client_for(editor).get(reverse("dashboard"))
    shown = [claim.pk for claim in response.context["my_claims"]]
    assert shown == [
        my_claims[n].pk for n in ("overdue", "today_high", "today_low", "later", "undated")
    ]
    assert response.content.decode().count('class="overdue"') == 1


def test_the_claims_list_sorts_by_due_date_and_filters(editor, my_claims, client_for):
    client = client_for(editor)
    response = client.get(reverse("claim_list"), {"assignee": editor.pk, "sort": "due"})
    pks = [claim.pk for claim in response.context["claims"]]
    assert pks[:2] == [my_claims["done"].pk, my_claims["overdue"].pk]
    assert pks[-1] == my_claims["undated"].pk
    response = client.get(reverse("claim_list"), {"due": "overdue"})
    overdue = {claim.pk for claim in response.context["claims"]}
    assert my_claims["overdue"].pk in overdue and my_claims["done"].pk not in overdue
    assert len(overdue) == 2  # mine and the other person's; a reviewed claim is never late
    response = client.get(reverse("claim_list"), {"priority": [P.HIGH, P.URGENT]})
    assert {c.pk for c in response.context["claims"]} == {
        my_claims["today_high"].pk,
        my_claims["undated"].pk,
    }
    response = client.get(reverse("claim_list"), {"due": "week", "sort": "-priority"})
    assert [c.pk for c in response.context["claims"]][:1] == [my_claims["today_high"].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"due": "yesterday"},
        {"priority": "9"},
        {"priority": "🙂"},
        {"sort": "due;drop"},
        {"due": "é\u0301", "priority": "\u202e1"},
    ],
)
def test_junk_filters_never_fail(editor, my_claims, client_for, params):
    assert client_for(editor).get(reverse("claim_list"), params).status_code == 200


def test_setting_priority_and_due_date_from_the_panel(editor, client_for):
    claim = ClaimFactory()
    response = client_for(editor).post(
        reverse("claim_deadline", args=[claim.pk]),
        {"priority": str(P.HIGH), "due_on": days(3).isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f'id="claim-deadline-{claim.pk}"' in response.content.decode()
    claim.refresh_from_db()
    assert (claim.priority, claim.due_on) == (P.HIGH, days(3))
    change = history.claim_history(claim)[0]
    assert change.who == "edith" and {c.field for c in change.changes} == {"priority", "due on"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"priority": "7"}, "Select a valid choice"),
        ({"priority": "urgent"}, "Select a valid choice"),
        ({"due_on": "2023-13-01"}, "Enter a valid date"),
        ({"due_on": "1999-01-01"}, "A due date must fall between"),
        ({"due_on": "9999-12-31"}, "A due date must fall between"),
        ({"due_on": "🙂"}, "Enter a valid date"),
    ],
)
def test_a_bad_deadline_is_refused_and_changes_nothing(editor, client_for, data, message):
    claim = ClaimFactory(priority=P.LOW, due_on=days(1))
    response = client_for(editor).post(
        reverse("claim_deadline", args=[claim.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422 and message in response.content.decode()
    claim.refresh_from_db()
    assert (claim.priority, claim.due_on) == (P.LOW, days(1))


def test_clearing_the_deadline_and_a_viewer_refused(editor, viewer, client_for):
    claim = ClaimFactory(priority=P.LOW, due_on=days(1))
    url = reverse("claim_deadline", args=[claim.pk])
    assert client_for(viewer).post(url, {"priority": "4"}).status_code == 403
    response = client_for(editor).post(url, {"priority": "", "due_on": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.priority, claim.due_on) == (None, None)


def test_a_withdrawn_claim_takes_no_deadline(editor):
    claim = ClaimFactory(status=Claim.Status.WITHDRAWN, withdrawn_reason="doublon")
    with pytest.raises(queue.Conflict):
        queue.set_deadline(claim, by=editor, priority=P.HIGH, due_on=None)


def test_the_full_csv_carries_priority_and_due_date(editor, client_for, my_claims):
    client = client_for(editor)
    rows = {
        row["claim_id"]: row
        for row in parse(web_csv(client, f"?all=1&layout=full&assignee={editor.pk}")[1])
    }
    overdue = rows[str(my_claims["overdue"].pk)]
    assert (overdue["priority"], overdue["due_on"]) == ("low", days(-2).isoformat())
    assert (
        rows[str(my_claims["later"].pk)]["priority"],
        rows[str(my_claims["undated"].pk)]["due_on"],
    ) == ("", "")
    assert "priority" not in parse(web_csv(client, "?all=1")[1])[0]


def test_the_queue_in_french(editor, my_claims, client_for):
    client = client_for(editor)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("claim_detail", args=[my_claims["overdue"].pk])).content.decode()
    assert (
        "Priorité\u00a0: basse" in html and "en retard" in html and "Priorité et échéance" in html
    )
    html = client.get(reverse("claim_list"), {"sort": "due"}).content.decode()
    assert "Ma file" in html and "Échéance dans la semaine" in html
