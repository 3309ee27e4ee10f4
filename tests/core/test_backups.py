"""A backup restored brings back every article, claim, verdict, source and history row."""

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from factcheck.core.backups import backup
from factcheck.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    Snapshot,
    Source,
    Speaker,
    Verdict,
)

try:
    import psycopg
except ImportError:  # SQLite-only machines
    psycopg = None
from tests.factories import SourceFactory, VerdictFactory

MODELS = [Article, Speaker, Claim, Verdict, Source]


def snapshot():
    rows = {}
    for model in MODELS:
        rows[model.__name__] = sorted(model.objects.values_list("pk", flat=True))
        rows[f"history:{model.__name__}"] = model.history.count()
    rows["quotes"] = sorted(Claim.objects.values_list("quote", flat=True))
    rows["rationales"] = sorted(Verdict.objects.values_list("rationale", flat=True))
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_everything_back(tmp_path):
    call_command("load_seeds", verbosity=0)
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    SourceFactory(verdict=VerdictFactory(claim=claim, summary="« Faux » selon l’Insee"))
    claim.claim_reviewed = "Nouvelle formulation."
    claim.save()
    before = snapshot()
    assert before["history:Claim"] == 5

    path = tmp_path / "backup.bin"
    call_command("backup_db", str(path), verbosity=0)
    assert path.stat().st_size > 0

    # The disaster a backup is for: rows gone underneath the application, past the deletion
    # guards (factcheck.protection), in the order the foreign keys allow.
    for model in (
        Snapshot,
        Source,
        Verdict,
        ClaimLink,
        Claim.tags.through,
        Claim,
        ArticleVersion,
        Article,
    ):
        model.objects.all()._raw_delete(model.objects.db)
    for model in MODELS:
        model.history.all().delete()
    assert not Claim.objects.exists()

    call_command("restore_db", str(path), yes=True, verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_bad_file(tmp_path):
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore_db", str(tmp_path / "absent"), yes=True)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError):
        call_command("restore_db", str(bad), yes=True)
    assert Article.objects.count() == 0


# A restore checks the file before touching the database, and swaps it in at once.

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, var_dir, env=None):
    """Run manage.py in a subprocess on the SQLite database in ``var_dir``, as an operator does."""
    environment = {**os.environ, "DEBUG": "1", "FACTCHECK_VAR_DIR": str(var_dir), **(env or {})}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged_copies(good: bytes) -> dict[str, bytes]:
    middle = len(good) // 2
    noise = random.Random(11).randbytes(8192)
    return {
        "empty": b"",
        "text": b"not a backup at all\r\n\x00\xf0\x9f\x98\x80",
        "truncated": good[:middle],
        "random bytes in the middle": good[:middle] + noise + good[middle + len(noise) :],
        "zeroed pages": good[:4096] + bytes(len(good) - 8192) + good[-4096:],
    }


def index_out_of_step(good: bytes, tmp_path: Path) -> bytes:
    """A copy whose every table reads fine but whose article index no longer matches the rows:
    only an integrity check sees it."""
    path = tmp_path / "index.sqlite3"
    path.write_bytes(good)
    damaged = sqlite3.connect(path)
    damaged.execute("PRAGMA writable_schema=ON")
    damaged.execute(
        'UPDATE sqlite_master SET sql = \'CREATE INDEX "article_imported_idx" '
        'ON "factcheck_article" ("title")\' WHERE name = \'article_imported_idx\''
    )
    damaged.commit()
    damaged.close()
    return path.read_bytes()


