"""A claim's history as people read it: every step of a claim's life, its verdicts and their
sources, told in order with the fields that changed (history.claim_history)."""

import pytest
from django.utils import translation

from factcheck import workflow
from factcheck.core.partial_dates import PartialDate
from factcheck.models import Rating, Speaker
from factcheck.verdicts import history, sources
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _told(claim):
    return [
        (entry.who, entry.what, [(c.field, c.old, c.new) for c in entry.changes])
        for entry in reversed(history.claim_history(claim))
    ]


def _a_claims_life(editor, other_editor, reviewer):
    article = ArticleFactory()
    quote = "Le chômage a baissé de 10 % l’an dernier."
    claim = workflow.mark_claim(article=article, quote=quote, by=editor)
    musk = Speaker.objects.create(name="Elon Musk 🚀")
    workflow.edit_facts(
        claim,
        by=editor,
        speaker=musk,
        kind="paraphrase",
        claimed=PartialDate.parse("2023-11"),
        tags=[],
    )
    workflow.edit_claim(claim, by=editor, claim_reviewed="Le chômage a\u00a0baissé « de 10 % »")
    workflow.assign(claim, assignee=other_editor, by=editor)
    false = Rating.objects.get(slug="false")
    verdict = workflow.save_verdict(
        claim, by=editor, rating=false, summary="Faux : 2 %", rationale="<p>Insee</p>"
    )
    workflow.save_verdict(claim, by=editor, summary="Faux : 2 %, pas 10 %", rationale="<p>x</p>")
    insee = sources.add_source(
        verdict, by=editor, url="https://insee.fr/a", title="Insee", publisher="Insee"
    )
    sources.update_source(insee, by=editor, publisher="Insee ש", note="relu")
    doomed = sources.add_source(verdict, by=editor, url="https://x.fr/", title="Doublon")
    sources.remove_source(doomed, by=editor)
    sources.add_source(
        verdict, by=editor, url="https://eurostat.eu/", title="Eurostat", publisher="Eurostat"
    )
    workflow.submit(verdict, by=editor)
    workflow.send_back(verdict, reviewer=reviewer, comment="Une source de plus ?")
    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)
    workflow.start_correction(claim, by=editor, reason="Erratum")
    workflow.edit_claim(claim, by=editor, claim_reviewed="Le chômage a baissé")
    return claim


def test_the_history_tells_each_step_with_what_changed(editor, other_editor, reviewer):
    claim = _a_claims_life(editor, other_editor, reviewer)
    with translation.override("en"):
        told = _told(claim)
    assert told == EXPECTED


def test_the_history_speaks_french(editor, other_editor, reviewer):
    claim = _a_claims_life(editor, other_editor, reviewer)
    with translation.override("fr"):
        told = _told(claim)
    assert told[1] == (
        "edith",
        "a modifié l’affirmation",
        [
            ("auteur", "—", "Elon Musk 🚀"),
            ("type", "citation directe", "paraphrase"),
            ("dite le", "—", "2023-11-01"),
            ("précision de la date", "—", "mois"),
        ],
    )
    assert told[7] == (
        "edith",
        "a modifié la source «\xa0Insee\xa0»",
        [("éditeur", "Insee", "Insee ש"), ("note", "", "")],
    )
    assert told[-1] == (
        "edith",
        "a modifié le verdict",
        [("modifications proposées de l’affirmation", "", "")],
    )


SYSTEM = "the system"
EXPECTED = [
    (SYSTEM, "marked the claim", []),
    (
        "edith",
        "changed the claim",
        [
            ("speaker", "—", "Elon Musk 🚀"),
            ("kind", "direct quote", "paraphrase"),
            ("claimed on", "—", "2023-11-01"),
            ("date precision", "—", "month"),
        ],
    ),
    (
        "edith",
        "changed the claim",
        [("claim as checked", "—", "Le chômage a\xa0baissé « de 10 % »")],
    ),
    (SYSTEM, "changed the claim", [("status", "new", "in progress"), ("assignee", "—", "eric")]),
    (SYSTEM, "started a verdict", []),
    (
        "edith",
        "changed the verdict",
        [("summary", "Faux : 2 %", "Faux : 2 %, pas 10 %"), ("rationale", "", "")],
    ),
    (SYSTEM, "added the source “Insee”", []),
    ("edith", "changed the source “Insee”", [("publisher", "Insee", "Insee ש"), ("note", "", "")]),
    (SYSTEM, "added the source “Doublon”", []),
    (SYSTEM, "removed the source “Doublon”", []),
    (SYSTEM, "added the source “Eurostat”", []),
    (SYSTEM, "changed the verdict", [("status", "draft", "submitted for review")]),
    (SYSTEM, "changed the claim", [("status", "in progress", "in review")]),
    (
        SYSTEM,
        "changed the verdict",
        [
            ("status", "submitted for review", "sent back"),
            ("reviewer", "—", "remi"),
            ("review comment", "—", "Une source de plus ?"),
        ],
    ),
    (SYSTEM, "changed the claim", [("status", "in review", "in progress")]),
    (SYSTEM, "changed the verdict", [("status", "sent back", "submitted for review")]),
    (SYSTEM, "changed the claim", [("status", "in progress", "in review")]),
    (SYSTEM, "changed the verdict", [("status", "submitted for review", "approved")]),
    (SYSTEM, "changed the claim", [("status", "in review", "reviewed")]),
    ("edith", "started a verdict", []),
    ("edith", "added the source “Insee”", []),
    ("edith", "added the source “Eurostat”", []),
    ("edith", "changed the verdict", [("proposed claim changes", "", "")]),
]
