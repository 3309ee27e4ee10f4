"""The XSS corpus in every field an editor types, shown back in Chromium on every page that
shows it, with the Content Security Policy enforced and with it bypassed: nothing runs, no
dialog opens, no request leaves for another host.

Each vector is armed first: its ``alert``/``confirm``/``prompt``/``print`` call becomes a call
to ``xssMark()``, which an init script defines to record the call, so a vector that runs is
seen even when it would open no dialog; dialogs (entity-encoded calls the rewrite cannot see)
and requests to other hosts are watched too. A probe at the start proves that the three
detectors fire. Vectors are packed many to a field, within each field's length, so that a few
dozen pages show all of them."""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from factcheck.core.sanitize import clean_html
from factcheck.models import Article, Claim, ClaimLink, Rating, Speaker, Tag, Verdict
from tests.browser.conftest import PASSWORD
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory
from tests.xss import xss_vectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKER = "xssMark"
INIT_SCRIPT = f"""
window.__xss = [];
window.{MARKER} = function (value) {{ window.__xss.push(String(value)); }};
"""
BODY = "Un fait vérifiable ici. Puis un second fait."
QUOTE = "Un fait vérifiable ici."
# Fields longer than 300 characters hold the corpus in a few slots; summaries need these many.
PANEL_SLOTS = 18


def armed(vector: str) -> str:
    return re.sub(r"\b(alert|confirm|prompt|print)\b", MARKER, vector, flags=re.IGNORECASE)


def pack(vectors: list[str], limit: int) -> list[str]:
    """The vectors joined by spaces into as few strings of at most ``limit`` characters as
    possible (a longer vector is cut)."""
    chunks, current = [], ""
    for vector in vectors:
        vector = vector[:limit]
        if current and len(current) + 1 + len(vector) > limit:
            chunks.append(current)
            current = vector
        else:
            current = f"{current} {vector}" if current else vector
    return [*chunks, current] if current else chunks


def build_desk(vectors: list[str]):
    """One slot an article, a speaker, a claim, its verdicts, sources, tags and a link; every
    editor-typed field holds its share of the vectors."""
    editor = UserFactory(username="edith", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer")
    rating = Rating.objects.get(slug="false")
    everything = " ".join(vectors)
    fields = {
        "title": pack(vectors, 300),
        "outlet": pack(vectors, 200),
        "name": pack(vectors, 200),
        "description": pack(vectors, 300),
        "tag": pack(vectors, 60),
        "claim_reviewed": pack(vectors, 1000),
        "summary": pack(vectors, 300),
        "rationale": pack(vectors, 1000),
        "source_title": pack(vectors, 300),
        "publisher": pack(vectors, 200),
        "excerpt": pack(vectors, 1000),
        "comment": pack(vectors, 1000),
        "reason": pack(vectors, 1000),
        "note": pack(vectors, 300),
    }
    slots = max(len(chunks) for key, chunks in fields.items() if key not in {"tag"})

    def share(key, slot):
        chunks = fields[key]
        return chunks[slot % len(chunks)]

    def spread(key, slot):
        return fields[key][slot::slots]

    claims = []
    for slot in range(slots):
        article = ArticleFactory(
            title=share("title", slot), outlet=share("outlet", slot), body=BODY
        )
        names = fields["name"]
        speaker = Speaker.objects.create(
            name=names[slot] if slot < len(names) else f"Orateur {slot}",
            description=share("description", slot),
            aliases="\n".join(vectors) if slot == 0 else "",
        )
        claim = ClaimFactory(
            article=article,
            quote=QUOTE,
            speaker=speaker,
            claim_reviewed=share("claim_reviewed", slot),
            status=Claim.Status.REVIEWED if slot % 2 else Claim.Status.IN_PROGRESS,
        )
        claim.tags.set([Tag.objects.get_or_create(name=name)[0] for name in spread("tag", slot)])
        rationale = clean_html(everything if slot == 0 else share("rationale", slot))
        common = {"claim": claim, "rating": rating, "author": editor, "rationale": rationale}
        if slot % 2:
            # Published, then corrected: the correction's reason is in the corrections log.
            first = Verdict.objects.create(
                **common,
                summary=share("summary", slot),
                status=Verdict.Status.SUPERSEDED,
                reviewer=reviewer,
                reviewed_at=datetime.datetime(2023, 11, 20, tzinfo=datetime.UTC),
            )
            verdict = Verdict.objects.create(
                **common,
                summary=share("summary", slot + 1),
                status=Verdict.Status.APPROVED,
                reviewer=reviewer,
                reviewed_at=datetime.datetime(2023, 11, 28, tzinfo=datetime.UTC),
                supersedes=first,
                correction_reason=share("reason", slot),
            )
        else:
            # Sent back to its author with the reviewer's comment.
            verdict = Verdict.objects.create(
                **common,
                summary=share("summary", slot),
                status=Verdict.Status.DRAFT,
                reviewer=reviewer,
                review_comment=share("comment", slot),
            )
        for number, title in enumerate(spread("source_title", slot) or [share("source_title", 0)]):
            SourceFactory(
                verdict=verdict,
                url=f"https://example.org/{slot}/{number}",
                title=title,
                publisher=share("publisher", slot + number),
                excerpt=share("excerpt", slot + number),
                note=share("excerpt", slot + number + 1),
            )
        claims.append(claim)
    for slot, claim in enumerate(claims):
        ClaimLink.objects.create(
            claim=claim,
            target=claims[(slot + 1) % len(claims)],
            relation=ClaimLink.Relation.CONTEXT_FOR,
            note=share("note", slot),
            created_by=editor,
        )
    return editor, claims


def pages_to_visit(claims) -> list[str]:
    """The lists show every title, outlet, speaker and tag; the claim pages (panel, sources,
    links, verdict history) the long fields, which fill fewer slots: the first ones."""
    urls = ["/", "/articles/", "/claims/?all=1", "/claims/?all=1&page=2", "/corrections/"]
    for prefix in ["<", "j", "'"]:
        urls.append(reverse("speaker_search") + f"?speaker_name={prefix}")
    for claim in claims[:PANEL_SLOTS]:
        urls.append(reverse("claim_detail", args=[claim.pk]))
    for claim in claims[:3]:
        urls.append(reverse("article_detail", args=[claim.article_id]))
        urls.append(reverse("claim_link_candidates", args=[claim.pk]) + "?find=a")
    return urls


class Watch:
    """What a page did that it must not: marker calls, dialogs, requests to other hosts."""

    def __init__(self, page, origin):
        self.page = page
        self.dialogs, self.foreign = [], []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(origin) or request.url.startswith(("data:", "blob:"))
                else self.foreign.append(request.url)
            ),
        )

    def marks(self) -> list[str]:
        try:
            return self.page.evaluate("window.__xss || []")
        except PlaywrightError as error:
            # The page navigated away by itself (a meta refresh, a location change): it ran.
            return [f"navigated to {self.page.url}: {error.message.splitlines()[0]}"]

    def reset(self):
        self.dialogs.clear()
        self.foreign.clear()
        self.page.evaluate("window.__xss = []")


