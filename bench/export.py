"""Benchmark the claims CSV export: web and command line, next to the database's own reading
of the same cells, at 10,000 rows and at the size filled (100,000 or 1,000,000).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exports_100k \\
        .venv/bin/python bench/export.py --rows 100000 --write-readme
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exports_1m \\
        .venv/bin/python bench/export.py --rows 1000000 --write-readme
    DEBUG=1 .venv/bin/python bench/export.py --rows 100000     # SQLite in bench/bench.sqlite3
    .venv/bin/python bench/export.py --layout full            # with related_claims and corrections

Fills the database with N reviewed claims (bench/common.py's fill, then the rationales' plain
text, which bulk_create skips) unless it holds them. The first 10,000 claims are a slice of
their own (claimed in 2020), so both sizes come from one fill. Each export runs in a fresh
process, read to the last byte: time, time to the first data rows, bytes and the process's
peak memory (VmHWM). Beside them, in the same run: on PostgreSQL ``COPY (SELECT ...) TO STDOUT``
of the stored cells the CSV is made of, on SQLite a plain SELECT of them read to the last row;
and the plain Python path (``copy=False``) for comparison. Aims (issue 12): PostgreSQL within
1.3 times COPY, first rows under 0.5 s, memory flat; SQLite within 3 times its SELECT.
"""

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
README = HERE.parent / "README.md"


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: on Linux the
    latter keeps the parent's peak across fork and exec, hiding the child's own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(way: str, query: str) -> dict:
    """Run in a child process: one export, timed, with its row count and peak memory."""
    from common import ROOT  # noqa: F401  (sets Django up)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import Client

    from factcheck.core.db_timeouts import export_statement_timeout
    from factcheck.exports import exporting

    params = QueryDict(query)
    rows = exporting.claims_to_export(params).count()
    size, first = 0, None
    if way == "web":
        viewer, _ = get_user_model().objects.get_or_create(username="bench-viewer")
        viewer.groups.add(Group.objects.get(name="viewer"))
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(viewer)
        started = time.perf_counter()
        response = client.get(f"/claims/export.csv?{query}")
        assert response.status_code == 200, response.status_code
        for index, chunk in enumerate(response.streaming_content):
            size += len(chunk)
            if index == 1:  # the header comes before any query: time the first rows
                first = time.perf_counter() - started
    elif way == "python":
        started = time.perf_counter()
        chunks = exporting.csv_chunks(
            exporting.claims_to_export(params),
            base_url="http://127.0.0.1",
            layout=params.get("layout", "default"),
            copy=False,
        )
        for index, chunk in enumerate(export_statement_timeout(chunks)):
            size += len(chunk)
            if index == 1:
                first = time.perf_counter() - started
    else:
        options = {"all": True, "layout": params.get("layout", "default")}
        if "claimed_before" in params:
            options["claimed_before"] = params["claimed_before"]
        with tempfile.NamedTemporaryFile(suffix=".csv") as out:
            started = time.perf_counter()
            call_command("export_claims", output=out.name, verbosity=0, **options)
            size = Path(out.name).stat().st_size
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "seconds": seconds,
        "first": first,
        "bytes": size,
        "peak_rss_mb": peak_rss_mb(),
    }


# The stored cells the CSV is made of (the rationale as its kept plain text), as the database
# reads them: the reference each export is compared with.
CELLS_SQL = """
  SELECT c.id, %(site)s || '/claims/' || c.id || '/', c.status, s.name, c.quote,
    c.claim_reviewed, c.kind, c.claimed_on, c.claimed_precision,
    (SELECT %(agg_tags)s FROM factcheck_claim_tags ct
       JOIN factcheck_tag t ON t.id = ct.tag_id WHERE ct.claim_id = c.id),
    a.title, a.outlet, a.url, a.published_on, a.published_precision, a.language,
    r.label_fr, r.value, v.summary, v.rationale_text,
    (SELECT %(agg_sources)s FROM factcheck_source so WHERE so.verdict_id = v.id),
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
"""


