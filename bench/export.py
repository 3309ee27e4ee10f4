"""Benchmark the claims CSV export: web and command line, at 10,000 and 100,000 rows.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/export.py
    DEBUG=1 python bench/export.py            # SQLite in bench/bench.sqlite3
    python bench/export.py --rows 20000       # a smaller run
    python bench/export.py --layout full      # with related_claims and corrections

Fills the database with N reviewed claims (default 100,000; two sources and a three-paragraph
rationale each) unless it already holds them, then times each export in a fresh process, read
to the last byte, and prints rows per second and the process's peak memory (max RSS). The first
10,000 claims are a slice of their own (claimed in 2020), so both sizes come from one fill. On
PostgreSQL it also times ``COPY (SELECT ...) TO STDOUT`` of the same columns and prints the
ratio. Aims: the export within 3 times COPY's time; peak memory at 100,000 rows no more than
30 MB above that at 10,000.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: on Linux the
    latter keeps the parent's peak across fork and exec, hiding the child's own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(way: str, query: str) -> dict:
    """Run in a child process: one export, timed, with its row count and peak memory."""
    from common import ROOT  # noqa: F401  (sets Django up)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import Client

    from factcheck.exports import exporting

    params = QueryDict(query)
    rows = exporting.claims_to_export(params).count()
    size = 0
    started = time.perf_counter()
    if way == "web":
        viewer, _ = get_user_model().objects.get_or_create(username="bench-viewer")
        viewer.groups.add(Group.objects.get(name="viewer"))
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(viewer)
        started = time.perf_counter()
        response = client.get(f"/claims/export.csv?{query}")
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        options = {"all": True, "layout": params.get("layout", "default")}
        if "claimed_before" in params:
            options["claimed_before"] = params["claimed_before"]
        with tempfile.NamedTemporaryFile(suffix=".csv") as out:
            call_command("export_claims", output=out.name, verbosity=0, **options)
            size = Path(out.name).stat().st_size
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "bytes": size, "peak_rss_mb": peak_rss_mb()}


COPY_SQL = """
COPY (
  SELECT c.id, %(site)s || '/claims/' || c.id || '/', c.status, s.name, c.quote,
    c.claim_reviewed, c.kind, c.claimed_on, c.claimed_precision,
    (SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM factcheck_claim_tags ct
       JOIN factcheck_tag t ON t.id = ct.tag_id WHERE ct.claim_id = c.id),
    a.title, a.outlet, a.url, a.published_on, a.published_precision, a.language,
    r.label_fr, r.value, v.summary, v.rationale,
    (SELECT string_agg(so.title || ' <' || so.url || '>', E'\\n' ORDER BY so.id)
       FROM factcheck_source so WHERE so.verdict_id = v.id),
    au.username, rv.username, v.reviewed_at
  FROM factcheck_claim c
  JOIN factcheck_article a ON a.id = c.article_id
  LEFT JOIN factcheck_speaker s ON s.id = c.speaker_id
  LEFT JOIN factcheck_verdict v ON v.claim_id = c.id AND v.status = 'approved'
  LEFT JOIN factcheck_rating r ON r.id = v.rating_id
  LEFT JOIN auth_user au ON au.id = v.author_id
  LEFT JOIN auth_user rv ON rv.id = v.reviewer_id
  WHERE %(where)s
  ORDER BY c.id
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def time_copy(first_slice_only: bool) -> dict:
    from common import FIRST_SLICE  # noqa: F401
    from django.db import connection

    where = "c.claimed_on <= DATE '2020-12-31'" if first_slice_only else "TRUE"
    sql = COPY_SQL % {"site": "'http://127.0.0.1:8000'", "where": where}
    connection.ensure_connection()
    size = 0
    started = time.perf_counter()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for data in copy:
            size += len(data)
    return {"seconds": time.perf_counter() - started, "bytes": size}


def child(way: str, query: str) -> dict:
    output = subprocess.run(
        [sys.executable, str(HERE), "--child", way, "--query", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", choices=["web", "cli"], help=argparse.SUPPRESS)
    parser.add_argument("--query", default="", help=argparse.SUPPRESS)
    parser.add_argument("--layout", choices=["default", "full"], default="default")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    if args.child:
        print(json.dumps(measure(args.child, args.query)))
        return

    import common

    common.ensure_filled(args.rows)
    if args.layout == "full":
        common.ensure_links()
    vendor = common.connection.vendor
    print(
        f"Export benchmark on {common.database_label()}, {common.bench_claims()} claims,"
        f" {args.layout} layout."
    )
    layout = f"&layout={args.layout}" if args.layout != "default" else ""
    sizes = [(min(common.FIRST_SLICE, args.rows), f"all=1&{common.FIRST_SLICE_QUERY}{layout}")]
    if args.rows > common.FIRST_SLICE:
        sizes.append((args.rows, f"all=1{layout}"))
    print(f"{'rows':>8} {'way':>5} {'seconds':>8} {'rows/s':>8} {'MB out':>7} {'peak RSS MB':>12}")
    results = {}
    for expected, query in sizes:
        for way in ("web", "cli"):
            result = child(way, query)
            results[(expected, way)] = result
            print(
                f"{result['rows']:>8} {way:>5} {result['seconds']:>8.2f}"
                f" {result['rows'] / result['seconds']:>8.0f} {result['bytes'] / 1e6:>7.1f}"
                f" {result['peak_rss_mb']:>12.1f}"
            )
        if vendor == "postgresql":
            copy = time_copy(first_slice_only=expected == common.FIRST_SLICE < args.rows)
            results[(expected, "copy")] = copy
            print(
                f"{expected:>8} {'COPY':>5} {copy['seconds']:>8.2f}"
                f" {expected / copy['seconds']:>8.0f} {copy['bytes'] / 1e6:>7.1f} {'':>12}"
            )
    if len(sizes) == 2:
        small, large = sizes[0][0], sizes[1][0]
        for way in ("web", "cli"):
            growth = results[(large, way)]["peak_rss_mb"] - results[(small, way)]["peak_rss_mb"]
            print(
                f"Peak memory growth {small} -> {large} rows, {way}: {growth:+.1f} MB (aim <= 30)"
            )
    if vendor == "postgresql":
        for expected, _ in sizes:
            copy = results[(expected, "copy")]["seconds"]
            for way in ("web", "cli"):
                ratio = results[(expected, way)]["seconds"] / copy
                print(f"{way} export / COPY at {expected} rows: {ratio:.1f}x (aim <= 3)")


if __name__ == "__main__":
    main()
