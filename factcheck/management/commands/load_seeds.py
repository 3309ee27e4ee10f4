"""Load everything under seeds/ (articles, speakers, claims); a second run creates nothing."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.desk.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = "Load the seed articles, speakers and claims under seeds/. Safe to run again."

    def handle(self, *args, **options):
        try:
            report = load_seeds()
        except SeedError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            created = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Seeds loaded; new: {created}."))
