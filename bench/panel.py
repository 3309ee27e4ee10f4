"""Benchmark the claim panel (htmx), whose "similar reviewed claims" are stored per quote.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/panel.py \\
        [--rows 100000] [--claims 10] [--repeat 20]

On the bench fill (``--rows`` reviewed claims, reused), for ``--claims`` bench claims: the
first render of each (its suggestions found and stored: the one comparison with the reviewed
claims), then ``--repeat`` renders reading the stored ones; and, in the same run, the login
page (the framework's floor) and the comparison alone, which the panel ran on every render
before suggestions were stored. Aim: warm panel under 100 ms median at 1,000,000 claims and at
most 1.5x its figure at 100,000.
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
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from factcheck.claims import similar  # noqa: E402
from factcheck.models import Claim, SimilarClaim, SimilarList  # noqa: E402


def ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    common.ensure_filled(args.rows)
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor-0")
    editor.groups.add(Group.objects.get(name="editor"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    bench = Claim.objects.filter(article__origin="bench").order_by("pk")
    step = max(1, common.bench_claims() // args.claims)
    picked = list(bench.values_list("pk", flat=True)[::step][: args.claims])
    # Every run starts cold for the claims it measures.
    SimilarClaim.objects.filter(claim_id__in=picked).delete()
    SimilarList.objects.filter(claim_id__in=picked).delete()

    def panel(pk):
        response = client.get(f"/claims/{pk}/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    for _ in range(3):
        anonymous.get("/accounts/login/")
    login = [ms(lambda: anonymous.get("/accounts/login/")) for _ in range(args.repeat)]
    cold = [ms(lambda pk=pk: panel(pk)) for pk in picked]
    # What the first renders handed to the task queue (past SIMILAR_INLINE_SECONDS), stored by a
    # real worker before the warm renders.
    queued = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    worker_seconds = time.perf_counter() - queued
    warm = [ms(lambda pk=pk: panel(pk)) for _ in range(args.repeat // 2 or 1) for pk in picked]
    quotes = list(Claim.objects.filter(pk__in=picked).values_list("quote", flat=True))
    reviewed = Claim.objects.reviewed()
    scan = [ms(lambda q=q: similar.find(q, reviewed, similar.STORED)) for q in quotes]
    stored = SimilarClaim.objects.filter(claim_id__in=picked).count()

    print(f"Panel benchmark on {common.database_label()}, {common.bench_claims():,} claims.")
    print(f"{'figure':<52} {'median ms':>9} {'p95 ms':>8}")
    for label, timings in (
        ("login page (reference)", login),
        ("claim panel, stored suggestions (warm)", warm),
        ("claim panel, first render (finds them or queues them)", cold),
        ("the comparison alone (what every render ran before)", scan),
    ):
        print(
            f"{label:<52} {statistics.median(timings):>9.1f}"
            f" {common.percentile(timings, 0.95):>8.1f}"
        )
    print(f"the worker stored what was queued in {worker_seconds:.1f} s")
    print(
        f"warm panel / login page: {statistics.median(warm) / statistics.median(login):.1f}x;"
        f" {stored} suggestions stored for {len(picked)} claims"
    )


if __name__ == "__main__":
    main()
