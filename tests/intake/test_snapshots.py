"""The desk's copy of each source, fetched in the background by the task queue: a real worker
(django-tasks' database backend, ``db_worker --batch``) against the local web server."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from factcheck.models import EvidenceRule, Snapshot, Source
from factcheck.verdicts import evidence, sources
from tests.factories import SourceFactory, UserFactory, VerdictFactory

# The worker reads what the request committed: real transactions, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def author(db):
    return UserFactory(username="auteur", role="editor")


@pytest.fixture
def draft(author):
    return VerdictFactory(author=author)


def add(draft, author, url, title="Rapport"):
    with transaction.atomic():
        return sources.add_source(draft, by=author, url=url, title=title, kind="news")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_source_is_fetched_by_the_worker(web, draft, author):
    source = add(draft, author, web.url("/en-news.html"))
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.state == Snapshot.State.PENDING
    # The task waits in the database for a worker: nothing was fetched in the request.
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    snapshot.refresh_from_db()
    assert snapshot.state == Snapshot.State.DONE
    assert snapshot.final_url == web.url("/en-news.html")
    assert snapshot.status_code == 200 and snapshot.content_type == "text/html"
    assert snapshot.text.startswith("The harbour bridge reopened")
    assert bytes(snapshot.raw).startswith(b"<!DOCTYPE html>")
    assert len(snapshot.sha256) == 64 and snapshot.fetched_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    client = logged_in(author)
    panel = client.get(reverse("claim_detail", args=[draft.claim_id])).content.decode()
    assert "Desk copy of" in panel
    assert reverse("snapshot_detail", args=[snapshot.pk]) in panel
    kept = client.get(reverse("snapshot_detail", args=[snapshot.pk])).content.decode()
    assert "The harbour bridge reopened" in kept and snapshot.sha256 in kept
    raw = client.get(reverse("snapshot_raw", args=[snapshot.pk]))
    assert raw["Content-Type"] == "application/octet-stream"
    assert raw["Content-Disposition"].startswith("attachment")
    assert raw.content == bytes(snapshot.raw)


def test_the_panel_polls_while_the_copy_is_on_its_way(web, draft, author):
    source = add(draft, author, web.url("/fr-news.html"))
    client = logged_in(author)
    waiting = client.get(reverse("source_snapshot", args=[source.pk])).content.decode()
    assert "Keeping a copy of the page…" in waiting and "hx-trigger" in waiting
    run_worker()
    landed = client.get(reverse("source_snapshot", args=[source.pk])).content.decode()
    assert "Desk copy of" in landed and "hx-trigger" not in landed


def test_a_refused_fetch_says_why_and_can_be_retried(web, draft, author):
    source = add(draft, author, web.url("/flaky/report"))
    run_worker()
    failed = Snapshot.objects.get(source=source)
    assert failed.state == Snapshot.State.FAILED
    assert failed.reason == "The server answered with HTTP status 503 instead of the page."
    assert failed.error_params == {"status": 503}

    client = logged_in(author)
    row = client.get(reverse("source_snapshot", args=[source.pk])).content.decode()
    assert "No copy kept:" in row and failed.reason in row and "Try again" in row

    retried = client.post(
        reverse("source_snapshot_retry", args=[source.pk]), HTTP_HX_REQUEST="true"
    )
    assert retried.status_code == 200 and "Keeping a copy of the page…" in retried.content.decode()
    # A second click while the fetch is on its way asks for nothing more.
    client.post(reverse("source_snapshot_retry", args=[source.pk]))
    assert Snapshot.objects.filter(source=source).count() == 2
    run_worker()
    assert Snapshot.objects.filter(source=source).first().state == Snapshot.State.DONE
    # The failed attempt stays, as what happened.
    assert Snapshot.objects.filter(source=source, state="failed").count() == 1


def test_a_viewer_may_not_retry(web, draft, author):
    source = add(draft, author, web.url("/to-loopback"))
    run_worker()
    assert "private, local or reserved" in Snapshot.objects.get(source=source).reason
    viewer = UserFactory(username="vera", role="viewer")
    assert (
        logged_in(viewer).post(reverse("source_snapshot_retry", args=[source.pk])).status_code
        == 403
    )
    assert Snapshot.objects.filter(source=source).count() == 1


def test_changing_the_address_asks_for_a_new_copy(web, draft, author):
    source = add(draft, author, web.url("/en-news.html"))
    with transaction.atomic():
        sources.update_source(
            source, by=author, expected=source.version, url=web.url("/fr-news.html")
        )
    with transaction.atomic():
        sources.update_source(source, by=author, expected=None, title="Autre titre")
    assert list(Snapshot.objects.filter(source=source).values_list("url", flat=True)) == [
        web.url("/fr-news.html"),
        web.url("/en-news.html"),
    ]


def test_a_kept_copy_counts_as_an_archive_for_the_evidence_rule(web, draft, author):
    EvidenceRule.objects.update_or_create(
        rating=None, defaults={"min_sources": 1, "require_archive": True}
    )
    add(draft, author, web.url("/en-news.html"), title="Le rapport")
    missing = evidence.missing_evidence(draft)
    assert missing == ["Each source needs an archived copy; this one has none: “Le rapport”."]
    run_worker()
    assert evidence.missing_evidence(draft) == []


def test_a_failed_copy_does_not_count(web, draft, author):
    EvidenceRule.objects.update_or_create(
        rating=None, defaults={"min_sources": 1, "require_archive": True}
    )
    add(draft, author, web.url("/missing"))
    run_worker()
    assert len(evidence.missing_evidence(draft)) == 1


def test_the_panel_reads_snapshots_in_a_fixed_number_of_queries(web, draft, author):
    client = logged_in(author)
    url = reverse("claim_detail", args=[draft.claim_id])
    SourceFactory(verdict=draft, url=web.url("/en-news.html"))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for path in ("/fr-news.html", "/paywall.html", "/missing"):
        SourceFactory(verdict=draft, url=web.url(path))
    run_worker()
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)
    assert Source.objects.filter(verdict=draft).count() == 4


def test_a_failure_is_shown_in_each_readers_language(web, draft, author):
    source = add(draft, author, web.url("/missing"))
    run_worker()
    client = logged_in(author)
    client.cookies["django_language"] = "fr"
    row = client.get(reverse("source_snapshot", args=[source.pk])).content.decode()
    assert "Le serveur a répondu par le statut HTTP 404 au lieu de la page." in row
    assert "Réessayer" in row
