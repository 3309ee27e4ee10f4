"""Back up and restore the whole database: pg_dump/pg_restore on PostgreSQL, SQLite's backup API.

A backup holds every table, history included. Every step is all or nothing:

- a backup is written under a temporary name beside its destination and renamed only once it
  is complete and checked, so a file with the final name is always a whole backup;
- a restore checks the file before touching the database (SQLite: opened read-only, integrity
  check, this project's tables and migrations; PostgreSQL: ``pg_restore --list``), keeps a copy
  of the current database beside it, then swaps the backup in at once (SQLite: ``os.replace``
  of a database file built next to the target; PostgreSQL: ``--single-transaction``).

Every failure is a ``BackupError`` whose message is one line.
"""

import contextlib
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from factcheck.core import kept

# Without these a file is not a backup of this project, whatever else it holds.
REQUIRED_TABLES = ("django_migrations", "auth_user")
PROJECT_APP = "factcheck"


class BackupError(RuntimeError):
    """A backup or restore that could not be made; the message (one line) says why."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


def one_line(text: str) -> str:
    """``text`` on a single line: an operator's terminal shows the whole reason at once."""
    return "; ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _database(alias: str = "default") -> dict:
    return settings.DATABASES[alias]


def _is_sqlite(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.sqlite3"


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S")


def default_path() -> Path:
    suffix = "sqlite3" if _is_sqlite(_database()) else "dump"
    return settings.VAR_DIR / "backups" / f"factcheck-{_stamp()}.{suffix}"


@contextmanager
def written_atomically(path: Path) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; rename it to ``path`` only if the block
    succeeds. On any failure the temporary file is removed and an earlier ``path`` is kept."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as error:
        raise BackupError(f"{path}: cannot write here ({error.strerror})") from None
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    timeout = (db.get("OPTIONS") or {}).get("connect_timeout")
    if timeout:
        env["PGCONNECT_TIMEOUT"] = str(timeout)
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict) -> str:
    try:
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None
    return done.stdout


# Backup.


def _pg_dump_command(path: Path) -> list[str]:
    # A table locked by another session makes pg_dump give up instead of waiting for ever.
    wait = int(settings.BACKUP_LOCK_WAIT_TIMEOUT * 1000)
    return [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--lock-wait-timeout={wait}",
        "--file",
        str(path),
    ]


def backup(path: Path | None = None, *, alias: str = "default") -> Path:
    """Write a complete copy of the database to ``path`` (default: var/backups/…)."""
    path = Path(path or default_path())
    db = _database(alias)
    with written_atomically(path) as temporary:
        if _is_sqlite(db):
            connection = connections[alias]
            connection.ensure_connection()
            target = sqlite3.connect(temporary)
            try:
                connection.connection.backup(target)
                # A backup file stands alone: no write-ahead log beside it.
                target.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.Error as error:
                raise BackupError(f"SQLite backup failed: {error}") from None
            finally:
                target.close()
            check_sqlite_backup(temporary)
        else:
            env, args = _pg_env_and_args(db)
            _run([*_pg_dump_command(temporary), *args], env)
            check_pg_backup(temporary, env)
    return path


# Checks, before anything is touched.


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def project_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_app_config(PROJECT_APP).get_models()}


def check_sqlite_backup(path: Path) -> list[tuple[str, str]]:
    """Refuse ``path`` unless it is a whole SQLite database of this project. Returns the
    project's migrations it lacks (a backup made before an upgrade: ``migrate`` after)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if path.stat().st_size == 0:
        raise BackupError(f"{path}: the file is empty, not a backup")
    try:
        # immutable=1: read the file as it is, without creating a journal or WAL beside it.
        source = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path}: cannot be opened ({error})") from None
    try:
        verdict = [row[0] for row in source.execute("PRAGMA integrity_check(5)")]
        if verdict != ["ok"]:
            raise BackupError(f"{path}: damaged SQLite file ({'; '.join(verdict)})")
        tables = {
            row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        missing = [name for name in REQUIRED_TABLES if name not in tables]
        if missing:
            names = ", ".join(missing)
            raise BackupError(f"{path}: not a backup of this workbench (no {names} table)")
        applied = set(source.execute("SELECT app, name FROM django_migrations").fetchall())
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: damaged, or not an SQLite backup ({error})") from None
    finally:
        source.close()
    known = _known_migrations()
    unknown = sorted(applied - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:3])
        raise BackupError(f"{path}: made by another version of the workbench (migrations {names})")
    if (PROJECT_APP, "0001_initial") not in applied:
        raise BackupError(f"{path}: not a backup of this workbench (no {PROJECT_APP} migrations)")
    lacking = sorted(known - applied)
    if not lacking:
        absent = sorted(project_tables() - tables)
        if absent:
            raise BackupError(f"{path}: tables missing ({', '.join(absent[:5])})")
    return lacking


def check_pg_backup(path: Path, env: dict | None = None) -> None:
    """Refuse ``path`` unless ``pg_restore --list`` reads it and it holds this project's tables."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if path.stat().st_size == 0:
        raise BackupError(f"{path}: the file is empty, not a backup")
    listing = _run(["pg_restore", "--list", str(path)], env or {**os.environ})
    data = set()
    for line in listing.splitlines():
        if " TABLE DATA " in line and not line.startswith(";"):
            data.update(line.split(" TABLE DATA ", 1)[1].split())
    missing = [name for name in (*REQUIRED_TABLES, "factcheck_article") if name not in data]
    if missing:
        raise BackupError(f"{path}: not a backup of this workbench (no {', '.join(missing)})")


