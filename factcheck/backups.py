"""Back up and restore the whole database: pg_dump/pg_restore on PostgreSQL, SQLite's backup API.

A backup holds every table, history included. Restoring replaces what the database holds.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(RuntimeError):
    """A backup or restore that could not be made; the message says why."""


def _database(alias: str = "default") -> dict:
    return settings.DATABASES[alias]


def _is_sqlite(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.sqlite3"


def default_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if _is_sqlite(_database()) else "dump"
    return settings.VAR_DIR / "backups" / f"factcheck-{stamp}.{suffix}"


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


def backup(path: Path | None = None, *, alias: str = "default") -> Path:
    """Write a complete copy of the database to ``path`` (default: var/backups/…)."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    db = _database(alias)
    connection = connections[alias]
    if _is_sqlite(db):
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        env, args = _pg_env_and_args(db)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args], env)
    return path


def restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's content with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    db = _database(alias)
    connection = connections[alias]
    if _is_sqlite(db):
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: not an SQLite backup ({error})") from None
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        if connection.in_atomic_block:
            raise BackupError("a restore cannot run inside a transaction")
        env, args = _pg_env_and_args(db)
        _run(["pg_restore", "--list", str(path)], env)  # a readable dump, before touching anything
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(path),
            ],
            env,
        )
