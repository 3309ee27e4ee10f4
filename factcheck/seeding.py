"""Load seeds/: articles in the import format and a seed.json naming speakers and claims.

Loading is idempotent: an article is known by its origin (``seeds/<file>``), a speaker by its
name, a claim by its article and its position, so a second run creates nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import anchoring, importing
from .models import Article, Claim, Speaker, Tag

SEEDS_DIR = settings.BASE_DIR / "seeds"


class SeedError(ValueError):
    """The seed data is inconsistent: a missing file, a quote not in its article, a bad field."""


@dataclass
class SeedReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"articles": 0, "speakers": 0, "claims": 0}
    )

    def count(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] += 1


def load_seeds(seeds_dir: Path = SEEDS_DIR) -> SeedReport:
    manifest_path = seeds_dir / "seed.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SeedError(f"{manifest_path}: {error}") from None
    report = SeedReport()
    with transaction.atomic():
        speakers = {}
        for entry in manifest.get("speakers", []):
            speaker, created = Speaker.objects.get_or_create(
                name=entry["name"],
                defaults={
                    "kind": entry.get("kind", Speaker.Kind.PERSON),
                    "description": entry.get("description", ""),
                    "aliases": "\n".join(entry.get("aliases", [])),
                },
            )
            speakers[speaker.name] = speaker
            report.count("speakers", created)
        for entry in manifest.get("articles", []):
            article = _load_article(seeds_dir, entry, report)
            for claim_entry in entry.get("claims", []):
                _load_claim(article, claim_entry, speakers, report)
    return report


def _load_article(seeds_dir: Path, entry: dict, report: SeedReport) -> Article:
    path = seeds_dir / entry["file"]
    origin = f"seeds/{entry['file']}"
    existing = Article.objects.filter(origin=origin).first()
    if existing:
        return existing
    try:
        parsed = importing.parse_article_bytes(path.read_bytes(), title=entry.get("title", ""))
    except (OSError, importing.InvalidArticle) as error:
        raise SeedError(f"{path}: {error}") from None
    article = Article.objects.create(
        title=parsed.title,
        body=parsed.body,
        outlet=entry.get("outlet", ""),
        url=entry.get("url", ""),
        language=entry.get("language", "fr"),
        published_on=parsed.published.date if parsed.published else None,
        published_precision=parsed.published.precision if parsed.published else "",
        origin=origin,
    )
    report.count("articles", True)
    return article


def _load_claim(article: Article, entry: dict, speakers: dict, report: SeedReport) -> Claim:
    anchor = anchoring.find_quote(article.body, entry["quote"])
    if anchor is None or anchor.quote != entry["quote"]:
        raise SeedError(f"{article.origin}: the quote “{entry['quote']}” is not in the article")
    try:
        speaker = speakers[entry["speaker"]]
    except KeyError:
        raise SeedError(f"{article.origin}: unknown speaker “{entry['speaker']}”") from None
    claim, created = Claim.objects.get_or_create(
        article=article,
        start_offset=anchor.start,
        end_offset=anchor.end,
        defaults={
            "quote": anchor.quote,
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
            "speaker": speaker,
            "kind": entry.get("kind", Claim.Kind.DIRECT_QUOTE),
            "claim_reviewed": entry.get("claim_reviewed", ""),
            "claimed_on": article.published_on,
            "claimed_precision": article.published_precision,
        },
    )
    if created and entry.get("tags"):
        claim.tags.set([Tag.objects.get_or_create(name=name)[0] for name in entry["tags"]])
    report.count("claims", created)
    return claim
