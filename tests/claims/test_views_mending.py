"""The mending pages and panel steps for every role: a claim's facts, withdrawing, an article's
details, the speakers pages. A refused write changes nothing; no input gives a 500."""

import datetime

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.articles.metadata import edited_at
from factcheck.models import Article, Claim, Speaker
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, VerdictFactory
from tests.htmx import HTMX

ROLES = ["viewer", "editor", "reviewer", "admin_user"]
WRITERS = ["editor", "reviewer", "admin_user"]
ODD = [
    "Maison Blanche 😀",
    "e\u0301lysée",
    "Présidence\u00a0israélienne\u202f!",
    "line\r\nbreak",
    "الرئاسة الإسرائيلية",
    "nul\x00byte",  # refused 400 by the request guard before any view reads it
    "x" * 400,
]

pytestmark = pytest.mark.django_db


def facts_post(claim, **extra):
    data = {
        "version": claim.version,
        "speaker_name": "",
        "speaker_kind": "person",
        "kind": claim.kind,
        "claimed": "",
        "tags": "",
    }
    data.update(extra)
    return data


def claim_row(claim):
    return Claim.objects.filter(pk=claim.pk).values().get()


@pytest.mark.parametrize("role", ROLES)
def test_facts_form_by_role(as_role, role):
    claim = ClaimFactory()
    before = claim_row(claim)
    client, _user = as_role(role)
    data = facts_post(
        claim, speaker_name="Maison Blanche", create_speaker="on", speaker_kind="organisation"
    )
    data |= {"kind": "reported", "claimed": "2023-11-17", "tags": "Israël, X"}
    response = client.post(reverse("claim_facts", args=[claim.pk]), data, **HTMX)
    if role == "viewer":
        assert response.status_code == 403
        assert claim_row(claim) == before and not Speaker.objects.filter(name="Maison Blanche")
        return
    assert response.status_code == 200
    assert response.templates[0].name == "factcheck/partials/_claim_facts.html"
    assert "claims-changed" in response.headers["HX-Trigger-After-Swap"]
    claim.refresh_from_db()
    assert claim.speaker.name == "Maison Blanche"
    assert claim.speaker.kind == Speaker.Kind.ORGANISATION
    assert (claim.kind, claim.claimed) == ("reported", "2023-11-17")
    assert sorted(t.name for t in claim.tags.all()) == ["Israël", "X"]


def test_a_stale_facts_form_keeps_what_was_typed(client_for, editor):
    claim = ClaimFactory()
    opened = claim.version
    workflow.edit_claim(claim, by=editor, claim_reviewed="Reformulée")
    before = claim_row(claim)
    response = client_for(editor).post(
        reverse("claim_facts", args=[claim.pk]),
        facts_post(claim, version=opened, tags="tapé à la main"),
        **HTMX,
    )
    assert response.status_code == 409
    assert "tapé à la main" in response.content.decode()
    assert claim_row(claim) == before


@pytest.mark.parametrize("text", ODD)
def test_no_facts_input_gives_a_500(client_for, editor, text):
    claim = ClaimFactory()
    for field in ("speaker_name", "claimed", "tags", "kind", "version", "speaker"):
        response = client_for(editor).post(
            reverse("claim_facts", args=[claim.pk]), facts_post(claim, **{field: text}), **HTMX
        )
        assert response.status_code in {200, 400, 409, 422}, (field, text)


