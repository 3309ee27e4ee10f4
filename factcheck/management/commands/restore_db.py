"""Restore the database from a backup made by backup_db; what it holds now is replaced.

The file is checked before anything is touched, the current database is kept beside it (SQLite:
``<db>.before-restore-<time>``; PostgreSQL: ``<backup>.before-restore-<time>.dump``), and the
backup goes in at once or not at all. A failure is one line on standard error and a non-zero exit.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from factcheck.core.backups import BackupError, one_line, restore


class Command(BaseCommand):
    help = "Replace the database's content with the backup in FILE (made by backup_db)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file, yes=False, **options):
        if not yes and options.get("interactive", True):
            answer = input(f"Replace everything in the database with {file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            before = restore(file)
        except BackupError as error:
            raise CommandError(f"Restore refused, nothing changed: {error}") from None
        except DatabaseError as error:
            raise CommandError(f"Restore failed, database error: {one_line(error)}") from None
        if options["verbosity"]:
            kept = f"; the previous database is kept in {before}" if before else ""
            self.stdout.write(self.style.SUCCESS(f"Database restored from {file}{kept}"))
