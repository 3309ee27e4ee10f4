"""Benchmark the pages people wait on: the claims list (first page, filtered, searched) and the
dashboard, on the same 100,000 reviewed claims as bench/export.py.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/pages.py
    DEBUG=1 python bench/pages.py             # SQLite in bench/bench.sqlite3

Each page is fetched through Django's full stack (middleware, session, templates) by a logged-in
editor, a few times to warm up, then ``--repeat`` times; prints the median and 95th percentile.
Aim: under 100 ms median on PostgreSQL on a 2-core machine.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (sets Django up)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from factcheck.models import Speaker  # noqa: E402


def pages() -> list[tuple[str, str]]:
    speaker = Speaker.objects.filter(claims__isnull=False).order_by("pk").first()
    listed = [
        ("claims list, first page", "/claims/"),
        ("claims list, filtered", f"/claims/?rating=false&speaker={speaker.pk}&sort=-reviewed"),
        ("claims list, search 'verite'", "/claims/?q=verite"),
        ("claims list, search + filter", "/claims/?q=chomage+inflation&status=reviewed"),
        ("claims list, page 500 by rating", "/claims/?sort=rating&page=500"),
    ]
    try:
        listed.append(("dashboard", reverse("dashboard")))
    except NoReverseMatch:
        print("dashboard: no 'dashboard' URL on this branch, skipped.")
    return listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    common.ensure_filled(args.rows)
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor-0")
    editor.groups.add(Group.objects.get(name="editor"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    print(f"Pages benchmark on {common.database_label()}, {common.bench_claims()} claims.")
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'status':>7}")
    for label, url in pages():
        timings = []
        for attempt in range(3 + args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if attempt >= 3:
                timings.append(elapsed)
        print(
            f"{label:<34} {statistics.median(timings):>10.1f}"
            f" {common.percentile(timings, 0.95):>8.1f} {response.status_code:>7}"
        )


if __name__ == "__main__":
    main()