def test_the_panel_explains_why_a_published_claim_offers_no_wording_form(
    client_for, editor, other_editor, reviewer
):
    verdict = VerdictFactory(author=other_editor, sourced=True)
    workflow.submit(verdict, by=other_editor)
    workflow.approve(verdict, reviewer=reviewer)
    claim = verdict.claim
    page = client_for(editor).get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    html = page.content.decode()
    assert 'data-action="save-claim"' not in html and 'data-action="save-facts"' not in html
    assert "change only through a correction that a reviewer approves" in html
    before = claim_row(claim)
    response = client_for(editor).post(
        reverse("claim_edit", args=[claim.pk]), {"claim_reviewed": "Zorglub mentait"}, **HTMX
    )
    assert response.status_code == 409
    assert claim_row(claim) == before
    # Its correction's author may propose, and the panel shows the proposal to everyone.
    workflow.start_correction(claim, by=editor, reason="Mauvaise attribution")
    client_for(editor).post(
        reverse("claim_edit", args=[claim.pk]), {"claim_reviewed": "Zorglub mentait"}, **HTMX
    )
    assert claim_row(claim)["claim_reviewed"] == before["claim_reviewed"]
    html = client_for(reviewer).get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    assert 'data-role="proposed-changes"' in html.content.decode()
    assert "Zorglub mentait" in html.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_and_restore_by_role(as_role, role):
    claim = ClaimFactory()
    client, _user = as_role(role)
    response = client.post(
        reverse("claim_withdraw", args=[claim.pk]), {"reason": "Marquée par erreur"}, **HTMX
    )
    claim.refresh_from_db()
    if role == "viewer":
        assert response.status_code == 403 and claim.status == Claim.Status.NEW
        return
    assert response.status_code == 200 and claim.status == Claim.Status.WITHDRAWN
    assert 'data-action="restore"' in response.content.decode()
    response = client.post(reverse("claim_restore", args=[claim.pk]), **HTMX)
    claim.refresh_from_db()
    assert response.status_code == 200 and claim.status == Claim.Status.NEW


def test_withdrawing_without_a_reason_is_a_form_error(client_for, editor):
    claim = ClaimFactory()
    response = client_for(editor).post(
        reverse("claim_withdraw", args=[claim.pk]), {"reason": "\u00a0"}, **HTMX
    )
    assert response.status_code in {409, 422}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_a_withdrawn_claim_is_listed_as_withdrawn_and_left_out_of_the_default_export(
    client_for, editor
):
    claim = ClaimFactory(claim_reviewed="Retirée")
    workflow.withdraw(claim, by=editor, reason="Doublon")
    listed = client_for(editor).get(reverse("claim_list"), {"status": "withdrawn"})
    assert listed.status_code == 200 and f"/claims/{claim.pk}/" in listed.content.decode()
    export = b"".join(client_for(editor).get(reverse("claim_export_csv")).streaming_content)
    assert "Retirée" not in export.decode()
    everything = client_for(editor).get(reverse("claim_export_csv"), {"all": "1"})
    assert ",withdrawn," in b"".join(everything.streaming_content).decode()
    body = client_for(editor).get(reverse("article_body", args=[claim.article_id]))
    assert "claim-withdrawn" in body.content.decode()


# ---- Article details ---------------------------------------------------------------------------


def article_post(article, **extra):
    data = {
        "version": edited_at(article),
        "title": "Musk en Israël",
        "outlet": "Le Quotidien",
        "url": "https://journal.example.fr/2023/11/musk",
        "published": "2023-11-27",
        "language": "fr",
    }
    data.update(extra)
    return data


def article_row(article):
    return Article.objects.filter(pk=article.pk).values().get()


@pytest.mark.parametrize("role", ROLES)
def test_article_details_by_role(as_role, role):
    article = ArticleFactory(published_on=datetime.date(2023, 11, 1), published_precision="month")
    before = article_row(article)
    client, user = as_role(role)
    page = client.get(reverse("article_edit", args=[article.pk]))
    response = client.post(reverse("article_edit", args=[article.pk]), article_post(article))
    if role == "viewer":
        assert page.status_code == 403 and response.status_code == 403
        assert article_row(article) == before
        return
    assert page.status_code == 200
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.published, article.published_precision) == (
        "Musk en Israël",
        "2023-11-27",
        "day",
    )
    assert article.body == before["body"]
    assert article.history.first().history_user == user


def test_a_stale_article_form_is_refused_with_what_was_typed(client_for, editor):
    article = ArticleFactory()
    opened = edited_at(article)
    client_for(editor).post(reverse("article_edit", args=[article.pk]), article_post(article))
    before = article_row(article)
    response = client_for(editor).post(
        reverse("article_edit", args=[article.pk]),
        article_post(article, version=opened, title="Mon titre à moi"),
    )
    assert response.status_code == 409
    assert "Mon titre à moi" in response.content.decode()
    assert article_row(article) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "javascript:alert(1)"),
        ("url", "ftp://example.org/x"),
        ("published", "2023-02-30"),
        ("published", "novembre"),
        ("title", "   "),
        ("language", "xx"),
        *[(field, text) for field in ("title", "outlet", "url", "published") for text in ODD],
    ],
)
def test_article_details_refuse_what_does_not_fit(client_for, editor, field, value):
    article = ArticleFactory()
    before = article_row(article)
    response = client_for(editor).post(
        reverse("article_edit", args=[article.pk]), article_post(article, **{field: value})
    )
    assert response.status_code in {302, 400, 422}
    if response.status_code != 302:
        assert article_row(article) == before


