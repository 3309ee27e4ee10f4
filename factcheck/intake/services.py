"""Importing an article from its address, and keeping the desk's copy of each source.

An import is two steps: ``fetch_article_page`` reads the page and keeps it as a snapshot not yet
attached to anything, and the editor sees the extraction; ``import_fetched`` saves the text as
the editor confirmed it, as a new article whose first version holds that snapshot, whole or not
at all. A source's copy is fetched in the background (``factcheck.intake.tasks``): adding a
source, or changing its address, asks for one (``connect_signals``).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from factcheck.articles.canonical import canonical_url
from factcheck.articles.importing import ParsedArticle
from factcheck.articles.services import create_article
from factcheck.core.permissions import can
from factcheck.intake.extraction import Extraction, NothingExtracted, extract
from factcheck.intake.fetching import Fetched, FetchRefused, fetch
from factcheck.models import Article, Snapshot, Source
from factcheck.workflow import NotAllowed

logger = logging.getLogger(__name__)

# A page fetched for an import the editor never confirmed is dropped after this long.
UNCONFIRMED_FOR = timedelta(days=1)


class AlreadyOnDesk(Exception):
    """The address is already an article's: ``article`` is it."""

    def __init__(self, article: Article):
        super().__init__(
            _("This page is already on the desk: “%(title)s”.") % {"title": article.title}
        )
        self.article = article


@dataclass(frozen=True)
class FetchedArticle:
    snapshot: Snapshot
    extraction: Extraction


def existing_article(*urls: str) -> Article | None:
    """The article stored under any of ``urls`` (compared in canonical form), if any."""
    canonical = {canonical_url(url) for url in urls if url}
    canonical.discard("")
    return Article.objects.filter(url__in=canonical).order_by("pk").first() if canonical else None


def read_article_page(url: str, *, by=None) -> tuple[Fetched, Extraction]:
    """Fetch and read the page at ``url`` for an import, writing nothing.

    Raises ``NotAllowed``, ``AlreadyOnDesk`` (before fetching when the address is known, after
    when the page's own address is), ``FetchRefused`` or ``NothingExtracted``."""
    if by is not None and not can(by, "import_article"):
        raise NotAllowed(_("You are not allowed to import articles."))
    known = existing_article(url)
    if known is not None:
        raise AlreadyOnDesk(known)
    fetched = fetch(url)
    extraction = extract(fetched)
    known = existing_article(fetched.final_url, extraction.canonical_url)
    if known is not None:
        raise AlreadyOnDesk(known)
    return fetched, extraction


def fetch_article_page(url: str, *, by=None) -> FetchedArticle:
    """``read_article_page``, then the page kept as a snapshot awaiting the editor's
    confirmation (``import_fetched``)."""
    fetched, extraction = read_article_page(url, by=by)
    with transaction.atomic():
        Snapshot.objects.filter(
            article_version__isnull=True,
            source__isnull=True,
            requested_at__lt=timezone.now() - UNCONFIRMED_FOR,
        ).delete()
        snapshot = Snapshot.objects.create(
            requested_by=by, **_kept(fetched, extraction.text, url=url)
        )
    return FetchedArticle(snapshot=snapshot, extraction=extraction)


def _kept(fetched: Fetched, text: str, *, url: str) -> dict:
    return {
        "url": url[:2000],
        "state": Snapshot.State.DONE,
        "final_url": fetched.final_url[:2000],
        "status_code": fetched.status,
        "content_type": fetched.content_type[:100],
        "text": text,
        "raw": fetched.body,
        "truncated": fetched.truncated,
        "sha256": fetched.sha256,
        "fetched_at": fetched.fetched_at,
        "error": "",
        "error_params": {},
    }


