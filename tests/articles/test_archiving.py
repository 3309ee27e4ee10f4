"""Articles are archived, never deleted: hidden from the articles and claims lists by default,
shown by a filter, kept in exports and history, restored from the article page."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.articles import services as articles
from factcheck.models import Article
from tests.factories import ClaimFactory
from tests.reviewed import reviewed_claim

pytestmark = pytest.mark.django_db

TITLE = "Archivé : « l’exacte vérité » 🗄️"


@pytest.fixture
def archived(editor):
    claim = reviewed_claim(article=None)
    Article.objects.filter(pk=claim.article_id).update(title=TITLE)
    current = ClaimFactory(quote="Le chômage a baissé de 10 % l’an dernier.")
    articles.archive_article(claim.article, by=editor)
    return claim, current


def test_the_article_page_archives_and_restores(client_for, editor):
    claim = reviewed_claim()
    client = client_for(editor)
    page = client.get(reverse("article_detail", args=[claim.article_id])).content.decode()
    assert 'data-action="archive-article"' in page
    response = client.post(reverse("article_archive", args=[claim.article_id]))
    assert response.status_code == 302
    article = Article.objects.get(pk=claim.article_id)
    assert article.archived_at is not None and article.history.first().history_user == editor
    page = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert 'data-role="archived"' in page and 'data-action="restore-article"' in page
    assert client.post(reverse("article_restore", args=[article.pk])).status_code == 302
    article.refresh_from_db()
    assert article.archived_at is None
    assert article.claims.count() == 1


def test_a_viewer_neither_archives_nor_sees_the_button(client_for, viewer):
    claim = reviewed_claim()
    client = client_for(viewer)
    page = client.get(reverse("article_detail", args=[claim.article_id])).content.decode()
    assert 'data-action="archive-article"' not in page
    assert client.post(reverse("article_archive", args=[claim.article_id])).status_code == 403
    assert Article.objects.get(pk=claim.article_id).archived_at is None
    with pytest.raises(workflow.NotAllowed):
        articles.archive_article(claim.article, by=viewer)


def test_archived_articles_leave_the_lists_until_asked_for(client_for, viewer, archived):
    claim, current = archived
    client = client_for(viewer)
    listing = client.get(reverse("article_list")).content.decode()
    assert current.article.title in listing and TITLE not in listing
    listing = client.get(reverse("article_list"), {"archived": "1"}).content.decode()
    assert TITLE in listing and current.article.title not in listing

    claims = client.get(reverse("claim_list")).content.decode()
    assert f'href="/claims/{current.pk}/"' in claims
    assert f'href="/claims/{claim.pk}/"' not in claims
    claims = client.get(reverse("claim_list"), {"archived": "on"}).content.decode()
    assert f'href="/claims/{claim.pk}/"' in claims and f'href="/claims/{current.pk}/"' in claims


def export(client, **params):
    return b"".join(client.get(reverse("claim_export_csv"), params).streaming_content)


def test_archived_articles_stay_in_exports_and_history(client_for, viewer, archived):
    claim, current = archived
    client = client_for(viewer)
    # The reviewed claim is still published: in the default export and in ClaimReview.
    assert f"/claims/{claim.pk}/".encode() in export(client)
    reviews = b"".join(client.get(reverse("claimreview_list")).streaming_content).decode()
    assert f"/claims/{claim.pk}/" in reviews
    # The list's export button exports what the list shows, archived claims when ticked.
    listed = export(client, all="1")
    assert f"/claims/{current.pk}/".encode() in listed
    assert f"/claims/{claim.pk}/".encode() not in listed
    assert f"/claims/{claim.pk}/".encode() in export(client, all="1", archived="on")
    history = client_for(viewer).get(reverse("claim_detail", args=[claim.pk]))
    assert history.status_code == 200


def test_archiving_twice_or_restoring_a_current_article_changes_nothing(editor):
    claim = reviewed_claim()
    first = articles.archive_article(claim.article, by=editor).archived_at
    assert articles.archive_article(claim.article, by=editor).archived_at == first
    articles.restore_article(claim.article, by=editor)
    assert articles.restore_article(claim.article, by=editor).archived_at is None
