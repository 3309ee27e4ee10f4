"""Import one article from a text file in the seed format (or plain UTF-8 text), or from its web
address: the page is fetched with the desk's safe fetcher, its text and metadata extracted, and
the page kept with the article's first version."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.articles import importing
from factcheck.articles.models import Language
from factcheck.articles.services import create_article
from factcheck.intake import services as intake
from factcheck.intake.extraction import NothingExtracted
from factcheck.intake.fetching import FetchRefused
from factcheck.workflow import NotAllowed


def _is_address(path: str) -> bool:
    """A web address (or another scheme, which the fetcher refuses with its reason)."""
    scheme, sep, _rest = path.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha()


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
        for field, messages in error.message_dict.items()
    )


class Command(BaseCommand):
    help = (
        "Import an article from PATH: UTF-8 text, optionally opening with a date marker "
        "(date 2023, date 2023-11 or date 2023-11-27), or an http(s) address whose page is "
        "fetched and read. Nothing is written if anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The text file to import, or the article's address.")
        parser.add_argument("--title", default="", help="Default: the lead's first sentence.")
        parser.add_argument(
            "--url", default="", help="The article's address (http or https), for a file."
        )
        parser.add_argument("--outlet", default="", help="Who published it.")
        parser.add_argument(
            "--language",
            default="",
            choices=Language.values,
            help="The article's language (default: fr for a file, the page's for an address).",
        )
        parser.add_argument(
            "--allow-duplicate",
            action="store_true",
            help="Import even if an article with the same text (white space aside) exists.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and check the file only; write nothing."
        )

    def handle(
        self,
        *args,
        path,
        title,
        url,
        outlet,
        language,
        dry_run=False,
        allow_duplicate=False,
        **options,
    ):
        if _is_address(path):
            return self._import_address(
                path,
                title=title,
                outlet=outlet,
                language=language,
                dry_run=dry_run,
                allow_duplicate=allow_duplicate,
                verbosity=options["verbosity"],
            )
        language = language or Language.FRENCH
        source = Path(path)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a directory, not a file") from None
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
        try:
            parsed = importing.parse_article(importing.decode_article(data), title=title)
        except importing.InvalidArticle as error:
            raise CommandError(f"{path}: {error}") from None

        if dry_run:
            self.stdout.write(f"{path}: would import “{parsed.title}” ({len(parsed.body)} chars)")
            return
        try:
            article = create_article(
                parsed=parsed,
                outlet=outlet,
                url=url,
                language=language,
                origin=source.name,
                allow_duplicate_body=allow_duplicate,
            )
        except ValidationError as error:
            problems = _problems(error)
            if getattr(error, "field", "") == "text":
                problems += " Use --allow-duplicate to import it anyway."
            raise CommandError(f"{path}: {problems}") from None
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported article {article.pk}: “{article.title}” "
                    f"({article.published or 'no date'}, {len(article.body)} characters)."
                )
            )

    def _import_address(self, url, *, title, outlet, language, dry_run, allow_duplicate, verbosity):
        try:
            if dry_run:
                _fetched, found = intake.read_article_page(url)
                self.stdout.write(
                    f"{url}: would import “{title or found.title}” "
                    f"({found.published or 'no date'}, {found.language}, {len(found.text)} chars)"
                )
                return
            article = intake.import_from_url(
                url,
                title=title,
                outlet=outlet,
                language=language,
                allow_duplicate_body=allow_duplicate,
            )
        except intake.AlreadyOnDesk as known:
            self.stdout.write(f"{url}: {known} (article {known.article.pk})")
            return
        except (FetchRefused, NothingExtracted, NotAllowed) as refusal:
            raise CommandError(f"{url}: {refusal}") from None
        except ValidationError as error:
            problems = _problems(error)
            if getattr(error, "field", "") == "text":
                problems += " Use --allow-duplicate to import it anyway."
            raise CommandError(f"{url}: {problems}") from None
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported article {article.pk}: “{article.title}” "
                    f"({article.published or 'no date'}, {len(article.body)} characters), "
                    f"from {article.url}."
                )
            )
