"""Load seeds/: articles in the import format and a seed.json naming speakers, claims and the
links between claims.

Loading is idempotent: an article is known by its origin (``seeds/<file>``), a speaker by its
name, a claim by its article and its position, a link by its two claims (named by their quotes),
so a second run creates nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from factcheck.articles import anchoring, importing
from factcheck.models import Article, Claim, ClaimLink, Speaker, Tag

SEEDS_DIR = settings.BASE_DIR / "seeds"


class SeedError(ValueError):
    """The seed data is inconsistent: a missing file, a quote not in its article, a bad field."""


@dataclass
class SeedReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"articles": 0, "speakers": 0, "claims": 0, "links": 0}
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
        claims: dict[str, list[Claim]] = {}
        for entry in manifest.get("articles", []):
            article = _load_article(seeds_dir, entry, report)
            for claim_entry in entry.get("claims", []):
                claim = _load_claim(article, claim_entry, speakers, report)
                claims.setdefault(claim.quote, []).append(claim)
        for entry in manifest.get("links", []):
            _load_link(entry, claims, report)
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


def _seed_claim(quote, claims: dict[str, list[Claim]]) -> Claim:
    found = claims.get(quote, [])
    if len(found) != 1:
        problem = "names no seed claim" if not found else "names several seed claims"
        raise SeedError(f"seed.json links: the quote “{quote}” {problem}")
    return found[0]


def _load_link(entry: dict, claims: dict[str, list[Claim]], report: SeedReport) -> ClaimLink:
    """``{"claim": quote, "relation": "responds_to", "target": quote, "note": ""}``."""
    try:
        quote, relation, target_quote = entry["claim"], entry["relation"], entry["target"]
    except (KeyError, TypeError):
        raise SeedError(f"seed.json links: {entry!r} needs claim, relation and target") from None
    if relation not in ClaimLink.Relation.values:
        choices = ", ".join(ClaimLink.Relation.values)
        raise SeedError(f"seed.json links: unknown relation “{relation}” (one of {choices})")
    claim, target = _seed_claim(quote, claims), _seed_claim(target_quote, claims)
    if claim.pk == target.pk:
        raise SeedError(f"seed.json links: the claim “{quote}” is linked to itself")
    existing = ClaimLink.objects.filter(claim=target, target=claim).first()
    if existing is not None:  # already linked the other way round: one link per pair
        return existing
    link, created = ClaimLink.objects.get_or_create(
        claim=claim,
        target=target,
        defaults={"relation": relation, "note": entry.get("note", "")},
    )
    report.count("links", created)
    return link
