"""``manage.py export_claims``: the claims CSV, the same bytes as /claims/export.csv.

The options are the list's filters; with none, the reviewed claims. Writes to standard output
or to ``--output FILE``: written under a temporary name beside it and renamed only once whole,
so an interrupted export leaves no file that looks complete and keeps an earlier one. A failure
is one line on standard error and a non-zero exit.
"""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.http import QueryDict

from factcheck.core.backups import BackupError, one_line, written_atomically
from factcheck.core.db_timeouts import export_statement_timeout
from factcheck.exports import exporting

# option -> query-string parameter of the claims list (repeatable options take several values).
FILTER_OPTIONS = {
    "q": "q",
    "status": "status",
    "rating": "rating",
    "speaker": "speaker",
    "article": "article",
    "tag": "tag",
    "assignee": "assignee",
    "claimed_after": "claimed_after",
    "claimed_before": "claimed_before",
    "reviewed_after": "reviewed_after",
    "reviewed_before": "reviewed_before",
}


class Command(BaseCommand):
    help = (
        "Export claims as CSV (by default the reviewed ones), with the claims list's filters. "
        "The output is byte-for-byte what /claims/export.csv gives for the same filters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--q", help="Search words, as the list's search box.")
        parser.add_argument("--status", action="append", help="A status (repeatable).")
        parser.add_argument("--rating", action="append", help="A rating code (repeatable).")
        parser.add_argument("--speaker", help="Speaker id.")
        parser.add_argument("--article", help="Article id.")
        parser.add_argument("--tag", help="Tag id.")
        parser.add_argument("--assignee", help="Assignee user id ('null' for nobody).")
        parser.add_argument("--claimed-after", help="YYYY-MM-DD")
        parser.add_argument("--claimed-before", help="YYYY-MM-DD")
        parser.add_argument("--reviewed-after", help="YYYY-MM-DD")
        parser.add_argument("--reviewed-before", help="YYYY-MM-DD")
        parser.add_argument(
            "--all", action="store_true", help="Every claim the filters select, reviewed or not."
        )
        parser.add_argument("--excel", action="store_true", help="Start with Excel's UTF-8 BOM.")
        parser.add_argument(
            "--layout",
            choices=list(exporting.LAYOUTS),
            default="default",
            help="full: add related_claims and corrections to the default columns.",
        )
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="Scheme and host for claim_url (default: settings.SITE_URL).",
        )

    def handle(self, *args, **options):
        params = query_from_options(options)
        try:
            claims = exporting.claims_to_export(params)
        except exporting.InvalidFilters as invalid:
            raise CommandError(one_line(invalid.errors.as_text())) from None
        chunks = export_statement_timeout(
            exporting.csv_chunks(
                claims,
                base_url=options["site_url"],
                excel=options["excel"],
                layout=options["layout"],
            )
        )
        try:
            if options["output"]:
                size = self.write_file(options["output"], chunks)
            else:
                self.write_stdout(chunks)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"Export interrupted, database error: {one_line(error)}") from None
        except OSError as error:
            raise CommandError(f"Export interrupted: {one_line(error)}") from None
        if options["output"] and options["verbosity"]:
            self.stderr.write(self.style.SUCCESS(f"Wrote {size} bytes to {options['output']}."))

    def write_file(self, output, chunks) -> int:
        with written_atomically(output) as temporary, open(temporary, "wb") as out:
            size = sum(out.write(chunk) for chunk in chunks)
            out.flush()
            os.fsync(out.fileno())
        return size

    def write_stdout(self, chunks) -> None:
        out = getattr(self.stdout, "_out", sys.stdout)
        binary = getattr(out, "buffer", None)
        for chunk in chunks:
            if binary is not None:
                binary.write(chunk)
            else:
                out.write(chunk.decode())
        out.flush()


def query_from_options(options) -> QueryDict:
    params = QueryDict(mutable=True)
    for option, key in FILTER_OPTIONS.items():
        value = options.get(option)
        if value in (None, "", []):
            continue
        params.setlist(key, value if isinstance(value, list) else [value])
    if options.get("all"):
        params["all"] = "1"
    return params
