"""A desk in full swing, for tests that visit every page: the seed article with a corrected
verdict, a verdict waiting for review that the evidence rule refuses, a draft, a claim set aside,
a link between claims and a second version of the text; plus logged-in browser contexts."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from factcheck import workflow
from factcheck.articles import body_versions
from factcheck.claims import links
from factcheck.models import Article, Claim, EvidenceRule, Rating
from factcheck.verdicts import sources
from tests.factories import UserFactory

RATIONALE = (
    "<p>Le message approuvé reprend un <strong>cliché</strong> « complotiste » : "
    '<a href="https://www.adl.org/">rapport de l’ADL</a>.</p>'
)


@dataclass
class Desk:
    article: Article
    corrected: Claim  # reviewed, then corrected: both verdicts approved
    in_review: Claim  # one publisher only: the evidence rule holds the approval back
    draft: Claim  # a draft verdict by the editor: the rationale editor shows
    set_aside: Claim  # not checkable
    editor: object
    reviewer: object

    def pages(self) -> dict[str, str]:
        """Every page of the workbench (the admin site aside), by name."""
        pk = self.article.pk
        return {
            "dashboard": reverse("dashboard"),
            "articles": reverse("article_list"),
            "import": reverse("article_import"),
            "article": reverse("article_detail", args=[pk]),
            "claim": reverse("claim_detail", args=[self.corrected.pk]),
            "claim-in-review": reverse("claim_detail", args=[self.in_review.pk]),
            "claim-draft": reverse("claim_detail", args=[self.draft.pk]),  # the editor in the HTML
            "claims": reverse("claim_list"),
            "corrections": reverse("correction_list"),
            "versions": reverse("article_versions", args=[pk]),
            "version": reverse("article_version", args=[pk, 2]),
            "replace": reverse("article_replace", args=[pk]),
        }


def _source(verdict, by, title, publisher, url, archived=""):
    sources.add_source(
        verdict,
        by=by,
        title=title,
        publisher=publisher,
        url=url,
        archived_url=archived,
        excerpt="« Un extrait » cité tel quel.",
    )


def build_desk() -> Desk:
    """Needs the seed article (the ``seeded`` fixture)."""
    editor = UserFactory(username="edith", first_name="Édith", last_name="Piaf", role="editor")
    reviewer = UserFactory(username="remi", role="reviewer")
    article = Article.objects.get(origin__startswith="seeds/")
    musk, white_house, presidency, fourth = article.claims.order_by("start_offset")[:4]
    rating = {r.slug: r for r in Rating.objects.all()}

    verdict = workflow.save_verdict(
        musk, by=editor, rating=rating["false"], summary="Faux : un cliché.", rationale=RATIONALE
    )
    _source(verdict, editor, "Rapport de l’ADL", "Anti-Defamation League", "https://adl.org/r")
    _source(verdict, editor, "Déclaration", "The White House", "https://whitehouse.gov/s")
    workflow.submit(verdict, by=editor)
    workflow.approve(verdict, reviewer=reviewer)
    correction = workflow.start_correction(
        musk, by=editor, reason="L’ADL a publié « de nouveaux chiffres » le 2 décembre."
    )
    correction = workflow.save_verdict(
        musk,
        by=editor,
        rating=rating["mostly-false"],
        summary="Plutôt faux : le message est plus ambigu.",
        rationale=RATIONALE,
    )
    workflow.submit(correction, by=editor)
    workflow.approve(correction, reviewer=reviewer)

    waiting = workflow.save_verdict(
        white_house,
        by=editor,
        rating=rating["misleading"],
        summary="Trompeur.",
        rationale=RATIONALE,
    )
    # The same publisher twice, typed differently: counted once, shown as typed.
    _source(waiting, editor, "Communiqué", "The White House", "https://whitehouse.gov/a")
    _source(waiting, editor, "Conférence", "the white  house", "https://whitehouse.gov/b")
    _source(waiting, editor, "Article", "Le Monde", "https://www.lemonde.fr/a")
    workflow.submit(waiting, by=editor)
    # A stricter rule since it was submitted: the reviewer sees what approval still needs. (The
    # migration's rule is changed, not a new row made: transactional tests on PostgreSQL restore
    # the reference rows without moving the id sequences.)
    EvidenceRule.objects.filter(rating=None).update(require_archive=True)
    links.link_claims(claim=white_house, target_id=musk.pk, relation="responds_to", by=editor)

    draft = workflow.save_verdict(
        presidency, by=editor, rating=rating["unverifiable"], summary="", rationale=RATIONALE
    )
    _source(draft, editor, "Compte officiel", "", "https://www.gov.il/fr/annonce")

    workflow.set_not_checkable(fourth, by=editor, reason="Une prédiction, pas un fait.")
    body_versions.replace_body(
        article,
        by=editor,
        note="Correction : une faute de frappe",
        origin="pasted",
        body="Mise à jour : précision de la rédaction.\n\n" + article.body,
    )
    return Desk(
        article=article,
        corrected=Claim.objects.get(pk=musk.pk),
        in_review=Claim.objects.get(pk=white_house.pk),
        draft=Claim.objects.get(pk=presidency.pk),
        set_aside=Claim.objects.get(pk=fourth.pk),
        editor=editor,
        reviewer=reviewer,
    )


def logged_in_context(browser, live_server, user, *, width, height, language="en"):
    """A browser context with ``user``'s session (None: anonymous) and the language cookie."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "factcheck.core.permissions.KeptPermissionsBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        )
    context.add_cookies(cookies)
    return context