def test_an_article_cannot_take_another_ones_url(client_for, editor):
    ArticleFactory(url="https://journal.example.fr/2023/11/musk")
    article = ArticleFactory()
    response = client_for(editor).post(
        reverse("article_edit", args=[article.pk]), article_post(article)
    )
    assert response.status_code == 422 and "already exists" in response.content.decode()


# ---- Speakers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_speakers_are_listed_for_everyone_and_searched_by_alias(as_role, role):
    musk = SpeakerFactory(name="Elon Musk", aliases="@elonmusk")
    ClaimFactory(speaker=musk)
    SpeakerFactory(name="Maison Blanche")
    client, _user = as_role(role)
    response = client.get(reverse("speaker_list"), {"q": "elonmusk"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Elon Musk" in html and "Maison Blanche" not in html


@pytest.mark.parametrize("text", ODD)
def test_no_speaker_search_gives_a_500(client_for, viewer, text):
    assert client_for(viewer).get(
        reverse("speaker_list"), {"q": text, "page": text}
    ).status_code == (400 if "\x00" in text else 200)


@pytest.mark.parametrize("role", ROLES)
def test_speaker_edit_by_role(as_role, role):
    speaker = SpeakerFactory(name="Maison Blanche")
    client, user = as_role(role)
    page = client.get(reverse("speaker_detail", args=[speaker.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("speaker_detail", args=[speaker.pk]),
        {
            "kind": "organisation",
            "description": "La présidence américaine",
            "aliases": "White House\n\nwhite house\nWH",
        },
    )
    speaker.refresh_from_db()
    if role == "viewer":
        assert 'data-role="speaker-edit"' not in page.content.decode()
        assert response.status_code == 403 and speaker.kind == Speaker.Kind.PERSON
        return
    assert response.status_code == 302
    assert (speaker.kind, speaker.aliases) == ("organisation", "White House\nWH")
    assert speaker.history.first().history_user == user
    history = client.get(reverse("speaker_detail", args=[speaker.pk])).content.decode()
    assert "organisation" in history and user.username in history


@pytest.mark.parametrize("text", ODD)
def test_no_speaker_input_gives_a_500(client_for, editor, text):
    speaker = SpeakerFactory()
    for field in ("kind", "description", "aliases"):
        data = {"kind": "person", "description": "", "aliases": "", field: text}
        response = client_for(editor).post(reverse("speaker_detail", args=[speaker.pk]), data)
        assert response.status_code in {302, 400, 422}


def test_a_name_typed_over_the_picked_speaker_wins(client_for, editor):
    """Without JavaScript the hidden speaker id stays the old one; the typed name decides."""
    musk = SpeakerFactory(name="Elon Musk")
    white_house = SpeakerFactory(name="Maison Blanche")
    claim = ClaimFactory(speaker=musk)
    data = facts_post(claim, speaker=musk.pk, speaker_name="  maison   blanche ")
    response = client_for(editor).post(reverse("claim_facts", args=[claim.pk]), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.speaker == white_house


def test_an_unknown_name_without_create_is_refused(client_for, editor):
    claim = ClaimFactory()
    before = claim_row(claim)
    data = facts_post(claim, speaker_name="Personne inconnue")
    response = client_for(editor).post(reverse("claim_facts", args=[claim.pk]), data, **HTMX)
    assert response.status_code == 409 and "pick one from the list" in response.content.decode()
    assert claim_row(claim) == before and not Speaker.objects.filter(name="Personne inconnue")


def test_the_speakers_page_costs_the_same_for_3_or_60_speakers(client_for, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(viewer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("speaker_list")).status_code == 200
        return len(captured)

    for n in range(3):
        ClaimFactory(speaker=SpeakerFactory(name=f"Orateur {n}"))
    small = queries()
    for n in range(3, 60):
        ClaimFactory(speaker=SpeakerFactory(name=f"Orateur {n}"))
    assert queries() == small


@pytest.mark.parametrize("role", ROLES)
def test_the_article_page_offers_its_details_form_to_editors(as_role, role):
    article = ArticleFactory()
    client, _user = as_role(role)
    html = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert ('data-action="edit-article"' in html) is (role != "viewer")
