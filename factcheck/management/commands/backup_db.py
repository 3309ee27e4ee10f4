"""Write a complete backup of the database (PostgreSQL: pg_dump; SQLite: its backup API)."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database, history included, to FILE (default: var/backups/)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the backup.")

    def handle(self, *args, file=None, **options):
        try:
            path = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
