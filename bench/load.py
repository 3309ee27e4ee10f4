"""Load test: simulated editors and reviewers drive the production server over loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load python bench/load.py \
        [--users 30] [--seconds 60] [--workers 3] [--threads 4]
    DATABASE_URL=… python bench/load.py --wrk [--seconds 15] [--connections 30]

It prepares the database (migrations, the seed, one account per simulated user, articles to
work on), starts gunicorn as `make serve` does (DEBUG off, whitenoise), then for --seconds each
simulated person loops over what the desk does: editors read the dashboard, articles and the
claims list, mark a claim, write its verdict, add a source, submit it and now and then export a
CSV; reviewers read and approve others' submitted verdicts. Every write carries a token unique
to the run (a uuid) and to the write, so a second run on the same database checks only its own.
At the end the database is checked: every write that got a success answer is there exactly
once, and no request failed. Only 127.0.0.1 is ever contacted; every loop is bounded in time.

With ``--wrk``, the same server instead takes wrk's fixed load (``--connections``, one page
at a time for ``--seconds``): the login page (the framework's floor), the claims list and the
page of an article with 1,000 claims (made once, as bench/article.py does), each with its
requests per second, its share of the login page's, p95 and errors, from one run. The three
pages take turns for ``--rounds`` rounds: each round's share is taken against the login page
measured just before it, and the median round is reported, so that a burst of other work on
the machine weighs on one round, not on one page.
"""

import argparse
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-2023"
HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTR = re.compile(r'(name|value)="([^"]*)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="0",  # plain HTTP on loopback; production sits behind TLS
        SITE_URL=f"http://127.0.0.1:{port}",
    )
    return env


