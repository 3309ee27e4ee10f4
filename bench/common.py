"""What both benchmarks share: Django set up on the benchmark database, and the fast fill.

Without DATABASE_URL the benchmarks use bench/bench.sqlite3, never the workbench's own
var/db.sqlite3. The fill is kept between runs: a database that already holds the claims asked
for is reused, so bench/pages.py can run on what bench/export.py filled.
"""

import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from factcheck.claims.search import build_search_text  # noqa: E402
from factcheck.models import (  # noqa: E402
    Article,
    Claim,
    ClaimLink,
    Rating,
    Source,
    Speaker,
    Tag,
    Verdict,
)

BATCH = 5000
# The first claims are made in 2020, the others later: "claimed_before=2020-12-31" selects them.
FIRST_SLICE = 10_000
FIRST_SLICE_QUERY = "claimed_before=2020-12-31"

# News words (one word in twenty) amid 3,000 made-up ones, so that a search for a common word
# ("vérité") matches a few percent of the claims, as in a real archive, not most of them.
WORDS = (  # noqa: SIM905
    "vérité mensonge chiffres chômage inflation élection réforme retraites hôpital école "
    "climat énergie nucléaire immigration sécurité budget dette impôts salaires logement "
    "santé vaccin réseaux sociaux antisémitisme racisme député ministre président Europe "
    "Israël Jérusalem États-Unis Maison Blanche promesse annonce déclaration rapport étude"
).split()
SYLLABLES = "ba bé ci da dé fo ga gu la lé mi mo na né po pu ra ré si so ta té vo vu za".split()  # noqa: SIM905
FILLER = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:5]})


def database_label() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings['NAME']}"
    return f"PostgreSQL {settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(
        rng.choice(WORDS) if rng.random() < 0.05 else rng.choice(FILLER) for _ in range(length)
    ).capitalize()


def bench_claims() -> int:
    return Claim.objects.filter(article__origin="bench").count()


def ensure_filled(rows: int, *, log=print) -> None:
    """Migrate, then fill to ``rows`` reviewed claims (two sources and a rationale each)."""
    call_command("migrate", verbosity=0)
    have = bench_claims()
    if have >= rows:
        log(f"Reusing {have} bench claims in {database_label()}.")
        return
    if have:
        log(f"Clearing {have} bench claims (fewer than {rows}).")
        clear()
    started = time.perf_counter()
    fill(rows)
    log(f"Filled {rows} reviewed claims in {time.perf_counter() - started:.1f} s.")


def ensure_links(every: int = 10, *, log=print) -> int:
    """A *repeats* link from every ``every``-th bench claim to the claim before it, so the full
    CSV layout has related_claims to write (both ends: 2 cells in ``every``)."""
    links = ClaimLink.objects.filter(claim__article__origin="bench")
    if links.exists():
        return links.count()
    ids = list(
        Claim.objects.filter(article__origin="bench").order_by("pk").values_list("pk", flat=True)
    )
    ClaimLink.objects.bulk_create(
        [
            ClaimLink(claim_id=ids[i], target_id=ids[i - 1], relation="repeats")
            for i in range(every, len(ids), every)
        ],
        batch_size=2000,
    )
    count = links.count()
    log(f"Linked {count} bench claims.")
    return count


def clear() -> None:
    with transaction.atomic():
        Source.objects.filter(verdict__claim__article__origin="bench").delete()
        ClaimLink.objects.filter(claim__article__origin="bench").delete()
        Verdict.objects.filter(claim__article__origin="bench").delete()
        Claim.objects.filter(article__origin="bench").delete()
        Article.objects.filter(origin="bench").delete()


def _users():
    User = get_user_model()
    editors, reviewers = [], []
    for role, people, count in (("editor", editors, 8), ("reviewer", reviewers, 4)):
        group = Group.objects.get(name=role)
        for index in range(count):
            user, _ = User.objects.get_or_create(
                username=f"bench-{role}-{index}",
                defaults={"first_name": "Élise", "last_name": f"Bench{index}"},
            )
            user.groups.add(group)
            people.append(user)
    return editors, reviewers


