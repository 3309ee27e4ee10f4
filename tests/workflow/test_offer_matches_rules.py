"""The panel never offers what the server refuses, and never hides what it allows.

For every role (tests/roles.py) and every situation a claim can be in, the claim panel is
rendered for that user and each workflow step is then tried on the real rows, in a savepoint
rolled back after it: a step's button shows (and is not disabled) exactly when the step
succeeds. The article page and the speaker page are walked the same way for their steps.

The drafts here are complete (rating, summary, the sources the evidence rule asks): what a
draft's text still lacks is shown beside the Submit button, which stays offered because it
sends the typed form first (tests/verdicts/test_evidence.py). Approval, which sends nothing,
is shown disabled while the evidence is missing: "in review, evidence missing".
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from factcheck import workflow
from factcheck.articles import body_versions, metadata, services
from factcheck.claims import links, speakers
from factcheck.core import locking
from factcheck.models import Article, Claim, ClaimLink, Rating, Source, Verdict
from factcheck.verdicts import sources
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory
from tests.htmx import HTMX
from tests.roles import USERS, make_user

pytestmark = pytest.mark.django_db

BODY = (
    "Le milliardaire Elon Musk a répondu sur X : « Tu as dit l’exacte vérité » 👍.\n\n"
    "La Maison\u00a0Blanche a dénoncé une « promotion abjecte de la haine antisémite »."
)
QUOTE = "Tu as dit l’exacte vérité"
OTHER_WORDS = "promotion abjecte de la haine antisémite"
WALKERS = [name for name in USERS if name != "anonymous"]


class NotApplicable(Exception):
    """The step has nothing to act on in this situation (no open verdict, no source)."""


def verdict_by(claim, author, *, sourced=True):
    rating = Rating.objects.get(slug="false")
    verdict = workflow.save_verdict(
        claim, by=author, rating=rating, summary="Faux 🙅.", rationale="<p>Non.</p>"
    )
    if sourced:  # the default evidence rule: two publishers
        SourceFactory(verdict=verdict, publisher="AFP")
        SourceFactory(verdict=verdict, publisher="Reuters")
    return verdict


def reviewed_by(claim, author, reviewer):
    verdict = verdict_by(claim, author)
    workflow.submit(verdict, by=author)
    workflow.approve(verdict, reviewer=reviewer)
    return verdict


def situation(name, users):
    """The claim in the situation ``name``; its verdicts are written by the editor and
    approved by the reviewer (both in ``users``) unless the name says otherwise."""
    editor, reviewer = users["editor"], users["reviewer"]
    article = Article.objects.get(title="Marche")
    claim = ClaimFactory(article=article, quote=QUOTE, created_by=editor)
    if name == "new":
        pass
    elif name == "drafted":
        verdict_by(claim, editor)
    elif name == "in review":
        workflow.submit(verdict_by(claim, editor), by=editor)
    elif name == "in review, the reviewer's own":
        workflow.submit(verdict_by(claim, reviewer), by=reviewer)
    elif name == "in review, evidence missing":
        verdict = verdict_by(claim, editor, sourced=False)
        SourceFactory(verdict=verdict, publisher="AFP")
        Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.SUBMITTED)
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
    elif name == "sent back":
        verdict = verdict_by(claim, editor)
        workflow.submit(verdict, by=editor)
        workflow.send_back(verdict, reviewer=reviewer, comment="Une source de plus ?")
    elif name == "reviewed":
        reviewed_by(claim, editor, reviewer)
    elif name == "being corrected":
        reviewed_by(claim, editor, reviewer)
        correction = workflow.start_correction(claim, by=editor, reason="Un chiffre")
        SourceFactory(verdict=correction, publisher="Le Monde")
    elif name == "not checkable":
        workflow.set_not_checkable(claim, by=editor, reason="Une opinion")
    elif name == "not checkable, with a draft":
        verdict_by(claim, editor)
        workflow.set_not_checkable(claim, by=editor, reason="Une prédiction")
    elif name == "withdrawn, with a draft":
        verdict_by(claim, editor)
        workflow.withdraw(claim, by=editor, reason="Marquée par erreur")
    elif name == "quote changed":
        Claim.objects.filter(pk=claim.pk).update(
            anchor=Claim.Anchor.QUOTE_CHANGED, quote_before="Tu as dit la vérité"
        )
    else:
        raise AssertionError(name)
    return Claim.objects.get(pk=claim.pk)


SITUATIONS = [
    "new",
    "drafted",
    "in review",
    "in review, the reviewer's own",
    "in review, evidence missing",
    "sent back",
    "reviewed",
    "being corrected",
    "not checkable",
    "not checkable, with a draft",
    "withdrawn, with a draft",
    "quote changed",
]


def open_verdict(claim):
    verdict = claim.verdicts.open().first()
    if verdict is None:
        raise NotApplicable
    return verdict


def a_source(claim):
    source = Source.objects.filter(verdict__in=claim.verdicts.open()).order_by("pk").first()
    if source is None:
        raise NotApplicable
    return source


def selection(claim, words):
    start = claim.article.body.index(words)
    return {
        "quote": words,
        "start": start,
        "end": start + len(words),
        "body_version": body_versions.latest_number(claim.article),
    }


# The claim panel's steps: (data-action of the button that offers it, the step on the server).
CLAIM_STEPS = {
    "assign": lambda c, user, d: workflow.assign(c, assignee=d["editor"], by=user),
    "save-claim": lambda c, user, d: workflow.edit_claim(
        c, by=user, claim_reviewed="Musk approuve un message antisémite ✓", expected=c.version
    ),
    "save-facts": lambda c, user, d: workflow.edit_facts(
        c,
        by=user,
        speaker=c.speaker,
        kind=Claim.Kind.PARAPHRASE,
        claimed=c.claimed,
        tags=list(c.tags.all()),
        expected=c.version,
    ),
    "adjust-words": lambda c, user, d: workflow.move_words(
        c, by=user, **selection(c, OTHER_WORDS), expected=c.version
    ),
    "acknowledge-quote": lambda c, user, d: body_versions.acknowledge_quote_change(c, by=user),
    "withdraw": lambda c, user, d: workflow.withdraw(c, by=user, reason="Doublon\u00a0!"),
    "restore": lambda c, user, d: workflow.restore(c, by=user),
    "not-checkable": lambda c, user, d: workflow.set_not_checkable(
        c, by=user, reason="Une opinion, pas un fait"
    ),
    "reopen": lambda c, user, d: workflow.reopen(c, by=user),
    "save-verdict": lambda c, user, d: workflow.save_verdict(
        c,
        by=user,
        rating=Rating.objects.get(slug="mostly-false"),
        summary="Plutôt faux.",
        rationale="<p>Voir les sources.</p>",
        expected=getattr(c.verdicts.open().first(), "version", 0),
    ),
    "submit": lambda c, user, d: workflow.submit(open_verdict(c), by=user),
    "approve": lambda c, user, d: workflow.approve(open_verdict(c), reviewer=user),
    "send-back": lambda c, user, d: workflow.send_back(
        open_verdict(c), reviewer=user, comment="Il manque la date."
    ),
    "start-correction": lambda c, user, d: workflow.start_correction(
        c, by=user, reason="Un chiffre a changé"
    ),
    "add-source": lambda c, user, d: sources.add_source(
        open_verdict(c), by=user, url="https://example.org/رسمي", title="Rapport", kind="primary"
    ),
    "edit-source": lambda c, user, d: sources.update_source(
        a_source(c), by=user, expected=a_source(c).version, title="Rapport corrigé"
    ),
    "remove-source": lambda c, user, d: sources.remove_source(a_source(c), by=user),
    "link": lambda c, user, d: links.link_claims(
        claim=c, target_id=d["third"].pk, relation="contradicts", by=user
    ),
    "unlink": lambda c, user, d: links.unlink(link=d["repeats"], by=user),
    "share-verdict": lambda c, user, d: links.share_verdict(link=d["repeats"], by=user),
}


def offered(html: str, action: str) -> bool:
    """Whether the page shows an enabled button (or link) for ``action``."""
    for tag in re.findall(rf'<(?:button|a)\b[^>]*\bdata-action="{action}"[^>]*>', html):
        if not re.search(r"\sdisabled\b", tag):
            return True
    return False


def attempt(step) -> bool:
    """Whether ``step`` succeeds; what it wrote is rolled back either way."""
    with transaction.atomic():
        try:
            step()
        except (workflow.WorkflowError, locking.StaleEdit):
            succeeded = False
        else:
            succeeded = True
        transaction.set_rollback(True)
    return succeeded


@pytest.fixture
def desk(db):
    """Everyone in tests/roles.py, the article the claims stand in, a reviewed claim the walked
    claim repeats (linked), and a third claim to link to."""
    users = {name: make_user(name) for name in USERS}
    article = ArticleFactory(title="Marche", body=BODY)
    model = ClaimFactory(
        article=ArticleFactory(title="Modèle", body=BODY), quote=QUOTE, created_by=users["editor"]
    )
    reviewed_by(model, users["other_editor"], users["other_reviewer"])
    third = ClaimFactory(article=article, quote=OTHER_WORDS)
    return {**users, "article": article, "model": model, "third": third}


@pytest.mark.parametrize("name", SITUATIONS)
@pytest.mark.parametrize("role", WALKERS)
def test_the_panel_offers_exactly_what_the_server_allows(client_for, desk, role, name):
    claim = situation(name, desk)
    repeats = ClaimLink.objects.create(
        claim=claim,
        target=desk["model"],
        relation=ClaimLink.Relation.REPEATS,
        created_by=desk["editor"],
    )
    user = desk[role]
    html = client_for(user).get(reverse("claim_detail", args=[claim.pk]), **HTMX).text
    disagreements = []
    for action, step in CLAIM_STEPS.items():
        current = Claim.objects.select_related("article", "speaker").get(pk=claim.pk)
        context = {**desk, "repeats": repeats}
        try:
            allowed = attempt(lambda: step(current, user, context))  # noqa: B023
        except NotApplicable:
            allowed = False
        if offered(html, action) != allowed:
            disagreements.append((action, "offered" if not allowed else "hidden"))
    assert disagreements == [], f"{role} on a claim {name}: the panel and the server disagree"


# The article page's and the speaker page's steps.
PAGE_STEPS = {
    "replace-body": lambda d, user: body_versions.replace_body(
        d["article"], body=BODY + "\n\nUn paragraphe ajouté.", by=user
    ),
    "edit-article": lambda d, user: metadata.edit_article_metadata(
        d["article"],
        by=user,
        title="Musk et Herzog, « l’exacte vérité »",
        outlet="Le Quotidien",
        url="",
        published=None,
        language="fr",
        expected=metadata.edited_at(d["article"]),
    ),
    "archive-article": lambda d, user: services.archive_article(d["article"], by=user),
    "mark": lambda d, user: workflow.mark_claim(
        article=d["article"], quote="Elon Musk", by=user, **selection_in(d["article"], "Elon Musk")
    ),
    "save-speaker": lambda d, user: speakers.edit_speaker(
        d["speaker"], by=user, kind="organisation", description="", aliases="X\r\nTwitter"
    ),
}


def selection_in(article, words):
    start = article.body.index(words)
    return {"start": start, "end": start + len(words)}


@pytest.mark.parametrize("role", WALKERS)
def test_the_article_and_speaker_pages_offer_exactly_what_the_server_allows(client_for, desk, role):
    user = desk[role]
    desk["speaker"] = SpeakerFactory(name="Maison Blanche")
    client = client_for(user)
    html = client.get(reverse("article_detail", args=[desk["article"].pk])).text
    html += client.get(reverse("speaker_detail", args=[desk["speaker"].pk])).text
    disagreements = []
    for action, step in PAGE_STEPS.items():
        allowed = attempt(lambda: step(desk, user))  # noqa: B023
        if offered(html, action) != allowed:
            disagreements.append((action, "offered" if not allowed else "hidden"))
    archived = ArticleFactory(title="Archivé")
    services.archive_article(archived, by=desk["administrator"])
    html = client.get(reverse("article_detail", args=[archived.pk])).text
    allowed = attempt(lambda: services.restore_article(archived, by=user))
    if offered(html, "restore-article") != allowed:
        disagreements.append(("restore-article", "offered" if not allowed else "hidden"))
    assert disagreements == [], f"{role}: the page and the server disagree"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_disabled_button_says_why_in_the_servers_words(client_for, desk, language):
    claim = situation("reviewed", desk)
    client = client_for(desk["editor"])
    client.cookies["django_language"] = language
    html = client.get(reverse("claim_detail", args=[claim.pk]), **HTMX).text
    button = re.search(r'<button[^>]*data-action="withdraw"[^>]*>', html).group(0)
    assert " disabled" in button and f'aria-describedby="withdraw-refusal-{claim.pk}"' in button
    with translation.override(language), pytest.raises(workflow.Conflict) as refusal:
        workflow.withdraw(claim, by=desk["editor"], reason="Doublon")
    reason = escape(refusal.value.message)
    assert f'title="{reason}"' in button
    assert f'id="withdraw-refusal-{claim.pk}" data-role="withdraw-refusal">{reason}<' in html
    if language == "fr":
        assert "ne peut pas être retirée" in html
    # A viewer is not shown a step their role never allows, disabled or not.
    viewer_html = client_for(desk["viewer"]).get(reverse("claim_detail", args=[claim.pk]), **HTMX)
    assert 'data-action="withdraw"' not in viewer_html.text