def probe(watch: Watch):
    """The detectors fire: an injected handler, a dialog and a foreign fetch are all seen."""
    page = watch.page
    page.evaluate(
        f"document.body.insertAdjacentHTML('beforeend', '<img src=x onerror={MARKER}(1)>')"
    )
    page.wait_for_function("window.__xss.length > 0")
    page.evaluate("setTimeout(() => alert('probe'), 0)")
    page.wait_for_timeout(200)
    page.evaluate("fetch('http://xss.invalid/probe').catch(() => null)")
    page.wait_for_timeout(300)
    assert watch.marks() == ["1"]
    assert watch.dialogs == ["probe"]
    assert any("xss.invalid" in url for url in watch.foreign)
    watch.reset()


@pytest.mark.parametrize("csp", ["bypassed", "enforced"])
def test_the_corpus_in_every_field_stays_inert(browser, live_server, csp):
    vectors = [armed(vector) for vector in xss_vectors()]
    editor, claims = build_desk(vectors)
    assert Article.objects.count() == len(claims) >= PANEL_SLOTS
    assert len(pack(vectors, 300)) <= PANEL_SLOTS  # every summary is on a page visited

    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", bypass_csp=(csp == "bypassed")
    )
    context.set_default_timeout(15_000)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    try:
        watch = Watch(page, live_server.url)
        page.goto("/accounts/login/?next=/")
        page.fill("#id_username", editor.username)
        page.fill("#id_password", PASSWORD)
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/")
        if csp == "bypassed":
            page.goto("/accounts/login/")  # no vector on this page: a quiet place to probe
            probe(watch)
        seen = {}
        for url in pages_to_visit(claims):
            try:
                response = page.goto(url, wait_until="load")
            except PlaywrightError as error:
                # The previous page's vector navigated while this one loaded: it ran.
                seen[url] = ([error.message.splitlines()[0]], [], [])
                continue
            assert response.status < 400, url
            page.wait_for_timeout(50)  # timers and late handlers
            for x, y in [(200, 300), (600, 400), (900, 200)]:
                page.mouse.move(x, y)  # hover handlers, had any survived
            marks = watch.marks()
            if unquote(page.url) != live_server.url + url:
                marks.append(f"left for {page.url}")
            seen[url] = (marks, list(watch.dialogs), list(watch.foreign))
        ran = {url: what for url, what in seen.items() if any(what)}
        assert ran == {}, f"vectors ran (marks, dialogs, foreign requests): {ran}"
        # Every vector was shown somewhere: the panel of the first claim holds its rationale.
        page.goto(reverse("claim_detail", args=[claims[0].pk]))
        text = page.content()
        assert "xss.invalid" in text and MARKER in text
    finally:
        context.close()
