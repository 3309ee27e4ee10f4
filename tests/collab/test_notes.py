"""Notes on a claim: cleaned like rationales, mentions found, in the history, never exported,
written only by those the permission table allows."""

import pytest
from django.urls import reverse

from factcheck.collab import notes
from factcheck.models import ClaimFollow, ClaimNote, Notification
from factcheck.verdicts import history
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

TRICKY = "<p>👩🏽‍⚖️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u0301te\u0301\u00a0« guillemets » l’apostrophe\r\nעברית ومرحبا</p>"


@pytest.fixture
def claim(db):
    return ClaimFactory()


def test_a_note_keeps_every_character_and_loses_scripts(claim, editor):
    note = notes.write_note(
        claim, by=editor, body=TRICKY + '<script>alert(1)</script><a href="javascript:x">l</a>'
    )
    note.refresh_from_db()
    assert "<script" not in note.body and "javascript:" not in note.body
    for piece in ("👩🏽‍⚖️", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "e\u0301te\u0301", "\u00a0«", "l’apostrophe", "עברית ومرحبا"):
        assert piece in note.body


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Voir @remi.", ["remi"]),
        ("@Remi et @EDITH, regardez", ["Remi", "EDITH"]),
        ("écrire à remi@example.org", []),
        ("@remi @remi @REMI", ["remi"]),
        ("(@remi)", ["remi"]),
        ("@", []),
    ],
)
def test_mentioned_names(text, names):
    assert notes.mentioned_names(text) == names


def test_mentions_name_desk_people_only_and_never_the_writer(claim, editor, reviewer, db):
    inactive = UserFactory(username="gone", role="editor", is_active=False)
    note = notes.write_note(claim, by=editor, body="<p>@REMI @edith @gone @nobody, à vous</p>")
    assert list(note.mentions.all()) == [reviewer]
    assert inactive not in note.mentions.all()


@pytest.mark.parametrize("body", ["", "   ", "<p>\u00a0</p>", "<script>x</script>", "<br><br>"])
def test_an_empty_note_is_refused_and_nothing_is_saved(claim, editor, body):
    with pytest.raises(notes.InvalidNote):
        notes.write_note(claim, by=editor, body=body)
    assert not ClaimNote.objects.exists()


def test_a_viewer_cannot_write_a_note(claim, viewer):
    with pytest.raises(notes.NotAllowed):
        notes.write_note(claim, by=viewer, body="<p>hello</p>")
    assert not ClaimNote.objects.exists()


def test_a_note_is_in_the_claims_history_and_its_writer_follows_the_claim(claim, editor):
    notes.write_note(claim, by=editor, body="<p>Vu.</p>")
    newest = history.claim_history(claim)[0]
    assert (newest.who, newest.what) == ("edith", "wrote a note")
    assert ClaimFollow.objects.filter(claim=claim, user=editor).exists()


# --- Through the pages -------------------------------------------------------------------------


def test_the_panel_shows_notes_and_the_form_to_those_who_may_write(claim, editor, client_for):
    notes.write_note(claim, by=editor, body="<p>Première note ✅</p>")
    html = client_for(editor).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Première note ✅" in html and 'data-action="add-note"' in html


def test_a_viewer_reads_notes_without_the_form(claim, editor, viewer, client_for):
    notes.write_note(claim, by=editor, body="<p>Première note</p>")
    html = client_for(viewer).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Première note" in html and 'data-action="add-note"' not in html


def test_adding_a_note_with_htmx_answers_the_notes_and_the_history(
    claim, editor, reviewer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claim_note_add", args=[claim.pk]),
            {"body": "<div>@remi peux-tu relire ?</div>"},
            headers={"HX-Request": "true"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="claim-notes-{claim.pk}"' in html and "peux-tu relire" in html
    assert f'id="claim-history-{claim.pk}"' in html and "wrote a note" in html
    assert "remi" in response.headers["HX-Trigger-After-Settle"]
    assert Notification.objects.get().recipient == reviewer


def test_a_plain_post_redirects_to_the_claim(claim, editor, client_for):
    response = client_for(editor).post(
        reverse("claim_note_add", args=[claim.pk]), {"body": "<p>ok</p>"}
    )
    assert response.status_code == 302 and response.url == reverse("claim_detail", args=[claim.pk])


@pytest.mark.parametrize("body", ["", "<p> </p>", "x" * 300_000])
def test_a_bad_note_is_refused_with_the_text_kept(claim, editor, client_for, body):
    response = client_for(editor).post(
        reverse("claim_note_add", args=[claim.pk]), {"body": body}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    assert not ClaimNote.objects.exists()


def test_a_note_too_long_in_text_says_so(claim, editor, client_for):
    body = "<p>" + "é" * (notes.NOTE_MAX_CHARS + 1) + "</p>"
    response = client_for(editor).post(
        reverse("claim_note_add", args=[claim.pk]), {"body": body}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "at most 20000 characters" in response.content.decode()


def test_a_viewer_posting_a_note_is_refused(claim, viewer, client_for):
    response = client_for(viewer).post(
        reverse("claim_note_add", args=[claim.pk]), {"body": "<p>hi</p>"}
    )
    assert response.status_code == 403
    assert not ClaimNote.objects.exists()


def test_junk_in_every_parameter_never_fails(claim, editor, client_for):
    client = client_for(editor)
    assert (
        client.post(reverse("claim_note_add", args=[claim.pk]), {"body": "a\x00b"}).status_code
        == 400
    )
    assert client.get(reverse("mention_search"), {"q": "\x00"}).status_code == 400
    for junk in ["", "@", "%", "é\u0301", "🙂", "'; drop table", "x" * 5000, "\u202eevil"]:
        assert client.get(reverse("mention_search"), {"q": junk}).status_code == 200
        response = client.post(reverse("claim_follow", args=[claim.pk]), {"follow": junk})
        assert response.status_code == 302
    assert client.post(reverse("claim_note_add", args=[99999999])).status_code == 404


def test_the_mention_autocomplete_lists_people_by_the_start_of_their_name(
    editor, reviewer, viewer, client_for
):
    html = client_for(editor).get(reverse("mention_search"), {"q": "@RE"}).content.decode()
    assert 'data-username="remi"' in html and "edith" not in html
    html = client_for(editor).get(reverse("mention_search"), {"q": "zz"}).content.decode()
    assert "Nobody by that name." in html


def test_following_and_unfollowing_a_claim(claim, viewer, client_for):
    client = client_for(viewer)
    url = reverse("claim_follow", args=[claim.pk])
    response = client.post(url, {"follow": "on"}, headers={"HX-Request": "true"})
    assert 'data-action="unfollow"' in response.content.decode()
    assert ClaimFollow.objects.filter(claim=claim, user=viewer).exists()
    client.post(url, {"follow": "off"})
    assert not ClaimFollow.objects.filter(claim=claim, user=viewer).exists()


def test_notes_are_never_exported(editor, reviewer, client_for):
    verdict = VerdictFactory(author=editor, sourced=True)
    from factcheck import workflow

    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)
    notes.write_note(verdict.claim, by=editor, body="<p>SECRET-DESK-TALK</p>")
    client = client_for(reviewer)
    for url, params in [
        (reverse("claim_export_csv"), {"layout": "full"}),
        (reverse("claim_export_csv"), {}),
        (reverse("claimreview_list"), {}),
        (reverse("claimreview_detail", args=[verdict.claim.pk]), {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"SECRET-DESK-TALK" not in body
