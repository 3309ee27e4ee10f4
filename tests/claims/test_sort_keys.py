"""The claims' kept sort keys (rating order, approval time) stay equal to what their approved
verdict says through every path that moves it: the workflow's approval and correction, a bulk
update, a verdict deleted, a rating moved on the scale, a claim saved from a stale copy; and the
claims list sorts by them, deep pages included."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone

from factcheck import workflow
from factcheck.claims import sort_keys
from factcheck.claims.filters import ClaimFilter
from factcheck.core.paging import BoundedPaginator
from factcheck.models import Article, Claim, Rating, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def expected():
    keys = {}
    for claim in Claim.objects.select_related("speaker", "article", "assignee"):
        approved = claim.verdicts.filter(status=Verdict.Status.APPROVED).first()
        keys[claim.pk] = (
            (approved.rating.order if approved.rating else None, approved.reviewed_at)
            if approved
            else (None, None)
        ) + (
            claim.speaker.name if claim.speaker else None,
            claim.article.title,
            claim.assignee.username if claim.assignee else None,
        )
    return keys


def kept():
    return {
        row.pk: (
            row.rating_order,
            row.approved_at,
            row.speaker_name,
            row.article_title,
            row.assignee_name,
        )
        for row in Claim.objects.all()
    }


def check():
    assert kept() == expected()


def approved(claim, reviewer, rating_slug="false", by=None):
    verdict = workflow.save_verdict(
        claim,
        by=by,
        rating=Rating.objects.get(slug=rating_slug),
        summary="Faux 😬",
        rationale="<p>Les chiffres de l’Insee disent l’inverse.</p>",
    )
    for publisher in ("Insee", "Eurostat"):
        SourceFactory(verdict=verdict, publisher=publisher)
    workflow.submit(verdict, by=by)
    return workflow.approve(verdict, reviewer=reviewer)


def published(claim, **fields):
    """An approved verdict written straight to the table, as an import or the admin could."""
    fields.setdefault("reviewed_at", timezone.now())
    return VerdictFactory(
        claim=claim,
        status=Verdict.Status.APPROVED,
        author=UserFactory(username=f"autrice-{claim.pk}", role="editor"),
        reviewer=UserFactory(username=f"relecteur-{claim.pk}", role="reviewer"),
        **fields,
    )


def test_approval_and_correction_keep_the_keys(editor, other_editor, reviewer):
    article = ArticleFactory()
    claim = workflow.mark_claim(article=article, quote="mensonge", by=editor)
    check()
    assert kept()[claim.pk][:2] == (None, None)
    first = approved(claim, reviewer, by=other_editor)
    check()
    assert kept()[claim.pk][:2] == (Rating.objects.get(slug="false").order, first.reviewed_at)
    correction = workflow.start_correction(claim, by=other_editor, reason="Chiffres révisés.")
    check()  # the draft correction moves nothing: the approved verdict still stands
    workflow.save_verdict(
        claim,
        by=other_editor,
        rating=Rating.objects.get(slug="mostly-false"),
        summary="Plutôt faux.",
        rationale="<p>3 %.</p>",
    )
    workflow.submit(correction, by=other_editor)
    workflow.approve(correction, reviewer=reviewer)
    check()
    correction.refresh_from_db()
    assert kept()[claim.pk][:2] == (
        Rating.objects.get(slug="mostly-false").order,
        correction.reviewed_at,
    )


def test_a_claim_saved_from_a_stale_copy_keeps_its_keys(editor, reviewer):
    claim = workflow.mark_claim(article=ArticleFactory(), quote="chômage", by=editor)
    stale = Claim.objects.get(pk=claim.pk)  # loaded before the approval
    approved(claim, reviewer, by=editor)
    stale.save()  # writes every column, the old empty keys among them
    check()
    assert kept()[claim.pk][0] is not None


def test_bulk_updates_deleted_verdicts_and_a_reordered_scale_keep_the_keys():
    claims = [ClaimFactory() for _ in range(3)]
    false = Rating.objects.get(slug="false")
    for claim in claims:
        published(claim, rating=false)
    check()
    Verdict.objects.filter(claim=claims[0]).update(status=Verdict.Status.SUPERSEDED)
    check()
    # No page deletes published work; a repair by hand in SQL still keeps the keys true.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM factcheck_verdict WHERE claim_id = %s", [claims[1].pk])
    check()
    # Moving a rating on the scale re-sorts the claims it rates.
    top = Rating.objects.order_by("-order").first().order
    Rating.objects.filter(pk=false.pk).update(order=top + 1)
    check()
    assert kept()[claims[2].pk][0] == top + 1
    Claim.objects.update(quote=F("quote"))  # a bulk update of the claims themselves
    check()


def test_renaming_a_speaker_an_article_or_a_user_moves_their_claims(editor):
    claims = [ClaimFactory(assignee=editor) for _ in range(2)]
    check()
    speaker, article = claims[0].speaker, claims[0].article
    speaker.name = "Élise « la Vraie » Lucet 🦊"
    speaker.save()
    check()
    assert kept()[claims[0].pk][2] == "Élise « la Vraie » Lucet 🦊"
    Article.objects.filter(pk=article.pk).update(title="Ce qu’a dit la ministre")
    check()
    editor.username = "zoé"
    editor.save()
    check()
    assert {keys[4] for keys in kept().values()} == {"zoé"}
    # A claim moved to another speaker, or left without one, takes the new name or none.
    Claim.objects.filter(pk=claims[1].pk).update(speaker=None, assignee=None)
    check()
    assert kept()[claims[1].pk][2] is None
    stale = Claim.objects.get(pk=claims[0].pk)
    speaker.name = "Élise Lucet"
    speaker.save()
    stale.save()  # a copy loaded before the renaming writes its old name: read again
    check()


def test_refill_repairs_the_keys():
    claim = ClaimFactory()
    published(claim, rating=Rating.objects.get(slug="true"))
    Claim.objects.filter(pk=claim.pk).update(rating_order=None)  # trigger reads it back
    check()
    sort_keys.uninstall()
    try:
        Claim.objects.filter(pk=claim.pk).update(rating_order=99, approved_at=None)
        assert kept() != expected()
        sort_keys.refill()
        check()
    finally:
        sort_keys.install()
    check()


@pytest.mark.parametrize(
    "sort",
    [
        "rating",
        "-rating",
        "reviewed",
        "-reviewed",
        "claimed",
        "speaker",
        "-article",
        "assignee",
        "-due",
        "priority",
        "status",
    ],
)
def test_the_list_sorts_by_the_kept_keys_on_every_page(editor, sort):
    ratings = list(Rating.objects.order_by("order"))
    for index in range(7):
        dated = index % 3 != 0
        claim = ClaimFactory(
            claimed_on=f"2024-0{index % 4 + 1}-01" if dated else None,
            claimed_precision="day" if dated else "",
            assignee=editor if index % 2 else None,
            due_on=f"2025-0{index % 3 + 1}-15" if index % 4 else None,
            priority=index % 4 + 1,
        )
        if index % 2:
            published(
                claim,
                rating=ratings[index % len(ratings)],
                reviewed_at=timezone.now() - timedelta(days=index % 4),
            )
    ClaimFactory()  # neither rated nor reviewed: last either way
    field = {
        "rating": "rating_order",
        "reviewed": "approved_at",
        "claimed": "claimed_on",
        "speaker": "speaker__name",
        "article": "article__title",
        "assignee": "assignee__username",
        "due": "due_on",
        "priority": "priority",
        "status": "status",
    }[sort.lstrip("-")]
    descending = sort.startswith("-")
    rows = list(Claim.objects.values("pk", field))
    present = sorted(
        (row for row in rows if row[field] is not None),
        key=lambda row: (row[field], -row["pk"]) if not descending else (row[field], row["pk"]),
        reverse=descending,
    )
    missing = sorted((row for row in rows if row[field] is None), key=lambda row: -row["pk"])
    wanted = [row["pk"] for row in present + missing]

    # The list's filter and paginator, three rows a page: the ids of each page come from the
    # narrow query, then the shown rows of those ids.
    filterset = ClaimFilter({"sort": sort}, hide_archived=True)
    paginator = BoundedPaginator(filterset.qs.select_related("speaker"), 3, counted=filterset.qs)
    paged = []
    for number in paginator.page_range:
        paged += [claim.pk for claim in paginator.page(number).object_list]
    assert paged == wanted

    client = Client()
    client.force_login(editor)
    response = client.get("/claims/", {"sort": sort})
    assert [claim.pk for claim in response.context["claims"]] == wanted
