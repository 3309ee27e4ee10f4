"""Restore the database from a backup made by backup_db; what it holds now is replaced."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.backups import BackupError, restore


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
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Database restored from {file}"))
