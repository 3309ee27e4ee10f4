"""Kept page fragments (core/kept.py): the claims list's and the article page's fragments are
served from the cache until a write to a table they show, and never to the wrong reader.

These tests run in real transactions (each write commits, as in production): inside a test's
own transaction nothing is kept."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck import workflow
from factcheck.core import kept
from factcheck.models import ArticleVersion, Claim, ClaimNote, Notification, Rating
from tests.factories import (
    ClaimFactory,
    SpeakerFactory,
    TagFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def client_of(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def claim_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "factcheck_claim" in q["sql"]]


WRITES = {
    "factcheck_claim": lambda: ClaimFactory(),
    "factcheck_claim_tags": lambda claim: claim.tags.add(TagFactory(name="santé")),
    "factcheck_verdict": lambda claim: VerdictFactory(claim=claim),
    "factcheck_article": lambda claim: (
        type(claim.article)
        .objects.filter(pk=claim.article_id)
        .update(title="Réforme « des retraites »")
    ),
    "factcheck_articleversion": lambda claim: ArticleVersion.objects.filter(
        article=claim.article
    ).delete(),
    "factcheck_speaker": lambda claim: SpeakerFactory(name="Zoé 🎉"),
    "factcheck_tag": lambda claim: TagFactory(name="économie"),
    "factcheck_rating": lambda claim: Rating.objects.filter(slug="false").update(colour="#aa0000"),
    "auth_user": lambda claim: UserFactory(username="nouvelle"),
    "auth_user_groups": lambda claim: UserFactory(username="rédactrice", role="editor"),
    "auth_user_user_permissions": lambda claim: UserFactory(username="autre").user_permissions.add(
        Permission.objects.get(codename="change_claim")
    ),
    "auth_group_permissions": lambda claim: Group.objects.get(name="viewer").permissions.add(
        Permission.objects.get(codename="add_claimnote")
    ),
    "factcheck_notification": lambda claim: Notification.objects.create(
        recipient=get_user_model().objects.first(), kind="assigned", claim=claim
    ),
}


def test_a_write_to_any_table_a_fragment_shows_moves_the_generation(db):
    assert set(WRITES) == set(kept.SHOWN_TABLES)
    before = kept.generation()
    claim = WRITES["factcheck_claim"]()
    assert kept.generation() > before
    for table, write in list(WRITES.items())[1:]:
        before = kept.generation()
        write(claim)
        assert kept.generation() > before, table


def test_a_write_elsewhere_leaves_the_generation(editor):
    claim = ClaimFactory()
    client = client_of(editor)  # a login writes the user's last login: before the count
    before = kept.generation()
    client.get("/claims/")  # a session, a page read
    ClaimNote.objects.create(claim=claim, author=editor, body="<p>À revoir</p>")
    assert kept.generation() == before


def test_the_claims_list_is_served_kept_until_a_claim_changes(editor):
    claim = ClaimFactory(quote="Le chômage a baissé de 10 % l’an dernier.")
    client = client_of(editor)
    assert "Le chômage a baissé" in client.get("/claims/").text
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/claims/")
    assert again.status_code == 200 and "Le chômage a baissé" in again.text
    assert claim_queries(queries) == []
    # A write by any path (here an UPDATE the ORM's models never see) shows at once.
    Claim.objects.filter(pk=claim.pk).update(quote="Le chômage a « doublé » 🎉")
    assert "Le chômage a « doublé » 🎉" in client.get("/claims/").text
    workflow.assign(Claim.objects.get(pk=claim.pk), assignee=editor, by=editor)
    with CaptureQueriesContext(connection) as queries:
        shown = client.get("/claims/")
    assert claim_queries(queries) != []
    assert editor.username in shown.text


def test_the_htmx_partial_and_the_whole_page_are_kept_apart(editor):
    ClaimFactory()
    client = client_of(editor)
    partial = client.get("/claims/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="listing-results")
    page = client.get("/claims/")
    assert "<html" not in partial.text and "<html" in page.text
    assert 'id="claim-filters"' in page.text and 'id="claim-filters"' not in partial.text


def test_what_a_reader_may_do_is_never_served_to_another(editor, viewer):
    ClaimFactory()
    # Both logged in first: a login writes the user's row, which moves the generation.
    editors, viewers = client_of(editor), client_of(viewer)
    assert "bulk-actions" in editors.get("/claims/").text
    assert "bulk-actions" not in viewers.get("/claims/").text
    assert "bulk-actions" in editors.get("/claims/").text


def bulk_form_token(html: str) -> str:
    bulk_form = html[html.index('id="bulk-form"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', bulk_form).group(1)


def test_each_reader_gets_a_token_of_their_own_in_a_kept_form(editor, other_editor):
    claim = ClaimFactory()
    first = client_of(editor, enforce_csrf_checks=True)
    second = client_of(other_editor, enforce_csrf_checks=True)
    first_page = first.get("/claims/").text
    with CaptureQueriesContext(connection) as queries:
        second_page = second.get("/claims/").text
    assert claim_queries(queries) == []  # the first editor's fragment, kept
    assert kept.CSRF_PLACEHOLDER not in first_page + second_page
    token = bulk_form_token(second_page)
    # The kept bulk form's token is the second editor's own: their post goes through.
    answer = second.post(
        "/claims/bulk/",
        {
            "csrfmiddlewaretoken": token,
            "claims": [claim.pk],
            "action": "assign",
            "assignee": other_editor.pk,
        },
    )
    assert answer.status_code in (200, 302)
    assert Claim.objects.get(pk=claim.pk).assignee == other_editor
    # The first editor's token was not handed out: it does not pass for the second.
    refused = second.post(
        "/claims/bulk/",
        {"csrfmiddlewaretoken": "x" * 64, "claims": [claim.pk], "action": "assign"},
    )
    assert refused.status_code == 403


def test_each_language_is_kept_apart(editor):
    ClaimFactory()
    client = client_of(editor)
    english = client.get("/claims/", HTTP_ACCEPT_LANGUAGE="en").text
    french = client.get("/claims/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Export CSV" in english and "Export CSV" not in french
    assert "Exporter" in french


def test_a_fragment_rendered_in_a_transaction_that_rolled_back_is_not_kept(editor):
    ClaimFactory()
    client = client_of(editor)
    client.get("/claims/")

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        ClaimFactory(quote="L’opposition répond qu’il n’en est rien")
        assert "L’opposition répond" in client.get("/claims/").text
        raise Undone
    # Another write reaches the generation the undone one had reached.
    ClaimFactory(quote="parle d’un « mensonge éhonté »")
    shown = client.get("/claims/").text
    assert "mensonge éhonté" in shown
    assert "L’opposition répond" not in shown


def test_the_article_page_keeps_its_body_until_a_claim_changes(editor):
    claim = ClaimFactory()
    client = client_of(editor)
    page = reverse("article_detail", args=[claim.article_id])
    assert f'data-claim-id="{claim.pk}"' in client.get(page).text
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page)
    assert f'data-claim-id="{claim.pk}"' in again.text
    assert not [q for q in queries.captured_queries if '"factcheck_article"."body"' in q["sql"]]
    VerdictFactory(claim=claim)
    assert "rated-false" in client.get(page).text
    body = reverse("article_body", args=[claim.article_id])
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.WITHDRAWN, withdrawn_reason="x")
    assert "claim-withdrawn" in client.get(body).text

    # The article's row (its title, its dates) is kept with the page, and follows a write.
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    assert not [q for q in queries.captured_queries if "factcheck_article" in q["sql"]]
    type(claim.article).objects.filter(pk=claim.article_id).update(title="Réforme « 2 » 🎉")
    assert "<title>Réforme « 2 » 🎉" in client.get(page).text.replace("&laquo;", "«")


def test_the_signed_in_user_is_read_once_until_their_row_changes(editor):
    client = client_of(editor)
    assert client.get("/claims/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/claims/").status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "auth_user"' in q["sql"]]
    # A name, a password, an account turned off: each holds from the next request.
    type(editor).objects.filter(pk=editor.pk).update(first_name="Zoé", last_name="Ødegård")
    assert "Zoé Ødegård" in client.get("/claims/").text
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    assert client.get("/claims/").status_code == 302
    editor.is_active = True
    editor.save(update_fields=["is_active"])
    client = client_of(editor)
    assert client.get("/claims/").status_code == 200
    editor.set_password("un autre mot de passe « sûr »")
    editor.save(update_fields=["password"])
    assert client.get("/claims/").status_code == 302


def test_the_header_s_unread_count_follows_notifications(editor, other_editor):
    claim = ClaimFactory()
    client = client_of(editor)
    assert 'data-role="unread-count"' not in client.get("/claims/").text
    workflow.assign(claim, assignee=editor, by=other_editor)
    assert 'data-role="unread-count">1<' in client.get("/claims/").text
    with CaptureQueriesContext(connection) as queries:
        client.get("/claims/")
    assert not [q for q in queries.captured_queries if "factcheck_notification" in q["sql"]]
    Notification.objects.filter(recipient=editor).update(read_at=timezone.now())
    assert 'data-role="unread-count"' not in client.get("/claims/").text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
def test_writers_never_wait_for_each_other_on_the_generation(db):
    claim = ClaimFactory()
    held, release = threading.Event(), threading.Event()

    def hold_a_write_open():
        try:
            with transaction.atomic():
                Claim.objects.filter(pk=claim.pk).update(priority=Claim.Priority.HIGH)
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_a_write_open)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            SpeakerFactory(name="Zoé")  # fails on the lock timeout if it waited
    finally:
        release.set()
        holder.join()
    assert kept.generation() >= 2


def test_a_restored_database_moves_past_every_generation_before_it(editor, tmp_path):
    claim = ClaimFactory(quote="Le chômage a baissé de 10 % l’an dernier.")
    client = client_of(editor)
    path = tmp_path / "backup.bin"
    call_command("backup_db", str(path), verbosity=0)
    for number in range(3):
        Claim.objects.filter(pk=claim.pk).update(claim_reviewed=f"Formulation {number}")
    Claim.objects.filter(pk=claim.pk).update(quote="Réécrit après la sauvegarde")
    before = kept.generation()
    assert "Réécrit après la sauvegarde" in client.get("/claims/").text

    call_command("restore_db", str(path), yes=True, verbosity=0)
    assert kept.generation() > before
    client.force_login(editor)
    assert "Le chômage a baissé" in client.get("/claims/").text


def test_a_change_of_role_or_permission_holds_from_the_next_request(editor):
    ClaimFactory()
    client = client_of(editor)
    assert "bulk-actions" in client.get("/claims/").text
    with CaptureQueriesContext(connection) as queries:
        client.get("/claims/")
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]

    editor.groups.set([Group.objects.get(name="viewer")])
    assert "bulk-actions" not in client.get("/claims/").text
    Group.objects.get(name="viewer").permissions.add(
        Permission.objects.get(codename="change_claim")
    )
    assert "bulk-actions" in client.get("/claims/").text
    editor.groups.clear()
    assert client.get("/claims/").status_code == 403