def fill(rows: int, seed: int = 2023) -> None:
    rng = random.Random(seed)
    editors, reviewers = _users()
    ratings = list(Rating.objects.all())
    speakers = [
        Speaker.objects.get_or_create(name=f"Orateur n° {index} « bench »")[0]
        for index in range(300)
    ]
    tags = [Tag.objects.get_or_create(name=f"thème {word}")[0] for word in WORDS[:20]]
    article_count = max(1, rows // 50)
    body = " ".join(sentence(rng, 12) + "." for _ in range(40))
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            [
                Article(
                    title=f"Article {index} : {sentence(rng, 6)}",
                    outlet="Le Quotidien du banc d’essai",
                    url=f"https://bench.example.fr/articles/{index}",
                    language="fr",
                    published_on=date(2020, 1, 1) + timedelta(days=index % 1400),
                    published_precision="day" if index % 3 else "month",
                    body=body,
                    origin="bench",
                )
                for index in range(article_count)
            ],
            batch_size=BATCH,
        )
    reviewed_at0 = datetime(2021, 1, 1, tzinfo=UTC)
    for start in range(0, rows, BATCH):
        count = min(BATCH, rows - start)
        with transaction.atomic():
            claims = []
            for offset in range(count):
                index = start + offset
                article = articles[index % article_count]
                speaker = speakers[index % len(speakers)]
                quote = sentence(rng, 10)
                if index % 7 == 0:
                    quote = "=" + quote  # formula-looking cells, as pasted from spreadsheets
                claimed_on = (
                    date(2020, 1, 1) + timedelta(days=index % 360)
                    if index < FIRST_SLICE
                    else date(2021, 1, 1) + timedelta(days=index % 1000)
                )
                claim_reviewed = sentence(rng, 16) + "."
                summary = sentence(rng, 12) + "."
                claims.append(
                    Claim(
                        article=article,
                        quote=quote,
                        start_offset=0,
                        end_offset=len(quote),
                        claim_reviewed=claim_reviewed,
                        speaker=speaker,
                        claimed_on=claimed_on,
                        claimed_precision="day",
                        status=Claim.Status.REVIEWED,
                        assignee=editors[index % len(editors)],
                        search_text=build_search_text(
                            quote=quote,
                            claim_reviewed=claim_reviewed,
                            summaries=[summary],
                            speaker=speaker.name,
                            article_title=article.title,
                        ),
                    )
                )
                claims[-1]._summary = summary
            Claim.objects.bulk_create(claims, batch_size=BATCH)
            Claim.tags.through.objects.bulk_create(
                [
                    Claim.tags.through(claim_id=claim.pk, tag_id=tag.pk)
                    for claim in claims
                    for tag in rng.sample(tags, 2)
                ],
                batch_size=BATCH,
            )
            verdicts = Verdict.objects.bulk_create(
                [
                    Verdict(
                        claim=claim,
                        rating=ratings[claim.pk % len(ratings)],
                        summary=claim._summary,
                        rationale="".join(
                            f"<p>{sentence(rng, 25)} &amp; « {sentence(rng, 5)} ».</p>"
                            for _ in range(3)
                        ),
                        status=Verdict.Status.APPROVED,
                        author=editors[claim.pk % len(editors)],
                        reviewer=reviewers[claim.pk % len(reviewers)],
                        submitted_at=reviewed_at0,
                        reviewed_at=reviewed_at0 + timedelta(minutes=claim.pk * 7),
                    )
                    for claim in claims
                ],
                batch_size=BATCH,
            )
            Source.objects.bulk_create(
                [
                    Source(
                        verdict=verdict,
                        url=f"https://sources.example.org/{verdict.pk}/{number}",
                        title=f"Source {number} : {sentence(rng, 5)}",
                        publisher="Insee",
                    )
                    for verdict in verdicts
                    for number in (1, 2)
                ],
                batch_size=BATCH,
            )
    with connection.cursor() as cursor:
        # Fresh planner statistics, and on PostgreSQL the visibility map autovacuum would build
        # (index-only scans for counts), so the first runs do not measure a cold database.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