def prepare(users: int) -> dict:
    """Accounts, the seed and a few articles, made through the ORM before the server starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from factcheck.articles.importing import parse_article
    from factcheck.articles.services import create_article
    from factcheck.models import Article, Rating, Speaker

    call_command("migrate", verbosity=0)
    call_command("load_seeds", verbosity=0)
    seed = Article.objects.order_by("pk").first()
    articles = [seed.pk]
    for n in range(1, 4):
        origin = f"load-article-{n}"
        # The seed's text again, on purpose: the duplicate check would refuse it.
        article = Article.objects.filter(origin=origin).first() or create_article(
            parsed=parse_article(seed.body, title=f"Article de charge {n}"),
            origin=origin,
            allow_duplicate_body=True,
        )
        articles.append(article.pk)
    User = get_user_model()
    groups = {name: Group.objects.get(name=name) for name in ("editor", "reviewer")}
    hashed = make_password(PASSWORD)
    reviewers = max(2, users // 5)
    people = []
    for n in range(users):
        role = "reviewer" if n < reviewers else "editor"
        user, _ = User.objects.get_or_create(username=f"load-{role}-{n}")
        user.password = hashed
        user.save()
        user.groups.set([groups[role]])
        people.append((user.username, role))
    return {
        "people": people,
        "articles": {pk: Article.objects.get(pk=pk).body for pk in articles},
        "speakers": list(Speaker.objects.values_list("pk", flat=True)),
        "ratings": list(Rating.objects.values_list("pk", flat=True)),
    }


@dataclass
class Results:
    latencies: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    refusals: int = 0  # 409: a step that no longer fits (e.g. already approved): a clean answer
    writes: list = field(default_factory=list)  # (kind, token or id, who)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
    def __init__(self, base: str, username: str, results: Results):
        self.base, self.username, self.results = base, username, results
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: dict | None = None, htmx: bool = False):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Referer", self.base + "/")
        if method == "POST":
            request.add_header("X-CSRFToken", self.csrf())
        if htmx:
            request.add_header("HX-Request", "true")
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 0, str(error)
        elapsed = time.perf_counter() - started
        with self.results.lock:
            self.results.latencies.append(elapsed)
            if status == 409:
                self.results.refusals += 1
            elif status == 0 or status >= 400:
                self.results.failures.append(f"{method} {path} -> {status} {text[:200]!r}")
        return status, text

    def log_in(self) -> bool:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        return status == 302

    def hidden_fields(self, html: str, action: str) -> dict:
        """The hidden inputs (a version number, say) of the form that posts to ``action``."""
        start = html.find(f'action="{action}"')
        if start == -1:
            return {}
        end = html.find("</form>", start)
        fields = {}
        for tag in HIDDEN_INPUT.findall(html[start:end]):
            attrs = dict(ATTR.findall(tag))
            if "name" in attrs and attrs["name"] != "csrfmiddlewaretoken":
                fields[attrs["name"]] = attrs.get("value", "")
        return fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def record(results: Results, kind: str, key, who: str) -> None:
    with results.lock:
        results.writes.append((kind, key, who))


# Unique to this run: the database may hold an earlier run's writes with the same user names.
RUN = uuid.uuid4().hex


def editor_loop(person: Person, data: dict, deadline: float, rng: random.Random) -> None:
    from factcheck.articles.anchoring import CONTEXT_LENGTH

    n = 0
    while time.monotonic() < deadline:
        n += 1
        token = f"{RUN}-{person.username}-{n}"
        person.request("GET", "/")
        article_pk, body = rng.choice(list(data["articles"].items()))
        person.request("GET", f"/articles/{article_pk}/")
        person.request("GET", "/claims/?page=1")
        words = [m.span() for m in re.finditer(r"\S+", body)]
        first = rng.randrange(len(words) - 8)
        start, end = words[first][0], words[first + rng.randrange(2, 7)][1]
        status, html = person.request(
            "POST",
            f"/articles/{article_pk}/claims/",
            {
                "quote": body[start:end],
                "prefix": body[max(0, start - CONTEXT_LENGTH) : start],
                "suffix": body[end : end + CONTEXT_LENGTH],
                "hint": start,
                "speaker": rng.choice(data["speakers"]),
                "kind": "direct_quote",
                "claim_reviewed": f"claim {token}",
            },
            htmx=True,
        )
        match = re.search(r'data-claim-id="(\d+)"', html) if status == 200 else None
        if not match:
            continue
        claim_pk = match.group(1)
        record(person.results, "claim", f"claim {token}", person.username)
        if time.monotonic() >= deadline:
            break
        _, panel = person.request("GET", f"/claims/{claim_pk}/", htmx=True)
        action = f"/claims/{claim_pk}/verdict/"
        status, panel = person.request(
            "POST",
            action,
            {
                **person.hidden_fields(panel, action),
                "rating": rng.choice(data["ratings"]),
                "summary": f"verdict {token}",
                "rationale": f"<p>Selon <strong>l’Insee</strong>, « {token} ».</p>",
            },
            htmx=True,
        )
        verdict = re.search(r"/verdicts/(\d+)/submit/", panel) if status == 200 else None
        if not verdict:
            continue
        verdict_pk = verdict.group(1)
        record(person.results, "verdict", f"verdict {token}", person.username)
        action = f"/verdicts/{verdict_pk}/sources/"
        # Two publishers: what the default evidence rule asks before a reviewer may approve.
        for publisher in ("Insee", "Eurostat"):
            status, _ = person.request(
                "POST",
                action,
                {
                    "url": f"https://example.org/{publisher}/{token}",
                    "title": f"source {token} {publisher}",
                    "publisher": publisher,
                    "kind": "primary",
                },
                htmx=True,
            )
            if status == 200:
                record(person.results, "source", f"source {token} {publisher}", person.username)
        status, _ = person.request("POST", f"/verdicts/{verdict_pk}/submit/", {}, htmx=True)
        if status == 200:
            record(person.results, "submitted", int(verdict_pk), person.username)
        if n % 5 == 0:
            person.request(
                "GET",
                "/claims/export.csv?status=reviewed&speaker=" + str(rng.choice(data["speakers"])),
            )


def reviewer_loop(person: Person, index: int, reviewers: int, deadline: float) -> None:
    from factcheck.models import Verdict

    while time.monotonic() < deadline:
        person.request("GET", "/")
        person.request("GET", "/claims/?status=in_review")
        waiting = list(
            Verdict.objects.filter(status=Verdict.Status.SUBMITTED)
            .exclude(author__username=person.username)
            .values_list("pk", flat=True)[:20]
        )
        mine = [pk for pk in waiting if pk % reviewers == index] or waiting[:1]
        if not mine:
            time.sleep(0.2)
            continue
        for pk in mine[:3]:
            status, _ = person.request("POST", f"/verdicts/{pk}/approve/", {}, htmx=True)
            if status == 200:
                record(person.results, "approved", pk, person.username)


def check_database(results: Results) -> list[str]:
    """Every write that was answered with success is in the database, exactly once."""
    from factcheck.models import Claim, Source, Verdict

    problems = []
    for kind, key, who in results.writes:
        if kind == "claim":
            count = Claim.objects.filter(claim_reviewed=key, created_by__username=who).count()
        elif kind == "verdict":
            count = Verdict.objects.filter(summary=key, author__username=who).count()
        elif kind == "source":
            count = Source.objects.filter(title=key).count()
        elif kind == "submitted":
            count = Verdict.objects.filter(
                pk=key, status__in=[Verdict.Status.SUBMITTED, Verdict.Status.APPROVED]
            ).count()
        else:  # approved: by that reviewer, still the approved verdict
            count = Verdict.objects.filter(
                pk=key, status=Verdict.Status.APPROVED, reviewer__username=who
            ).count()
        if count != 1:
            problems.append(f"{kind} {key} by {who}: {count} rows")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    # make serve's defaults: two workers per core plus one, two threads each.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--wrk", action="store_true", help="wrk's fixed load on three pages")
    parser.add_argument("--connections", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="--wrk: turns of the three pages")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    args = parser.parse_args()

    data = prepare(args.users)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_environment(port),
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-tmp-dir",
            "/dev/shm",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_environment(port),
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        if args.wrk:
            return wrk_pages(base, data, args)
        results = Results()
        reviewers = [u for u, role in data["people"] if role == "reviewer"]
        people = [Person(base, username, results) for username, _ in data["people"]]
        assert all(person.log_in() for person in people), results.failures[:5]
        results.latencies.clear()
        deadline = time.monotonic() + args.seconds
        threads = []
        for n, person in enumerate(people):
            if person.username in reviewers:
                target = reviewer_loop
                loop_args = (person, reviewers.index(person.username), len(reviewers), deadline)
            else:
                target, loop_args = editor_loop, (person, data, deadline, random.Random(n))
            threads.append(threading.Thread(target=target, args=loop_args, daemon=True))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests wrk gave up on still running
            server.kill()
            server.wait(timeout=30)

    latencies = sorted(results.latencies)
    problems = check_database(results)
    kinds = {}
    for kind, _, _ in results.writes:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(
        f"{len(data['people'])} simulated users ({len(reviewers)} reviewers), "
        f"{args.seconds} s, gunicorn {args.workers} workers x {args.threads} threads"
    )
    print(f"requests: {len(latencies)}  ({len(latencies) / elapsed:.1f} per second)")
    print(
        f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    print(f"successful writes: {kinds}")
    print(f"refused cleanly (409): {results.refusals}")
    print(f"failed requests: {len(results.failures)}")
    for failure in results.failures[:10]:
        print("  ", failure)
    print(f"lost or duplicated writes: {len(problems)}")
    for problem in problems[:10]:
        print("  ", problem)
    return 1 if results.failures or problems else 0


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("P95_MS %.1f\\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d\\n", e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def article_with_claims(claims: int = 1000) -> int:
    """The bench article with ``claims`` claims (bench/article.py makes it once)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import article

    from factcheck.models import Article

    existing = Article.objects.filter(origin=f"bench-article-{claims}").first()
    if existing is not None:
        return existing.pk
    editor, _ = article.get_user_model().objects.get_or_create(username="bench-editor-0")
    rng = random.Random(2026)
    page_body, _ = article.bodies(rng)
    return article._article(f"bench-article-{claims}", page_body, claims, editor, rng).pk


