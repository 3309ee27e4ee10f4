"""A very long article is shown a part at a time: the page stays small, every part reachable,
claims highlighted in the part that holds them, and a part number from anywhere is harmless."""

import pytest
from django.urls import reverse

from factcheck.articles.views import reading as annotate
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

PARAGRAPHS = 100_000


@pytest.fixture
def long_article():
    body = "\n\n".join(f"Paragraphe {n} : « vérité » 🙂." for n in range(PARAGRAPHS))
    article = ArticleFactory(body=body)
    last = f"Paragraphe {PARAGRAPHS - 1} : « vérité »"
    return article, ClaimFactory(article=article, quote=last)


def test_a_long_article_renders_one_bounded_part(client_for, viewer, long_article):
    article, claim = long_article
    client = client_for(viewer)
    response = client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert len(response.content) < 2 * annotate.PART_CHARS + 200_000
    assert "Paragraphe 0 :" in page and f"Paragraphe {PARAGRAPHS - 2} :" not in page
    count = response.context["part_count"]
    assert count > 1 and f"Part 1 of {count}" in page and "?part=2" in page

    last = client.get(reverse("article_detail", args=[article.pk]), {"part": count})
    assert f'data-claim="{claim.pk}"' in last.content.decode()  # highlighted where it stands
    assert "Paragraphe 0 :" not in last.content.decode()
    body = client.get(reverse("article_body", args=[article.pk]), {"part": count})
    assert f'data-claim="{claim.pk}"' in body.content.decode()
    assert f"?part={count}" in body.content.decode()  # an htmx refresh stays on this part


@pytest.mark.parametrize("part", ["", "0", "-1", "abc", "²", "1e9", "99999999999999999999"])
def test_any_part_number_is_harmless(client_for, viewer, long_article, part):
    article, _ = long_article
    response = client_for(viewer).get(reverse("article_detail", args=[article.pk]), {"part": part})
    assert response.status_code == 200
    assert response.context["part"] in {1, response.context["part_count"]}


def test_a_short_article_is_one_part_without_links(client_for, viewer):
    article = ArticleFactory(body="Un paragraphe.\n\nUn autre.")
    response = client_for(viewer).get(reverse("article_detail", args=[article.pk]))
    assert response.context["part_count"] == 1
    assert "?part=" not in response.content.decode()