# Restore.


def restore(path: Path, *, alias: str = "default") -> Path | None:
    """Replace the database with the backup at ``path``, after checking it.

    Returns where the database as it was before is kept (None for an in-memory database)."""
    path = Path(path)
    db = _database(alias)
    if _is_sqlite(db):
        check_sqlite_backup(path)
        previous = _generation(alias)
        before = _restore_sqlite(path, alias)
        _move_generation_past(previous, alias)
        return before
    env, args = _pg_env_and_args(db)
    check_pg_backup(path, env)
    previous = _generation(alias)
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("a restore cannot run inside a transaction")
    before = path.with_name(f"{path.name}.before-restore-{_stamp()}.dump")
    with written_atomically(before) as temporary:
        _run([*_pg_dump_command(temporary), *args], env)
    connection.close()
    restore_command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*restore_command, "--exit-on-error", *args, str(path)], env)
    _move_generation_past(previous, alias)
    return before


# Kept page fragments (core/kept.py) were made under content generations up to the one before
# the restore; the restored database moves past it, so that none of them is served again.


def _generation(alias: str) -> int:
    connection = connections[alias]
    if _is_sqlite(connection.settings_dict) and not connection.is_in_memory_db():
        # Read-only: Django's connection would turn the file to WAL before it is copied aside.
        database = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
        try:
            query = f"SELECT COALESCE(SUM(moves), 0) FROM {kept.GENERATION}"
            return database.execute(query).fetchone()[0]
        except sqlite3.Error:
            return 0
        finally:
            database.close()
    try:
        return kept.generation(alias)
    except DatabaseError:
        return 0


def _move_generation_past(previous: int, alias: str) -> None:
    # A backup older than the generation's table: migrating adds it.
    with contextlib.suppress(DatabaseError):
        kept.move_generation(past=previous, using=alias)


def _restore_sqlite(path: Path, alias: str) -> Path | None:
    connection = connections[alias]
    target = connection.settings_dict["NAME"]
    if connection.is_in_memory_db():
        # Tests: no file to swap. The backup API copies in one step, committed at its end.
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return None
    if connection.in_atomic_block:
        raise BackupError("a restore cannot run inside a transaction")
    return swap_sqlite_file(path, Path(target), close=connection.close)


def swap_sqlite_file(backup_path: Path, target: Path, *, close=lambda: None) -> Path:
    """Make ``target`` a copy of ``backup_path`` in one rename; the old database is kept as
    ``<target>.before-restore-<time>``. Returns that path."""
    close()  # Django's own connection must not write into the file being replaced.
    before = target.with_name(f"{target.name}.before-restore-{_stamp()}")
    if target.exists():
        current = sqlite3.connect(target)
        try:
            # Fold the write-ahead log into the file, so neither copy depends on it.
            current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with written_atomically(before) as temporary:
                kept = sqlite3.connect(temporary)
                try:
                    current.backup(kept)
                    kept.execute("PRAGMA journal_mode=DELETE")
                finally:
                    kept.close()
        except sqlite3.Error as error:
            raise BackupError(
                f"{target}: the current database cannot be copied ({error})"
            ) from None
        finally:
            current.close()
    with written_atomically(target) as temporary:
        source = sqlite3.connect(f"file:{backup_path}?mode=ro&immutable=1", uri=True)
        built = sqlite3.connect(temporary)
        try:
            source.backup(built)
            built.execute("PRAGMA journal_mode=DELETE")
            if built.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                raise BackupError(f"{backup_path}: the restored copy does not check out")
        except sqlite3.Error as error:
            raise BackupError(f"{backup_path}: cannot be copied ({error})") from None
        finally:
            built.close()
            source.close()
        for leftover in ("-wal", "-shm"):
            # The old database's (empty, checkpointed) log must not meet the new file.
            Path(f"{target}{leftover}").unlink(missing_ok=True)
    return before if before.exists() else None