def time_reference(first_slice_only: bool) -> dict:
    """PostgreSQL: COPY of the cells to STDOUT, read to the last byte. SQLite: the SELECT
    read to the last row."""
    from django.db import connection

    where = "c.claimed_on <= '2020-12-31'" if first_slice_only else "1 = 1"
    connection.ensure_connection()
    size, first = 0, None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The exports lift the page's statement timeout in their transaction; so does this.
            cursor.execute("SET statement_timeout = 0")
        sql = CELLS_SQL % {
            "site": "'http://127.0.0.1:8000'",
            "where": where,
            "agg_tags": "string_agg(t.name, '; ' ORDER BY t.name)",
            "agg_sources": "string_agg(so.title || ' <' || so.url || '>', E'\\n' ORDER BY so.id)",
        }
        started = time.perf_counter()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy,
        ):
            for data in copy:
                if first is None:
                    first = time.perf_counter() - started
                size += len(data)
    else:
        sql = CELLS_SQL % {
            "site": "'http://127.0.0.1:8000'",
            "where": where,
            "agg_tags": "group_concat(t.name, '; ')",
            "agg_sources": "group_concat(so.title || ' <' || so.url || '>', char(10))",
        }
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            while rows := cursor.fetchmany(1000):
                if first is None:
                    first = time.perf_counter() - started
                size += len(rows)
    return {"seconds": time.perf_counter() - started, "first": first, "bytes": size}


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
    parser.add_argument("--child", choices=["web", "cli", "python"], help=argparse.SUPPRESS)
    parser.add_argument("--query", default="", help=argparse.SUPPRESS)
    parser.add_argument("--layout", choices=["default", "full"], default="default")
    parser.add_argument(
        "--no-python", action="store_true", help="Skip the plain Python path (long at 1M)."
    )
    parser.add_argument(
        "--write-readme", action="store_true", help="Write the table into bench/README.md."
    )
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    if args.child:
        print(json.dumps(measure(args.child, args.query)))
        return

    import common

    from factcheck.models import Verdict
    from factcheck.verdicts.models import fill_rationale_text

    common.ensure_filled(args.rows)
    filled = fill_rationale_text(Verdict.objects.all())
    if filled:
        print(f"Kept the plain text of {filled} rationales.")
    if args.layout == "full":
        common.ensure_links()
    vendor = common.connection.vendor
    reference = "COPY" if vendor == "postgresql" else "SELECT"
    print(
        f"Export benchmark on {common.database_label()}, {common.bench_claims()} claims,"
        f" {args.layout} layout."
    )
    layout = f"&layout={args.layout}" if args.layout != "default" else ""
    sizes = [(min(common.FIRST_SLICE, args.rows), f"all=1&{common.FIRST_SLICE_QUERY}{layout}")]
    if args.rows > common.FIRST_SLICE:
        sizes.append((args.rows, f"all=1{layout}"))
    ways = ["web", "cli"] + ([] if args.no_python else ["python"])
    lines = [
        "| rows | way | seconds | × reference | first rows s | MB out | peak RSS MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    print(lines[0])
    for expected, query in sizes:
        measured = {}
        # The reference before and after the exports: the machine is shared, so each export
        # is set against the mean of the two.
        before = time_reference(first_slice_only=expected == common.FIRST_SLICE < args.rows)
        for way in ways:
            measured[way] = child(way, query)
        after = time_reference(first_slice_only=expected == common.FIRST_SLICE < args.rows)
        ref_seconds = (before["seconds"] + after["seconds"]) / 2
        ref = {**after, "seconds": ref_seconds, "first": (before["first"] + after["first"]) / 2}
        for way, result in [(reference, ref), *measured.items()]:
            first = "" if result.get("first") is None else f"{result['first']:.2f}"
            mb = f"{result['bytes'] / 1e6:.1f}" if way != "SELECT" else ""
            rss = f"{result['peak_rss_mb']:.1f}" if "peak_rss_mb" in result else ""
            line = (
                f"| {expected:,} | {way} | {result['seconds']:.2f} |"
                f" {result['seconds'] / ref_seconds:.2f} | {first} | {mb} | {rss} |"
            )
            lines.append(line)
            print(line)
        spread = abs(before["seconds"] - after["seconds"]) / ref_seconds
        print(
            f"  ({reference} before / after the exports: {before['seconds']:.2f} / "
            f"{after['seconds']:.2f} s, spread {spread:.0%})"
        )
    if args.write_readme:
        write_readme(common.database_label(), args, lines)


def write_readme(label: str, args, lines: list[str]) -> None:
    """Replace (or add) this database and layout's table in bench/README.md."""
    name = label.rsplit("/", 1)[-1].rsplit(" ", 1)[-1]
    marker = f"<!-- export {name} {args.rows} {args.layout} -->"
    today = datetime.date.today().isoformat()
    block = "\n".join(
        [marker, f"{label}, {args.rows:,} claims, {args.layout} layout, {today}:", "", *lines, ""]
    )
    text = README.read_text()
    # The marker, its heading line, a blank line and the table's lines (each within a line).
    pattern = re.compile(re.escape(marker) + r"\n[^\n]*\n\n(?:\|[^\n]*\n)+\n?")
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text)
    else:
        anchor = "<!-- export tables -->\n"
        text = (
            text.replace(anchor, anchor + "\n" + block + "\n")
            if anchor in text
            else (text + "\n" + block + "\n")
        )
    README.write_text(text)


if __name__ == "__main__":
    main()