@pytest.fixture
def project_database(tmp_path, transactional_db):
    """A var/ folder holding a real, migrated database of this project (the test database)."""
    call_command("load_seeds", verbosity=0)
    var_dir = tmp_path / "var"
    backup(var_dir / "db.sqlite3")
    return var_dir


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file restore")
def test_restore_refuses_damaged_files_and_leaves_the_target_whole(project_database, tmp_path):
    target = project_database / "db.sqlite3"
    good = target.read_bytes()
    before = digest(target)
    copies = damaged_copies(good)
    copies["index out of step with its table"] = index_out_of_step(good, tmp_path)
    for name, content in copies.items():
        bad = tmp_path / f"{name}.sqlite3"
        bad.write_bytes(content)
        result = manage("restore_db", str(bad), "--yes", var_dir=project_database)
        assert result.returncode != 0, name
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)
        assert "Restore refused" in result.stderr
        assert digest(target) == before, name
    assert sorted(p.name for p in project_database.iterdir()) == ["db.sqlite3", "secret_key"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file restore")
def test_restore_refuses_another_projects_database(project_database, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as foreign:
        foreign.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        foreign.execute("INSERT INTO notes (text) VALUES ('é')")
    foreign.close()
    result = manage("restore_db", str(other), "--yes", var_dir=project_database)
    assert result.returncode == 1
    assert "not a backup of this workbench" in result.stderr
    # The same project, but a migration this code does not know: a newer version's backup.
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes((project_database / "db.sqlite3").read_bytes())
    with sqlite3.connect(newer) as future:
        future.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('factcheck', '9999_from_the_future', '2030-01-01')"
        )
    future.close()
    result = manage("restore_db", str(newer), "--yes", var_dir=project_database)
    assert result.returncode == 1
    assert "another version" in result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file restore")
def test_restore_swaps_the_file_and_keeps_the_previous_database(project_database, tmp_path):
    target = project_database / "db.sqlite3"
    wanted = tmp_path / "wanted.sqlite3"
    wanted.write_bytes(target.read_bytes())
    with sqlite3.connect(wanted) as edit:
        edit.execute("UPDATE factcheck_article SET title = 'Restaurée 🎉 ‏עברית'")
    edit.close()
    before = digest(target)

    result = manage("restore_db", str(wanted), "--yes", var_dir=project_database)

    assert result.returncode == 0, result.stderr
    assert "previous database is kept" in result.stdout
    kept = [p for p in project_database.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and digest(kept[0]) == before
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as restored:
        titles = {row[0] for row in restored.execute("SELECT title FROM factcheck_article")}
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored.close()
    assert titles == {"Restaurée 🎉 ‏עברית"}
    assert not [p for p in project_database.iterdir() if p.name.endswith(".part")]


def test_backup_of_an_unwritable_place_fails_in_one_line_and_leaves_nothing(
    tmp_path, transactional_db
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(CommandError) as refusal:
        call_command("backup_db", str(blocked / "backup.sqlite3"), verbosity=0)
    assert "\n" not in str(refusal.value)
    assert blocked.read_text() == "a file where the folder should be"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and its locks")
@pytest.mark.django_db(transaction=True)
def test_interrupted_pg_backup_keeps_the_earlier_file_and_leaves_no_partial_one(tmp_path, settings):
    settings.BACKUP_LOCK_WAIT_TIMEOUT = 1
    earlier = tmp_path / "factcheck.dump"
    call_command("backup_db", str(earlier), verbosity=0)
    first = digest(earlier)
    # Another session holds a table: pg_dump cannot read it and gives up after the lock wait.
    blocker = psycopg.connect(**connection.get_connection_params(), autocommit=False)
    try:
        blocker.execute("LOCK TABLE factcheck_claim IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(CommandError) as failure:
            call_command("backup_db", str(earlier), verbosity=0)
    finally:
        blocker.rollback()
        blocker.close()
    assert "\n" not in str(failure.value)
    assert digest(earlier) == first
    assert [p.name for p in tmp_path.iterdir()] == ["factcheck.dump"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_restore")
@pytest.mark.django_db(transaction=True)
def test_pg_restore_refuses_damaged_files_and_keeps_a_dump_of_the_current_database(tmp_path):
    call_command("load_seeds", verbosity=0)
    path = tmp_path / "good.dump"
    call_command("backup_db", str(path), verbosity=0)
    articles = Article.objects.count()
    for name, content in damaged_copies(path.read_bytes()).items():
        if name == "zeroed pages":
            continue
        bad = tmp_path / f"{name.replace(' ', '-')}.dump"
        bad.write_bytes(content)
        with pytest.raises(CommandError, match="Restore refused") as refusal:
            call_command("restore_db", str(bad), yes=True, verbosity=0)
        assert "\n" not in str(refusal.value)
        assert Article.objects.count() == articles, name
    Article.objects.update(title="Changé après la sauvegarde")
    call_command("restore_db", str(path), yes=True, verbosity=0)
    assert not Article.objects.filter(title="Changé après la sauvegarde").exists()
    kept = list(tmp_path.glob("good.dump.before-restore-*.dump"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
