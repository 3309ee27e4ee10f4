"""Benchmark the pages people wait on, each next to a reference measured in the same run.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages_100k \
        .venv/bin/python bench/pages.py --rows 100000
    DEBUG=1 .venv/bin/python bench/pages.py --rows 10000        # SQLite in bench/bench.sqlite3
    # The growth table, 100k -> 1M, written into bench/README.md:
    DEBUG=1 .venv/bin/python bench/pages.py --growth \
        postgres://postgres@127.0.0.1:5432/bench_pages_100k=100000 \
        postgres://postgres@127.0.0.1:5432/bench_pages_1m=1000000 --write-readme

Each page is fetched through Django's whole stack (middleware, session, templates) by a
logged-in editor (the admin pages by a superuser), 3 times to warm up, then ``--repeat`` times;
it prints the median and 95th percentile, and the median over the login page's, measured in the
same process just before (the machine is shared: absolute figures move with the load, ratios
much less). Aim: every page under 100 ms median on PostgreSQL at 1,000,000 claims, and at most
1.5 times its figure at 100,000. The cache is emptied before each request: the figures are
pages rendered afresh, as after a write (the claims list and the article page are otherwise
kept between requests, factcheck/core/kept.py; bench/load.py --wrk measures them kept).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve()
README = HERE.parent / "README.md"
START, END = "<!-- pages growth: start -->", "<!-- pages growth: end -->"


def pages() -> list[tuple[str, str, str]]:
    """(label, URL, who): the pages measured, the reference first."""
    from django.urls import reverse

    from factcheck.models import Speaker

    speaker = Speaker.objects.filter(name__startswith="Orateur n° 7 ").first() or (
        Speaker.objects.order_by("pk").first()
    )
    return [
        ("login page (reference)", reverse("login"), "anonymous"),
        ("claims list, first page", "/claims/", "editor"),
        ("claims list, status=reviewed", "/claims/?status=reviewed", "editor"),
        (
            "claims list, rating + speaker, by review date",
            f"/claims/?rating=false&speaker={speaker.pk}&sort=-reviewed",
            "editor",
        ),
        ("claims list, search 'verite'", "/claims/?q=verite", "editor"),
        ("claims list, search + status", "/claims/?q=chomage+inflation&status=reviewed", "editor"),
        ("claims list, search, rare word", "/claims/?q=jerusalem+antisemitisme", "editor"),
        ("claims list, page 500", "/claims/?page=500", "editor"),
        ("claims list, page 1000 (deepest)", "/claims/?status=reviewed&page=1000", "editor"),
        ("claims list, page 500 by claim date", "/claims/?sort=-claimed&page=500", "editor"),
        ("claims list, page 500 by rating", "/claims/?sort=rating&page=500", "editor"),
        ("claims list, page 500 by review date", "/claims/?sort=-reviewed&page=500", "editor"),
        ("claims list, page 500 by speaker", "/claims/?sort=speaker&page=500", "editor"),
        ("claims list, page 500 by article", "/claims/?sort=-article&page=500", "editor"),
        ("claims list, page 500 by due date", "/claims/?sort=due&page=500", "editor"),
        ("claims list, page 500 by priority", "/claims/?sort=-priority&page=500", "editor"),
        ("dashboard", reverse("dashboard"), "editor"),
        ("corrections page", reverse("correction_list"), "editor"),
        ("admin claims changelist", "/admin/factcheck/claim/", "admin"),
        ("admin claims search 'verite'", "/admin/factcheck/claim/?q=verite", "admin"),
    ]


def measure(rows: int, repeat: int, only: str = "") -> dict:
    sys.path.insert(0, str(HERE.parent))
    import common
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    common.ensure_filled(rows, log=lambda message: print(message, file=sys.stderr))
    User = get_user_model()
    editor, _ = User.objects.get_or_create(username="bench-editor-0")
    editor.groups.add(Group.objects.get(name="editor"))
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    for who, user in (("editor", editor), ("admin", admin)):
        clients[who] = Client(HTTP_HOST="127.0.0.1")
        clients[who].force_login(user)
    results = []
    for label, url, who in pages():
        if only and not re.search(only, label):
            continue
        timings, database, status = [], [], None
        for attempt in range(3 + repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = clients[who].get(url)
                elapsed = (time.perf_counter() - started) * 1000
            status = response.status_code
            if attempt >= 3:
                timings.append(elapsed)
                database.append(sum(float(query["time"]) for query in queries) * 1000)
        results.append(
            {
                "label": label,
                "url": url,
                "median": statistics.median(timings),
                "p95": common.percentile(timings, 0.95),
                # Time spent waiting for the database, as Django measures it (DEBUG=1).
                "db": statistics.median(database),
                "status": status,
            }
        )
    return {
        "database": common.database_label(),
        "claims": common.bench_claims(),
        "results": results,
    }


def print_run(run: dict) -> None:
    print(f"Pages benchmark on {run['database']}, {run['claims']} claims.")
    reference = run["results"][0]["median"]
    print(f"{'page':<46} {'median ms':>10} {'p95 ms':>8} {'db ms':>7} {'x login':>8} {'status':>7}")
    for row in run["results"]:
        print(
            f"{row['label']:<46} {row['median']:>10.1f} {row['p95']:>8.1f} {row['db']:>7.1f}"
            f" {row['median'] / reference:>8.1f} {row['status']:>7}"
        )


def child(database: str, rows: int, repeat: int, only: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database}
    command = [sys.executable, str(HERE), "--rows", str(rows), "--repeat", str(repeat), "--json"]
    if only:
        command += ["--only", only]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def growth_table(small: dict, large: dict) -> str:
    """Each page at both sizes and its growth, twice: in milliseconds (what a quiet machine
    judges) and in multiples of the login page measured in the same run (what still holds on a
    loaded machine, though a reference of one or two milliseconds is itself noisy)."""
    small_ref, large_ref = small["results"][0]["median"], large["results"][0]["median"]
    lines = [
        f"| page | {small['claims']:,} claims: median ms (p95), database ms, × login"
        f" | {large['claims']:,} claims: median ms (p95), database ms, × login"
        " | growth (ms) | growth (× login) | growth (database) | under 100 ms, growth ≤ 1.5× |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for before, after in zip(small["results"], large["results"], strict=True):
        relative = (after["median"] / large_ref) / (before["median"] / small_ref)
        growth = after["median"] / before["median"]
        database = after["db"] / before["db"] if before["db"] else 1.0
        met = after["median"] < 100 and growth <= 1.5
        lines.append(
            f"| {before['label']} | {before['median']:.1f} ({before['p95']:.1f}),"
            f" {before['db']:.1f}, {before['median'] / small_ref:.1f}×"
            f" | {after['median']:.1f} ({after['p95']:.1f}), {after['db']:.1f},"
            f" {after['median'] / large_ref:.1f}× | {growth:.2f}× | {relative:.2f}×"
            f" | {database:.2f}× | {'yes' if met else '**no**'} |"
        )
    return "\n".join(lines)


def write_readme(table: str, command: str) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"{START}\nMeasured {when} by:\n\n```sh\n{command}\n```\n\n{table}\n\n"
        "Status 200 for every page in both runs unless the table says otherwise. The machine"
        " is shared (2 cores, other benchmarks and test runs alongside): compare each figure"
        " with the login page's in the same column rather than across runs.\n"
        f"{END}"
    )
    text = README.read_text()
    if START in text:
        text = re.sub(
            re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S
        )
    else:
        text = (
            text.rstrip() + "\n\n### Growth from 100,000 to 1,000,000 claims\n\n" + section + "\n"
        )
    README.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="a regular expression on the page labels")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--growth",
        nargs=2,
        metavar="DATABASE_URL=ROWS",
        help="run against two filled databases, the smaller first, and print the growth",
    )
    parser.add_argument(
        "--saved",
        nargs=2,
        metavar="FILE",
        help="the growth from two runs saved with --save (smaller first), for a shared machine"
        " where running both sizes back to back takes too long",
    )
    parser.add_argument("--save", metavar="FILE", help="also write this run's figures as JSON")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    if args.growth or args.saved:
        runs = []
        for spec in args.growth or args.saved:
            if args.saved:
                runs.append(json.loads(Path(spec).read_text()))
            else:
                database, rows = spec.rsplit("=", 1)
                runs.append(child(database, int(rows), args.repeat, args.only))
            print_run(runs[-1])
            print()
        table = growth_table(*runs)
        print(table)
        if args.write_readme:
            if args.saved:
                command = "\n".join(
                    f"DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_{size}"
                    f" .venv/bin/python bench/pages.py --rows {rows} --repeat {args.repeat}"
                    f" --save /tmp/pages-{size}.json"
                    for size, rows in (("100k", 100_000), ("1m", 1_000_000))
                )
                command += (
                    "\nDEBUG=1 .venv/bin/python bench/pages.py --saved /tmp/pages-100k.json"
                    " /tmp/pages-1m.json --write-readme"
                )
            else:
                command = "DEBUG=1 .venv/bin/python bench/pages.py --growth " + " ".join(
                    args.growth
                )
                command += " --write-readme"
            write_readme(table, command)
        return
    run = measure(args.rows, args.repeat, args.only)
    if args.save:
        Path(args.save).write_text(json.dumps(run))
    if args.json:
        print(json.dumps(run))
    else:
        print_run(run)


if __name__ == "__main__":
    main()
