"""``load_seeds``: the seed article, its speakers and claims, loaded once however often it runs."""

import pytest
from django.core.management import call_command

from factcheck.models import Article, Claim, Speaker, Tag

QUOTES = {
    "Elon Musk": "Tu as dit l’exacte vérité",
    "Maison Blanche": "promotion abjecte de la haine antisémite et raciste",
    "Présidence israélienne": "mettra l’accent sur le besoin d’agir pour combattre "
    "l’antisémitisme croissant en ligne",
}


def test_load_seeds_twice_creates_nothing_new(db):
    call_command("load_seeds", verbosity=0)
    counts = [
        Article.objects.count(),
        Speaker.objects.count(),
        Claim.objects.count(),
        Tag.objects.count(),
    ]
    call_command("load_seeds", verbosity=0)
    assert [
        Article.objects.count(),
        Speaker.objects.count(),
        Claim.objects.count(),
        Tag.objects.count(),
    ] == counts
    assert counts[:3] == [1, 3, 4]


def test_seed_quotes_stand_at_their_offsets_with_french_punctuation(seeded):
    article = Article.objects.get()
    assert article.published == "2023-11"
    assert article.language == "fr"
    for speaker, quote in QUOTES.items():
        claim = Claim.objects.get(speaker__name=speaker, quote=quote)
        assert article.body[claim.start_offset : claim.end_offset] == quote
        assert article.body[: claim.start_offset].endswith(claim.prefix)
        assert article.body[claim.end_offset :].startswith(claim.suffix)
    musk = Claim.objects.get(speaker__name="Elon Musk")
    assert musk.prefix.endswith("« ") and musk.suffix.startswith(" »")
    assert "’" in musk.quote and "é" in musk.quote
    assert musk.claimed == "2023-11"


def test_seed_claims_have_desk_wording_and_tags(seeded):
    musk = Claim.objects.get(speaker__name="Elon Musk")
    assert "haine contre les Blancs" in musk.claim_reviewed
    assert {tag.name for tag in musk.tags.all()} == {"antisémitisme", "réseaux sociaux"}
    assert Claim.objects.filter(status=Claim.Status.NEW).count() == 4


def test_seed_white_house_reaction_responds_to_musk_once(seeded):
    from factcheck.models import ClaimLink

    call_command("load_seeds", verbosity=0)
    link = ClaimLink.objects.get()
    assert link.claim.quote == QUOTES["Maison Blanche"]
    assert link.target.quote == QUOTES["Elon Musk"]
    assert link.relation == ClaimLink.Relation.RESPONDS_TO
    assert "’" in link.note


def _manifest_with_links(tmp_path, links):
    import json
    import shutil

    from factcheck.desk.seeding import SEEDS_DIR

    manifest = json.loads((SEEDS_DIR / "seed.json").read_text(encoding="utf-8"))
    manifest["links"] = links
    for entry in manifest["articles"]:
        shutil.copy(SEEDS_DIR / entry["file"], tmp_path / entry["file"])
    (tmp_path / "seed.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"claim": "Tu as dit l’exacte vérité", "relation": "likes", "target": "x"}, "relation"),
        (
            {"claim": "Pas dans l’article", "relation": "repeats", "target": QUOTES["Elon Musk"]},
            "names no seed claim",
        ),
        (
            {"claim": QUOTES["Elon Musk"], "relation": "repeats", "target": QUOTES["Elon Musk"]},
            "itself",
        ),
        ({"claim": QUOTES["Elon Musk"], "relation": "repeats"}, "needs claim, relation and target"),
    ],
)
def test_bad_seed_links_are_refused_clearly_and_nothing_is_written(db, tmp_path, link, message):
    from factcheck.desk.seeding import SeedError, load_seeds
    from factcheck.models import ClaimLink

    seeds = _manifest_with_links(tmp_path, [link])
    with pytest.raises(SeedError, match=message):
        load_seeds(seeds)
    assert not Article.objects.exists() and not ClaimLink.objects.exists()


def test_a_seed_link_already_made_the_other_way_is_kept(seeded, tmp_path):
    from factcheck.desk.seeding import load_seeds
    from factcheck.models import ClaimLink

    link = ClaimLink.objects.get()
    seeds = _manifest_with_links(
        tmp_path,
        [
            {
                "claim": QUOTES["Elon Musk"],
                "relation": "contradicts",
                "target": QUOTES["Maison Blanche"],
            }
        ],
    )
    report = load_seeds(seeds)
    assert report.created["links"] == 0
    assert list(ClaimLink.objects.all()) == [link]