def wrk(base: str, path: str, cookie: str, args) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s"]
        command += ["-s", script.name, "-H", f"Cookie: {cookie}", base + path]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    found["p95"] = float(re.search(r"P95_MS ([\d.]+)", output).group(1))
    found["errors"] = int(re.search(r"ERRORS (\d+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    return found


def wrk_pages(base: str, data: dict, args) -> int:
    """Requests per second of three pages under wrk, each next to the login page's."""
    article_pk = article_with_claims()
    person = Person(base, data["people"][-1][0], Results())
    assert person.log_in(), person.results.failures[:3]
    cookie = "; ".join(f"{c.name}={c.value}" for c in person.cookies)
    pages = [
        ("login page (reference)", "/accounts/login/", ""),
        ("claims list", "/claims/", cookie),
        ("article page, 1,000 claims", f"/articles/{article_pk}/", cookie),
    ]
    print(
        f"wrk -c{args.connections} for {args.seconds} s each, gunicorn {args.workers} workers"
        f" x {args.threads} threads, {os.cpu_count()} cores, {args.rounds} rounds"
    )
    runs = {label: [] for label, _, _ in pages}
    for _ in range(args.rounds):
        reference = None
        for label, path, page_cookie in pages:
            found = wrk(base, path, page_cookie, args)
            reference = reference or found["rps"]
            runs[label].append({**found, "share": found["rps"] / reference})
    print(f"{'page':<30} {'req/s':>8} {'of login':>9} {'p95 ms':>8} {'errors':>7}  rounds' shares")
    failed = False
    for label, found in runs.items():
        errors = sum(run["errors"] for run in found)
        failed |= errors > 0
        rps = statistics.median(run["rps"] for run in found)
        share = statistics.median(run["share"] for run in found)
        p95 = max(run["p95"] for run in found)
        shares = " ".join(f"{run['share']:.0%}" for run in found)
        print(f"{label:<30} {rps:>8.1f} {share:>8.0%} {p95:>8.0f} {errors:>7}  {shares}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
