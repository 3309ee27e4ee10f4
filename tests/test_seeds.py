"""``load_seeds``: the seed article, its speakers and claims, loaded once however often it runs."""

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
