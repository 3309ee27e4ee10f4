"""The XSS corpus typed into every field an editor fills, stored, and shown back in Chromium:
no script runs, no dialog opens, no request leaves for another host.

The page obeys no CSP here (the shared ``page`` bypasses it), so only the sanitizer and Django's
escaping stand between the vectors and the browser."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Article, Claim, Rating, Speaker, Verdict
from tests.factories import UserFactory
from tests.xss import xss_vectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def post_as(client, user, name, pk, data):
    client.force_login(user)
    response = client.post(reverse(name, args=[pk]), data, headers={"HX-Request": "true"})
    assert response.status_code == 200, (name, response.status_code)
    return response


def test_the_corpus_in_every_field_stays_inert(seeded, page, log_in, live_server, client):
    vectors = xss_vectors()
    everything = "\n".join(vectors)
    editor = UserFactory(username="edith", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer")
    article = Article.objects.get()
    # Titles, outlets, speakers, tags and quotes: stored as typed, escaped when shown.
    Article.objects.filter(pk=article.pk).update(title=vectors[0], outlet=vectors[1])
    speaker = Speaker.objects.create(name=vectors[2], description=vectors[3])
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    Claim.objects.filter(pk=claim.pk).update(speaker=speaker)
    claim.tags.create(name=vectors[4][:60])

    # Through the forms, as the browser posts them.
    post_as(client, editor, "claim_edit", claim.pk, {"claim_reviewed": everything})
    post_as(
        client,
        editor,
        "verdict_save",
        claim.pk,
        {
            "rating": Rating.objects.get(slug="false").pk,
            "summary": vectors[5][:300],
            "rationale": everything,
        },
    )
    verdict = Verdict.objects.get(claim=claim)
    for n, vector in enumerate(vectors[:20]):
        post_as(
            client,
            editor,
            "source_add",
            verdict.pk,
            {
                "url": f"https://example.org/{n}",
                "title": vector[:300],
                "publisher": vector[:200],
                "kind": "news",
                "excerpt": vector,
                "note": vector,
            },
        )
    workflow.submit(verdict, by=editor)
    post_as(client, reviewer, "verdict_send_back", verdict.pk, {"comment": everything})
    other = Claim.objects.exclude(pk=claim.pk).first()
    post_as(client, editor, "claim_not_checkable", other.pk, {"reason": vectors[6][:300]})
    verdict.refresh_from_db()
    assert "<script" not in verdict.rationale and "onerror" not in verdict.rationale

    dialogs, foreign, errors = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else foreign.append(request.url)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(editor, "/")
    for url in [
        reverse("claim_detail", args=[claim.pk]),
        article.get_absolute_url(),
        "/",
        "/articles/",
        "/claims/?all=1",
        reverse("claim_detail", args=[other.pk]),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.mouse.move(200, 300)  # hover handlers, had any survived
    page.goto(article.get_absolute_url())
    page.locator(f"#article-body mark[data-claim='{claim.pk}']").first.click()
    page.locator(f"#claim-panel .claim-panel[data-claim-id='{claim.pk}']").wait_for()
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert foreign == []
    assert page.evaluate("typeof window.xssRan") == "undefined"
