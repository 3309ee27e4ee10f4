"""The seed article as an editor finds it on the desk: its text and speakers, no claims yet."""

import json
from pathlib import Path

import pytest

from factcheck.articles.importing import parse_article
from factcheck.statements.finder import KnownSpeaker
from tests.factories import ArticleFactory, SpeakerFactory

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
MUSK = "Tu as dit l’exacte vérité"
WHITE_HOUSE = "promotion abjecte de la haine antisémite et raciste"
PRESIDENCY = (
    "mettra l’accent sur le besoin d’agir pour combattre l’antisémitisme croissant en ligne"
)


def seed_body() -> str:
    text = (SEEDS / "000_6beb8dc5a699d974.txt").read_text(encoding="utf-8")
    return parse_article(text).body


def seed_speakers() -> list[dict]:
    return json.loads((SEEDS / "seed.json").read_text(encoding="utf-8"))["speakers"]


def known_seed_speakers() -> list[KnownSpeaker]:
    return [
        KnownSpeaker(index, s["name"], s["kind"], tuple(s["aliases"]))
        for index, s in enumerate(seed_speakers(), 1)
    ]


@pytest.fixture
def seed_article(db):
    for entry in seed_speakers():
        SpeakerFactory(name=entry["name"], kind=entry["kind"], aliases="\n".join(entry["aliases"]))
    return ArticleFactory(title="Musk et Herzog", body=seed_body(), language="fr")