def import_fetched(
    *,
    snapshot: Snapshot,
    parsed: ParsedArticle,
    outlet: str,
    url: str,
    language: str,
    by=None,
    allow_duplicate_body: bool = False,
) -> Article:
    """The article as the editor confirmed it, its first version holding ``snapshot``.

    Raises what ``create_article`` raises, and ``NotAllowed`` when the snapshot is not this
    person's unconfirmed import (already used, or fetched by someone else)."""
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if (
            snapshot.article_version_id is not None
            or snapshot.source_id is not None
            or (by is not None and snapshot.requested_by_id != by.pk)
        ):
            raise NotAllowed(_("This fetched page was already imported; fetch it again."))
        article = create_article(
            parsed=parsed,
            outlet=outlet,
            url=url,
            language=language,
            origin=snapshot.final_url[:300],
            by=by,
            allow_duplicate_body=allow_duplicate_body,
        )
        snapshot.article_version = article.versions.get(number=1)
        snapshot.save(update_fields=["article_version"])
    return article


def import_from_url(
    url: str,
    *,
    title: str = "",
    outlet: str = "",
    language: str = "",
    by=None,
    allow_duplicate_body: bool = False,
) -> Article:
    """Fetch, read and save in one go, the extraction taken as it is unless ``title``,
    ``outlet`` or ``language`` say otherwise (the command line)."""
    page = fetch_article_page(url, by=by)
    found = page.extraction
    try:
        return import_fetched(
            snapshot=page.snapshot,
            parsed=ParsedArticle(
                title=" ".join(title.split()) or found.title,
                body=found.text,
                published=found.published,
            ),
            outlet=outlet or found.outlet,
            url=found.canonical_url,
            language=language or found.language,
            by=by,
            allow_duplicate_body=allow_duplicate_body,
        )
    except BaseException:
        page.snapshot.delete()  # nothing half-written: the page goes with the refused import
        raise


# Sources -----------------------------------------------------------------------------------


def request_snapshot(source: Source, *, by=None) -> Snapshot:
    """Ask the queue for a copy of ``source``'s page; the row says "being fetched" until then."""
    from factcheck.intake.tasks import fetch_snapshot

    snapshot = Snapshot.objects.create(url=source.url, source=source, requested_by=by)
    transaction.on_commit(lambda: fetch_snapshot.enqueue(snapshot.pk))
    return snapshot


def retry_snapshot(source: Source, *, by) -> Snapshot:
    """A new attempt at a source whose last fetch failed."""
    if not can(by, "edit_sources"):
        raise NotAllowed(_("You are not allowed to do this."))
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        latest = source.snapshots.order_by("-pk").first()
        if latest is not None and latest.state == Snapshot.State.PENDING:
            return latest  # a fetch is already on its way: one is enough
        return request_snapshot(source, by=by)


def take_snapshot(snapshot_id: int) -> Snapshot | None:
    """Fetch a pending snapshot's page and keep it, or keep why not (the task's work)."""
    snapshot = Snapshot.objects.filter(pk=snapshot_id, state=Snapshot.State.PENDING).first()
    if snapshot is None:
        return None  # already done by another worker, or its source was removed
    try:
        fetched = fetch(snapshot.url, truncate=True)
    except FetchRefused as refusal:
        values = {
            "state": Snapshot.State.FAILED,
            "error": refusal.reason,
            "error_params": refusal.params,
        }
    except Exception:
        logger.exception("fetching snapshot %s failed", snapshot_id)
        values = {
            "state": Snapshot.State.FAILED,
            "error": gettext_noop("The page could not be read."),
            "error_params": {},
        }
    else:
        try:
            text = extract(fetched).text
        except NothingExtracted:
            text = ""
        values = _kept(fetched, text, url=snapshot.url)
    # Only a row still pending is written: two workers never both fill it.
    Snapshot.objects.filter(pk=snapshot.pk, state=Snapshot.State.PENDING).update(**values)
    return Snapshot.objects.filter(pk=snapshot.pk).first()


def _source_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loading a fixture: no fetch
    if created:
        request_snapshot(instance, by=instance.added_by)


def _source_updated(sender, instance, fields, **kwargs):
    if "url" in fields:
        latest = instance.snapshots.order_by("-pk").first()
        if latest is None or latest.url != instance.url:
            request_snapshot(instance)


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from factcheck.core import locking

    post_save.connect(_source_saved, sender=Source, dispatch_uid="intake_source_saved")
    locking.updated.connect(_source_updated, sender=Source, dispatch_uid="intake_source_updated")
