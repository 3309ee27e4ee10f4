"""The interface speaks French and English; every string of the French catalogue is translated."""

import re
from pathlib import Path

from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "factcheck" / "locale" / "fr" / "LC_MESSAGES"


def test_every_string_has_a_french_translation():
    catalogue = (PO / "django.po").read_text(encoding="utf-8")
    entries = catalogue.split("\n\n")[1:]  # the first entry is the header
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[0\])? ""$', entry, re.M)
        and not re.search(r'^msgstr(\[0\])? ""\n"', entry, re.M)
    ]
    assert untranslated == []
    # A fuzzy entry is left out of the compiled catalogue: the page would show English.
    fuzzy = [entry for entry in entries if re.search(r"^#, .*fuzzy", entry, re.M)]
    assert fuzzy == []
    assert (PO / "django.mo").stat().st_size > 10_000


def test_dashboard_in_french(client_for, editor, seeded):
    client = client_for(editor)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="fr">' in page
    for text in [
        "Tableau de bord",
        "Affirmations par statut",
        "Se déconnecter",
        "nouvelle",
        "Plutôt vrai",
        "Mes affirmations à vérifier",
    ]:
        assert text in page


def test_same_page_in_english(client_for, editor, seeded):
    client = client_for(editor)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert "Claims by status" in page and "Mostly true" in page


def test_article_page_in_french_keeps_the_seed_text(client_for, editor, seeded):
    from factcheck.models import Article

    client = client_for(editor)
    client.cookies["django_language"] = "fr"
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "Affirmations de cet article" in page
    assert "Tu as dit l’exacte vérité" in page
    assert "« haine contre les Blancs »" in page
