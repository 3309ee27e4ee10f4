"""Write a complete backup of the database (PostgreSQL: pg_dump; SQLite: its backup API).

The file appears under its name only once it is complete; a failed run leaves no partial file
and keeps an earlier one. A failure is one line on standard error and a non-zero exit.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from factcheck.core.backups import BackupError, backup, one_line


class Command(BaseCommand):
    help = "Back up the whole database, history included, to FILE (default: var/backups/)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the backup.")

    def handle(self, *args, file=None, **options):
        try:
            path = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"Backup failed, database error: {one_line(error)}") from None
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
