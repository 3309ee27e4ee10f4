"""Import other desks' fact-checks from a ClaimReview file or address (JSON-LD, a DataFeed or an
HTML page carrying them): the import page's service, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.external import services
from factcheck.external.parsing import MAX_BYTES, FeedRefused
from factcheck.intake.fetching import FetchRefused


def _is_address(path: str) -> bool:
    scheme, sep, _rest = path.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha()


class Command(BaseCommand):
    help = (
        "Import ClaimReview items from PATH_OR_URL (a file, or an http(s) address fetched with "
        "the desk's safe fetcher). Nothing is written if any item is wrong; importing the same "
        "items again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH_OR_URL")

    def handle(self, *args, path, **options):
        try:
            if _is_address(path):
                done = services.import_address(address=path)
            else:
                done = services.import_feed(data=self._read(path))
        except (FeedRefused, FetchRefused) as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(
            f"{done.total} fact-check(s) imported: {done.created} new, {done.updated} updated."
        )

    def _read(self, path: str) -> bytes:
        file = Path(path)
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path} is larger than {MAX_BYTES // 1024} kB.")
            return file.read_bytes()
        except (OSError, ValueError) as error:
            raise CommandError(f"{path} cannot be read: {error}") from None
