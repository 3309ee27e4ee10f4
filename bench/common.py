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
from django.db import connection, models, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from factcheck.claims import sort_keys  # noqa: E402
from factcheck.claims.search import fold  # noqa: E402
from factcheck.desk import tallies  # noqa: E402
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
from factcheck.verdicts.models import rationale_text  # noqa: E402

BATCH = 5000
# Claims written per transaction (with their verdicts, sources and tags).
CHUNK = 20_000
# Sentences drawn once, then picked from.
POOL = 4096
# One claim in this many has a correction: a superseded verdict and the approved one after it.
CORRECTION_EVERY = 1000
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
    fill(rows, log=log)
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


def _pool(rng: random.Random, length: int, size: int = POOL) -> list[tuple[str, str]]:
    """Sentences of ``length`` words, each with its folded form (fold() of words joined by
    spaces is the folded words joined by spaces, so search texts are assembled, not folded)."""
    made = [sentence(rng, length) for _ in range(size)]
    return [(text, fold(text)) for text in made]


def fill(rows: int, seed: int = 2023, *, log=print) -> None:
    """Add ``rows`` reviewed claims (and one correction in ``CORRECTION_EVERY``).

    Rows are tuples written by COPY on PostgreSQL (executemany on SQLite), in chunks; on
    PostgreSQL the secondary indexes of the four big tables are dropped while loading and built
    once at the end (a GIN index grows far slower row by row than in one build). Sentences are
    drawn from pools made once, so the time goes to writing rows rather than drawing words.
    """
    rng = random.Random(seed)
    editors, reviewers = _users()
    editor_ids = [user.pk for user in editors]
    reviewer_ids = [user.pk for user in reviewers]
    rating_ids = list(Rating.objects.order_by("order").values_list("pk", flat=True))
    speakers = [
        Speaker.objects.get_or_create(name=f"Orateur n° {index} « bench »")[0]
        for index in range(300)
    ]
    speakers = [(speaker.pk, fold(speaker.name)) for speaker in speakers]
    tag_ids = [Tag.objects.get_or_create(name=f"thème {word}")[0].pk for word in WORDS[:20]]
    pools = {length: _pool(rng, length) for length in (5, 6, 10, 12, 16, 25)}
    # Each rationale with its kept plain text (Verdict.rationale_text), as a save writes them.
    rationales = [
        (html, rationale_text(html))
        for html in (
            "".join(
                f"<p>{rng.choice(pools[25])[0]} &amp; « {rng.choice(pools[5])[0]} ».</p>"
                for _ in range(3)
            )
            for _ in range(POOL)
        )
    ]
    article_count = max(1, rows // 50)
    body = " ".join(sentence(rng, 12) + "." for _ in range(40))
    postgres = connection.vendor == "postgresql"
    dropped = _drop_indexes() if postgres else []
    if postgres:
        with connection.cursor() as cursor:
            # Rows made here are consistent by construction: no per-row foreign-key checks or
            # triggers while loading (needs a superuser; the kept counts are recounted after).
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            # Building a GIN index on a million rows outlasts the pages' statement timeout.
            cursor.execute("SET statement_timeout = 0")
    articles = []
    try:
        rows_out = []
        for index, pk in enumerate(_next_ids(Article, article_count)):
            title = f"Article {index} : {rng.choice(pools[6])[0]}"
            published_on = date(2020, 1, 1) + timedelta(days=index % 1400)
            precision = "day" if index % 3 else "month"
            rows_out.append(
                (
                    pk,
                    title,
                    "Le Quotidien du banc d’essai",
                    f"https://bench.example.fr/articles/{pk}",
                    "fr",
                    published_on,
                    precision,
                    body,
                    "bench",
                )
            )
            articles.append((pk, fold(title)))
        with transaction.atomic():
            _write(
                Article,
                [
                    "id",
                    "title",
                    "outlet",
                    "url",
                    "language",
                    "published_on",
                    "published_precision",
                    "body",
                    "origin",
                ],
                rows_out,
            )
        if postgres:
            _vectors(
                [fold(text) for text, _ in pools[10]]
                + [folded + "." for _, folded in pools[16]]
                + [folded + "." for _, folded in pools[12]]
                + [name for _, name in speakers]
                + [title for _, title in articles]
            )
        reviewed_at0 = datetime(2021, 1, 1, tzinfo=UTC)
        for start in range(0, rows, CHUNK):
            count = min(CHUNK, rows - start)
            claims, links, verdicts, sources = [], [], [], []
            claim_ids = _next_ids(Claim, count)
            corrected = sum(1 for i in range(start, start + count) if i % CORRECTION_EVERY == 1)
            verdict_ids = iter(_next_ids(Verdict, count + corrected))
            for index, pk in zip(range(start, start + count), claim_ids, strict=True):
                article_id, article_title = articles[index % article_count]
                speaker_id, speaker_name = speakers[index % len(speakers)]
                quote_part = rng.randrange(POOL)
                quote, quote_folded = pools[10][quote_part]
                if index % 7 == 0:
                    # formula-looking cells, as pasted from spreadsheets
                    quote, quote_folded = "=" + quote, "=" + quote_folded
                claimed_on = (
                    date(2020, 1, 1) + timedelta(days=index % 360)
                    if index < FIRST_SLICE
                    else date(2021, 1, 1) + timedelta(days=index % 1000)
                )
                reviewed_part, summary_part = rng.randrange(POOL), rng.randrange(POOL)
                reviewed, reviewed_folded = pools[16][reviewed_part]
                summary, summary_folded = pools[12][summary_part]
                search_text = " ".join(
                    (
                        quote_folded,
                        reviewed_folded + ".",
                        summary_folded + ".",
                        speaker_name,
                        article_title,
                    )
                )
                claims.append(
                    (
                        pk,
                        article_id,
                        quote,
                        0,
                        len(quote),
                        reviewed + ".",
                        speaker_id,
                        claimed_on,
                        "day",
                        Claim.Status.REVIEWED.value,
                        editor_ids[index % len(editor_ids)],
                        search_text,
                        # The parts of search_text, whose vectors PostgreSQL joins (see _write).
                        quote_part,
                        POOL + reviewed_part,
                        2 * POOL + summary_part,
                        3 * POOL + index % len(speakers),
                        3 * POOL + len(speakers) + index % article_count,
                    )
                )
                links.extend((pk, tag) for tag in rng.sample(tag_ids, 2))
                author = editor_ids[pk % len(editor_ids)]
                reviewer = reviewer_ids[pk % len(reviewer_ids)]
                reviewed_at = reviewed_at0 + timedelta(minutes=pk * 7)
                first = next(verdict_ids)
                if index % CORRECTION_EVERY == 1:
                    # The first verdict was corrected: superseded, and a new one approved later.
                    verdicts.append(
                        (
                            first,
                            pk,
                            rating_ids[pk % len(rating_ids)],
                            summary + ".",
                            *rng.choice(rationales),
                            Verdict.Status.SUPERSEDED.value,
                            author,
                            reviewer,
                            reviewed_at0,
                            reviewed_at,
                            None,
                            "",
                        )
                    )
                    verdicts.append(
                        (
                            next(verdict_ids),
                            pk,
                            rating_ids[(pk + 1) % len(rating_ids)],
                            summary + ".",
                            *rng.choice(rationales),
                            Verdict.Status.APPROVED.value,
                            author,
                            reviewer,
                            reviewed_at,
                            reviewed_at + timedelta(days=3),
                            first,
                            "Chiffres de l’Insee révisés.",
                        )
                    )
                else:
                    verdicts.append(
                        (
                            first,
                            pk,
                            rating_ids[pk % len(rating_ids)],
                            summary + ".",
                            *rng.choice(rationales),
                            Verdict.Status.APPROVED.value,
                            author,
                            reviewer,
                            reviewed_at0,
                            reviewed_at,
                            None,
                            "",
                        )
                    )
                sources.extend(
                    (
                        f"https://sources.example.org/{pk}/{number}",
                        f"Source {number} : {rng.choice(pools[5])[0]}",
                        "Insee",
                        verdicts[-1][0],
                    )
                    for number in (1, 2)
                )
            with transaction.atomic():
                _write(Claim, CLAIM_COLUMNS, claims)
                _write(Claim.tags.through, ["claim_id", "tag_id"], links)
                _write(Verdict, VERDICT_COLUMNS, verdicts)
                _write(Source, ["url", "title", "publisher", "verdict_id"], sources)
            if start and start % (10 * CHUNK) == 0:
                log(f"  {start} claims written")
        if postgres:
            # The claims' sort keys from their approved verdicts, while the triggers that keep
            # them are off and before the indexes on them are built.
            sort_keys.refill()
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        if dropped:
            log(f"Building {len(dropped)} indexes.")
            with connection.cursor() as cursor:
                for statement in dropped:
                    cursor.execute(statement)
    _after_fill()


CLAIM_COLUMNS = [
    "id", "article_id", "quote", "start_offset", "end_offset", "claim_reviewed", "speaker_id",
    "claimed_on", "claimed_precision", "status", "assignee_id", "search_text",
]  # fmt: skip
VERDICT_COLUMNS = [
    "id", "claim_id", "rating_id", "summary", "rationale", "rationale_text", "status", "author_id",
    "reviewer_id", "submitted_at", "reviewed_at", "supersedes_id", "correction_reason",
]  # fmt: skip


def _vectors(parts: list[str]) -> None:
    """fill_parts: each part's tsvector, computed once (see _write)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS fill_parts")
        cursor.execute("CREATE TEMP TABLE fill_parts (id int PRIMARY KEY, t text, v tsvector)")
        with cursor.cursor.copy("COPY fill_parts (id, t) FROM STDIN") as copy:
            for number, text in enumerate(parts):
                copy.write_row((number, text))
        cursor.execute("UPDATE fill_parts SET v = to_tsvector('french'::regconfig, t)")


def _next_ids(model, count: int) -> list[int]:
    """Ids for rows made here, so the rows can point at each other before they are written."""
    first = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return list(range(first, first + count))


def _write(model, columns: list[str], rows: list[tuple]) -> None:
    """Write ``rows`` (values of ``columns``); every other column gets the field's default, as
    the ORM would write it (timestamps: now), once for all rows."""
    if not rows:
        return
    now = timezone.now()
    fields = {field.column: field for field in model._meta.concrete_fields}
    rest = [
        field
        for column, field in fields.items()
        if column not in columns and not field.primary_key and field.column != "search_vector"
    ]
    constants = tuple(
        field.get_db_prep_save(
            now
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_default(),
            connection,
        )
        for field in rest
    )
    names = [*columns, *(field.column for field in rest)]
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if model is not Claim:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + constants)
                return
            # Claims are staged with the ids of their search text's five parts, and written
            # with search_vector joined from the parts' vectors (tsvector || shifts positions):
            # the stemmer runs once a part, not once a claim. The trigger that would compute
            # it is off while filling, with the foreign-key checks.
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS claim_load (LIKE {table},"
                " p1 int, p2 int, p3 int, p4 int, p5 int) ON COMMIT DELETE ROWS"
            )
            staged = f"{quoted}, p1, p2, p3, p4, p5"
            width = len(columns)
            with cursor.cursor.copy(f"COPY claim_load ({staged}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row[:width] + constants + row[width:])
            joined = " || ".join(f"v{n}.v" for n in range(1, 6))
            joins = " ".join(f"JOIN fill_parts v{n} ON v{n}.id = l.p{n}" for n in range(1, 6))
            selected = ", ".join(f"l.{connection.ops.quote_name(name)}" for name in names)
            cursor.execute(
                f"INSERT INTO {table} ({quoted}, search_vector)"
                f" SELECT {selected}, {joined} FROM claim_load l {joins}"
            )
            return
        # SQLite stores dates and times as Django writes them.
        adapt = [
            (position, fields[name])
            for position, name in enumerate(columns)
            if isinstance(fields[name], models.DateField)
        ]
        prepared = []
        for row in rows:
            row = list(row[: len(columns)])
            for position, field in adapt:
                row[position] = field.get_db_prep_save(row[position], connection)
            prepared.append((*row, *constants))
        marks = ", ".join(["%s"] * len(names))
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", prepared)


# Tables whose secondary indexes are built after loading rather than row by row.
BIG_TABLES = ("factcheck_claim", "factcheck_claim_tags", "factcheck_verdict", "factcheck_source")


def _drop_indexes() -> list[str]:
    """Drop the big tables' indexes that back no constraint; return the statements that rebuild
    them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
            WHERE i.indrelid::regclass::text = ANY(%s) AND c.oid IS NULL
            """,
            [list(BIG_TABLES)],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def _after_fill() -> None:
    tallies.recount()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Article, Claim, Claim.tags.through, Verdict, Source):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        # Fresh planner statistics, and on PostgreSQL the visibility map autovacuum would build
        # (index-only scans for counts), so the first runs do not measure a cold database.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
