"""The dashboard: each role's sections, the counts and their links, a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Claim, Rating, Verdict
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def dashboard(client_for, user):
    client = client_for(user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def submitted(author, **claim):
    return VerdictFactory(
        author=author,
        status=Verdict.Status.SUBMITTED,
        submitted_at=timezone.now(),
        claim=ClaimFactory(status=Claim.Status.IN_REVIEW, **claim),
    )


def approved(author, reviewer, rating="false"):
    return VerdictFactory(
        author=author,
        reviewer=reviewer,
        status=Verdict.Status.APPROVED,
        reviewed_at=timezone.now(),
        rating=Rating.objects.get(slug=rating),
        claim=ClaimFactory(status=Claim.Status.REVIEWED),
    )


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "sees_mine", "sees_review"),
    [
        ("viewer", False, False),
        ("editor", True, False),
        ("reviewer", True, True),
        ("admin_user", True, True),
    ],
)
def test_sections_by_role(request, client_for, role, sees_mine, sees_review):
    html = dashboard(client_for, request.getfixturevalue(role)).content.decode()
    assert "Claims by status" in html and "Reviewed claims by rating" in html
    assert "Recently reviewed" in html
    assert ("My claims to check" in html) is sees_mine
    assert ("Waiting for my review" in html) is sees_review


def test_counts_by_status_link_to_the_claims_list(client_for, editor):
    ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS)
    ClaimFactory(status=Claim.Status.IN_PROGRESS)
    ClaimFactory(status=Claim.Status.NEW)
    response = dashboard(client_for, editor)
    rows = {row.status: (row.mine, row.total) for row in response.context["status_counts"]}
    assert rows[Claim.Status.IN_PROGRESS] == (1, 2)
    assert rows[Claim.Status.NEW] == (0, 1)
    assert rows[Claim.Status.REVIEWED] == (0, 0)
    html = response.content.decode()
    assert '<a href="/claims/?status=in_progress">2</a>' in html
    assert f'<a href="/claims/?status=in_progress&amp;assignee={editor.pk}">1</a>' in html


def test_counts_by_rating_count_only_current_approved_verdicts(client_for, editor, reviewer):
    approved(editor, reviewer, "false")
    approved(editor, reviewer, "false")
    old = approved(editor, reviewer, "true")
    Verdict.objects.filter(pk=old.pk).update(status=Verdict.Status.SUPERSEDED)
    submitted(editor)  # its rating is not a finding yet
    response = dashboard(client_for, editor)
    counts = {rating.slug: rating.reviewed for rating in response.context["rating_counts"]}
    assert counts["false"] == 2 and counts["true"] == 0
    assert len(counts) == Rating.objects.count()  # the whole scale, zeros included
    assert '<a href="/claims/?rating=false">2</a>' in response.content.decode()


def test_my_claims_lists_what_i_must_check_and_what_was_sent_back(client_for, editor, reviewer):
    mine = ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS)
    ClaimFactory(assignee=reviewer, status=Claim.Status.IN_PROGRESS)
    ClaimFactory(assignee=editor, status=Claim.Status.REVIEWED)
    VerdictFactory(
        author=editor,
        reviewer=reviewer,
        status=Verdict.Status.SENT_BACK,
        review_comment="Citez l’Insee, pas un tweet.",
        claim=ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS),
    )
    response = dashboard(client_for, editor)
    assert len(response.context["my_claims"]) == 2
    assert mine in response.context["my_claims"]
    assert "Citez l’Insee, pas un tweet." in response.content.decode()


def test_waiting_for_review_leaves_out_my_own_verdicts(client_for, editor, reviewer):
    theirs = submitted(editor)
    submitted(reviewer)
    response = dashboard(client_for, reviewer)
    assert list(response.context["waiting"]) == [theirs]
    assert response.context["waiting_count"] == 1
    assert "by edith" in response.content.decode()


def test_recently_reviewed_shows_the_reviewer(client_for, viewer, editor, reviewer):
    approved(editor, reviewer)
    html = dashboard(client_for, viewer).content.decode()
    assert "approved by remi on" in html
    assert "Le chômage a baissé de 10 % l’an dernier." in html


def many_claims(editor, reviewer, count=200):
    """``count`` claims over five articles, in every status, with verdicts where they belong."""
    articles = [ArticleFactory() for _ in range(5)]
    false = Rating.objects.get(slug="false")
    statuses = list(Claim.Status)
    for n in range(count):
        status = statuses[n % len(statuses)]
        claim = ClaimFactory(
            article=articles[n % 5],
            status=status,
            assignee=editor if n % 2 else reviewer,
            not_checkable_reason="opinion" if status == Claim.Status.NOT_CHECKABLE else "",
            withdrawn_reason="doublon" if status == Claim.Status.WITHDRAWN else "",
        )
        if status == Claim.Status.IN_REVIEW:
            Verdict.objects.create(
                claim=claim,
                author=editor,
                rating=false,
                status=Verdict.Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
        elif status == Claim.Status.REVIEWED:
            Verdict.objects.create(
                claim=claim,
                author=editor,
                reviewer=reviewer,
                rating=false,
                status=Verdict.Status.APPROVED,
                reviewed_at=timezone.now(),
            )
        elif n % 10 == 1:
            Verdict.objects.create(
                claim=claim,
                author=editor,
                reviewer=reviewer,
                rating=false,
                status=Verdict.Status.SENT_BACK,
                review_comment="Encore.",
            )


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer", "admin_user"])
def test_query_count_is_fixed_with_200_claims(
    request, client_for, editor, reviewer, role, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(13) as few:  # 12, and the header’s unread count
        client.get(reverse("dashboard"))
    few_queries = len(few)
    many_claims(editor, reviewer)
    with django_assert_max_num_queries(few_queries) as many:
        response = client.get(reverse("dashboard"))
    assert len(many) == few_queries
    assert sum(row.total for row in response.context["status_counts"]) == 200
