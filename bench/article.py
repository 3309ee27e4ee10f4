"""Benchmark the article page and marking: the page of an article with 1,000 claims, finding a
word that occurs 20,000 times in a 2 MiB body, and marking a claim on a 2 MiB article that
already has 2,000 claims.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/article.py
    DEBUG=1 python bench/article.py            # SQLite in bench/bench.sqlite3

Pages and marking go through Django's whole stack (middleware, session, templates) for a
logged-in editor: 3 warm-up requests, then ``--repeat``. Every figure is printed next to its
reference measured in the same run (the login page for pages and marking; one C scan of the
body for find_quote): on a shared machine absolute figures swing with the load, the ratios
much less. Aims: article page under 60 ms, find_quote under 50 ms, marking under 150 ms.
The two articles (origin "bench-article") are made once and reused.
"""

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (sets Django up)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from factcheck.articles import anchoring  # noqa: E402
from factcheck.articles.body_versions import latest_number  # noqa: E402
from factcheck.articles.importing import parse_article  # noqa: E402
from factcheck.articles.services import create_article  # noqa: E402
from factcheck.models import Article, Claim  # noqa: E402

WORD = "chômage"
LARGE_BYTES = 2 * 1024 * 1024 - 64


def _paragraph(rng: random.Random, words: int) -> str:
    return common.sentence(rng, words) + "."


def _article(origin: str, body: str, claims: int, editor, rng: random.Random) -> Article:
    article = Article.objects.filter(origin=origin).first()
    if article is not None:
        return article
    with transaction.atomic():
        article = create_article(
            parsed=parse_article(body, title=f"Banc d’essai {origin}"),
            origin=origin,
            allow_duplicate_body=True,
        )
        body = article.body
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", body)]
        rows = []
        for number in range(claims):
            first = (number * len(words)) // claims + rng.randrange(0, 3)
            first = min(first, len(words) - 8)
            # One claim in five overlaps the one before: highlights nest and cross.
            last = first + rng.randrange(2, 12 if number % 5 else 30)
            start, end = words[first][0], words[min(last, len(words) - 1)][1]
            rows.append(
                Claim(
                    article=article,
                    quote=body[start:end],
                    start_offset=start,
                    end_offset=end,
                    prefix=body[max(0, start - anchoring.CONTEXT_LENGTH) : start],
                    suffix=body[end : end + anchoring.CONTEXT_LENGTH],
                    status=rng.choice([Claim.Status.NEW, Claim.Status.IN_PROGRESS]),
                    claim_reviewed=f"Affirmation {number} « banc »",
                    created_by=editor,
                )
            )
        Claim.objects.bulk_create(rows, batch_size=1000)
    return article


def bodies(rng: random.Random) -> tuple[str, str]:
    """A news-sized body (about 60 kB) and a 2 MiB one where WORD occurs over 20,000 times."""
    page = "\n\n".join(_paragraph(rng, 60) for _ in range(150))
    paragraphs, size = [], 0
    while size < LARGE_BYTES - 2000:
        text = _paragraph(rng, 40).replace(" ", f" {WORD} ", 4)
        paragraphs.append(text)
        size += len(text.encode()) + 2
    return page, "\n\n".join(paragraphs)


def timed(call, repeat: int) -> list[float]:
    timings = []
    for attempt in range(3 + repeat):
        started = time.perf_counter()
        call()
        if attempt >= 3:
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def line(label: str, timings: list[float], reference: list[float], unit: str = "ms") -> None:
    median, ref = statistics.median(timings), statistics.median(reference)
    print(
        f"{label:<44} {median:>9.2f} {common.percentile(timings, 0.95):>8.2f}"
        f" {ref:>10.1f} {median / ref:>7.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--claims", type=int, default=1000, help="claims on the article page")
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor-0")
    editor.groups.add(Group.objects.get(name="editor"))
    rng = random.Random(2026)
    page_body, large_body = bodies(rng)
    page = _article(f"bench-article-{args.claims}", page_body, args.claims, editor, rng)
    large = _article("bench-article-2mib-20k", large_body, 2000, editor, rng)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    print(f"Article benchmark on {common.database_label()}.")
    print(
        f"{'figure':<44} {'median ms':>9} {'p95 ms':>8} {'reference':>10} {'ratio':>8}"
        "\n(reference: the login page's median for pages and marking, one C scan of the"
        " body for find_quote)"
    )
    login = timed(lambda: anonymous.get("/accounts/login/"), args.repeat)
    claims = Claim.objects.filter(article=page).count()
    # Rendered afresh each time (the cache emptied), as after a write; kept, the page is a
    # lookup (factcheck/core/kept.py), measured under load by bench/load.py --wrk.
    article_page = timed(lambda: (cache.clear(), client.get(f"/articles/{page.pk}/")), args.repeat)
    line(f"article page, {claims} claims", article_page, login)
    kept_page = timed(lambda: client.get(f"/articles/{page.pk}/"), args.repeat)
    line(f"article page, {claims} claims, kept", kept_page, login)
    fragment = timed(
        lambda: (
            cache.clear(),
            client.get(f"/articles/{page.pk}/body/", HTTP_HX_REQUEST="true"),
        ),
        args.repeat,
    )
    line(f"article body fragment (htmx), {claims} claims", fragment, login)

    body = large.body
    scan = timed(lambda: body.find("\x00absent"), args.repeat)
    count = body.count(WORD)
    middle = body.index(WORD, len(body) // 2)
    prefix = body[middle - anchoring.CONTEXT_LENGTH : middle]
    suffix = body[middle + len(WORD) : middle + len(WORD) + anchoring.CONTEXT_LENGTH]
    with_context = timed(
        lambda: anchoring.find_quote(body, WORD, prefix=prefix, suffix=suffix, hint=middle),
        args.repeat,
    )
    line(f"find_quote, {count:,} matches, with context", with_context, scan)
    hint_only = timed(lambda: anchoring.find_quote(body, WORD, hint=middle), args.repeat)
    line(f"find_quote, {count:,} matches, hint only", hint_only, scan)
    other_context = timed(
        lambda: anchoring.find_quote(body, WORD, prefix="« autre ", suffix=" »", hint=middle),
        args.repeat,
    )
    line(f"find_quote, {count:,} matches, context absent", other_context, scan)

    version = latest_number(large)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", body[: len(body) // 2])]

    def mark():
        first = rng.randrange(len(words) - 6)
        start, end = words[first][0], words[first + 4][1]
        response = client.post(
            f"/articles/{large.pk}/claims/",
            {
                "quote": body[start:end],
                "start": start,
                "end": end,
                "body_version": version,
                "kind": "direct_quote",
                "claim_reviewed": "banc",
            },
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.content[:300]

    existing = Claim.objects.filter(article=large).count()
    marking = timed(mark, args.repeat)
    line(f"marking, 2 MiB article, {existing:,} claims", marking, login)


if __name__ == "__main__":
    main()
