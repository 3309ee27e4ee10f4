"""Every URL of the workbench, every method it accepts, every role: the exact status each gets
with a valid payload; an allowed write changes what it should, a refused one changes nothing.

Roles: anonymous, nobody (logged in, in no group), viewer, editor, reviewer, administrator
(tests/roles.py).
The desk is built for the acting user, so that what only a verdict's author may do (edit,
submit, add sources) is tried on that user's own draft. A URL pattern with no row fails
``test_every_url_pattern_has_a_row``."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from factcheck import workflow
from factcheck.articles.metadata import edited_at
from factcheck.core.permissions import can
from factcheck.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    DismissedStatement,
    ExternalLink,
    ExternalReview,
    Rating,
    Snapshot,
    Source,
    Speaker,
    Verdict,
)
from factcheck.statements import services as statements
from tests.external.conftest import feed
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory
from tests.roles import ROLES, make_user

pytestmark = pytest.mark.django_db


def statuses(anonymous=302, nobody=403, viewer=200, editor=200, reviewer=200, administrator=200):
    return {
        "anonymous": anonymous,
        "nobody": nobody,
        "viewer": viewer,
        "editor": editor,
        "reviewer": reviewer,
        "administrator": administrator,
    }


READ = statuses()
EDITORS_READ = statuses(viewer=403)
# A write answered with the panel fragment (200) for those allowed.
WRITE = statuses(viewer=403)
REVIEW = statuses(viewer=403, editor=403)


def build_desk(user):
    """The seed article and its claims, plus one of each thing a route acts on.

    - ``in_review``: the seed's Musk reply, its verdict by another editor submitted, with
      sources from two publishers (the default evidence rule asks for two);
    - ``new``: a claim nobody works on; ``set_aside``: a not-checkable one;
    - ``drafted``: a claim with a draft verdict by the acting user (or another editor when the
      acting user may not write verdicts), and its ``source``;
    - ``reviewed``: a claim with an approved verdict; ``repeat``: a claim that repeats it, and
      ``repeat_link`` between them; ``link``: the seed's link;
    - ``flagged``: a claim whose quote changed in a new body version."""
    author = UserFactory(username="auteur", role="editor")
    checker = UserFactory(username="verif", role="reviewer")
    writer = user if user is not None and can(user, "write_verdict") else author
    article = Article.objects.get()
    rating = Rating.objects.get(slug="false")

    def verdict_for(claim, by, *, publishers=("AFP", "Reuters")):
        verdict = workflow.save_verdict(claim, by=by, rating=rating, summary="Faux.", rationale="")
        sources = [SourceFactory(verdict=verdict, publisher=name) for name in publishers]
        return verdict, sources

    seed_claims = list(Claim.objects.order_by("pk"))
    in_review = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    submitted, _ = verdict_for(in_review, author)
    workflow.submit(submitted, by=author)

    others = [claim for claim in seed_claims if claim.pk != in_review.pk]
    new, set_aside, drafted = others[0], others[1], others[2]
    # Set up through the ORM where a workflow step would need the permission under test.
    Claim.objects.filter(pk=set_aside.pk).update(
        status=Claim.Status.NOT_CHECKABLE, not_checkable_reason="Une opinion."
    )
    draft, [source, _] = verdict_for(drafted, writer)

    reviewed = ClaimFactory(article=article, quote="Elon Musk")
    approved, _ = verdict_for(reviewed, author)
    workflow.submit(approved, by=author)
    workflow.approve(approved, reviewer=checker)
    repeat = ClaimFactory(article=article, quote="Le milliardaire")
    repeat_link = ClaimLink.objects.create(
        claim=repeat, target=reviewed, relation=ClaimLink.Relation.REPEATS, created_by=author
    )
    flagged = ClaimFactory(article=article, quote="Isaac Herzog")
    Claim.objects.filter(pk=flagged.pk).update(
        anchor=Claim.Anchor.QUOTE_CHANGED, quote_before="Isaac Herzog, le président"
    )
    link = ClaimLink.objects.exclude(pk=repeat_link.pk).get()
    withdrawn = ClaimFactory(article=article, quote="Herzog")
    Claim.objects.filter(pk=withdrawn.pk).update(
        status=Claim.Status.WITHDRAWN, withdrawn_reason="Marquée par erreur."
    )
    archived = ArticleFactory(title="Archivé", archived_at=timezone.now())
    # The draft's source could not be fetched (it may be tried again); one page was kept.
    Snapshot.objects.filter(source=source).update(state="failed", error="Refusée.")
    kept = Snapshot.objects.create(
        url="https://example.org/",
        state="done",
        raw=b"<p>Bonjour</p>",
        text="Bonjour",
        sha256="0" * 64,
        fetched_at=timezone.now(),
    )
    # Another desk's fact-check, and a claim that repeats it.
    external = ExternalReview.objects.create(
        url="https://factcheck.example.com/musk",
        publisher="Example Fact Check",
        claim_reviewed="Elon Musk approved an antisemitic message.",
        reviewed_on=timezone.localdate(),
        language="en",
    )
    external_link = ExternalLink.objects.create(
        claim=reviewed, external_review=external, created_by=author
    )
    return {
        "external": external.pk,
        "external_link": external_link.pk,
        "snapshot": kept.pk,
        "article": article.pk,
        "version": (article.pk, 1),
        "in_review": in_review.pk,
        "new": new.pk,
        "set_aside": set_aside.pk,
        "drafted": drafted.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "source": source.pk,
        "reviewed": reviewed.pk,
        "repeat": repeat.pk,
        "repeat_link": repeat_link.pk,
        "flagged": flagged.pk,
        "link": link.pk,
        "rating": rating.pk,
        "author": author.pk,
        "withdrawn": withdrawn.pk,
        "archived": archived.pk,
        "speaker": in_review.speaker_id,
    }


def selection(desk, words):
    """What the article page sends for ``words`` selected: code points, and the text's version."""
    article = Article.objects.get(pk=desk["article"])
    start = article.body.index(words)
    version = article.versions.order_by("-number").values_list("number", flat=True).first()
    return {"quote": words, "start": start, "end": start + len(words), "body_version": version}


def proposal(desk, words):
    """What Accept and Dismiss send for the proposal of ``words`` in the seed article."""
    article = Article.objects.get(pk=desk["article"])
    found = next(p for p in statements.proposals_for(article) if p.quote == words)
    return {"start": found.start, "end": found.end}


def article_field(key, field):
    return lambda desk: Article.objects.filter(pk=desk[key]).values_list(field, flat=True).get()


def claim_field(key, field):
    return lambda desk: Claim.objects.filter(pk=desk[key]).values_list(field, flat=True).get()


def verdict_field(key, field):
    return lambda desk: Verdict.objects.filter(pk=desk[key]).values_list(field, flat=True).get()


def count(model, **lookup):
    return lambda desk: model.objects.filter(**lookup).count()


# (URL name, desk key of its argument, expected status by role): pages that only read.
GETS = [
    ("dashboard", None, READ),
    ("article_list", None, READ),
    ("article_import", None, EDITORS_READ),
    ("article_detail", "article", READ),
    ("article_body", "article", READ),
    ("speaker_search", None, READ),
    ("claim_list", None, READ),
    ("correction_list", None, READ),
    ("claim_detail", "in_review", READ),
    ("claim_export_csv", None, READ),
    ("claimreview_list", None, READ),
    ("claimreview_detail", "reviewed", READ),
    # The scale's colours are public, like the other stylesheets (the login page may use them).
    ("ratings_css", None, statuses(anonymous=200, nobody=200)),
    ("article_replace", "article", EDITORS_READ),
    ("article_versions", "article", READ),
    ("article_version", "version", READ),
    ("claim_link_candidates", "in_review", READ),
    ("claim_similar", "in_review", READ),
    # The source row as a form: only for who may edit the draft's sources (its author).
    ("source_edit", "source", EDITORS_READ),
    ("article_edit", "article", EDITORS_READ),
    ("speaker_list", None, READ),
    ("speaker_detail", "speaker", READ),
    ("statement_list", "article", READ),
    # The desk's copies of pages: read by every role, like the sources they belong to.
    ("snapshot_detail", "snapshot", READ),
    ("snapshot_raw", "snapshot", READ),
    ("source_snapshot", "source", READ),
    ("notification_list", None, READ),
    ("notification_settings", None, READ),
    ("mention_search", None, READ),
    # Other desks' fact-checks: everyone reads them; the import form is for administrators.
    ("external_list", None, READ),
    # The login page is shown to anyone; the language switch and logging out only take POSTs.
    ("login", None, statuses(anonymous=200, nobody=200)),
]

# (URL name, desk key, payload (a function of the desk), expected status by role, what an
# allowed write changes (a function of the desk whose value must differ after it)).
POSTS = [
    (
        "article_import",
        None,
        lambda d: {
            "text": "Un tout autre texte, importé pour voir.",
            "title": "Essai",
            "language": "fr",
        },
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        count(Article),
    ),
    # Fetching a page: a private address is refused (422) for those who may import.
    (
        "article_import_url",
        None,
        lambda d: {"address": "http://127.0.0.1/"},
        statuses(viewer=403, editor=422, reviewer=422, administrator=422),
        None,
    ),
    (
        "article_import_fetched",
        None,
        lambda d: {"snapshot": "1:forged", "title": "T", "text": "Texte.", "language": "fr"},
        statuses(viewer=403, editor=422, reviewer=422, administrator=422),
        None,
    ),
    ("source_snapshot_retry", "source", lambda d: {}, WRITE, count(Snapshot)),
    (
        "mark_claim",
        "article",
        lambda d: {**selection(d, "Jérusalem"), "kind": "direct_quote"},
        WRITE,
        count(Claim),
    ),
    (
        "claim_edit",
        "new",
        lambda d: {"claim_reviewed": "Autre formulation", "version": 1},
        WRITE,
        claim_field("new", "claim_reviewed"),
    ),
    (
        "claim_assign",
        "new",
        lambda d: {"assignee": "me"},
        WRITE,
        claim_field("new", "assignee_id"),
    ),
    (
        "claim_not_checkable",
        "new",
        lambda d: {"reason": "Une opinion"},
        WRITE,
        claim_field("new", "status"),
    ),
    ("claim_reopen", "set_aside", lambda d: {}, WRITE, claim_field("set_aside", "status")),
    (
        "verdict_save",
        "new",
        lambda d: {"rating": d["rating"], "summary": "Faux, d’après les sources."},
        WRITE,
        count(Verdict),
    ),
    (
        "correction_start",
        "reviewed",
        lambda d: {"reason": "Un chiffre corrigé"},
        WRITE,
        count(Verdict),
    ),
    ("verdict_submit", "draft", lambda d: {}, WRITE, verdict_field("draft", "status")),
    ("verdict_approve", "submitted", lambda d: {}, REVIEW, verdict_field("submitted", "status")),
    (
        "verdict_send_back",
        "submitted",
        lambda d: {"comment": "Sources ?"},
        REVIEW,
        verdict_field("submitted", "status"),
    ),
    (
        "source_add",
        "draft",
        lambda d: {"url": "https://example.org/rapport", "title": "Rapport", "kind": "primary"},
        WRITE,
        count(Source),
    ),
    (
        "source_edit",
        "source",
        lambda d: {
            "url": "https://example.org/autre",
            "title": "Autre titre",
            "kind": "news",
            "version": 1,
        },
        WRITE,
        lambda d: Source.objects.filter(pk=d["source"]).values_list("title", flat=True).get(),
    ),
    ("source_delete", "source", lambda d: {}, WRITE, count(Source)),
    (
        "claim_bulk",
        None,
        lambda d: {"action": "status", "status": "in_progress", "claims": [d["new"]]},
        WRITE,
        claim_field("new", "status"),
    ),
    (
        "article_replace",
        "article",
        lambda d: {"text": "Un texte corrigé.", "base": 1},
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        count(ArticleVersion),
    ),
    (
        "claim_acknowledge_quote",
        "flagged",
        lambda d: {},
        WRITE,
        claim_field("flagged", "anchor"),
    ),
    (
        "claim_link_add",
        "new",
        lambda d: {"relation": "contradicts", "target": d["reviewed"]},
        WRITE,
        count(ClaimLink),
    ),
    ("claim_link_delete", "link", lambda d: {}, WRITE, count(ClaimLink)),
    ("claim_link_share", "repeat_link", lambda d: {}, WRITE, count(Verdict)),
    (
        "claim_move_words",
        "new",
        lambda d: {**selection(d, "Jérusalem"), "version": 1},
        WRITE,
        claim_field("new", "quote"),
    ),
    (
        "claim_facts",
        "new",
        lambda d: {"kind": "paraphrase", "tags": "x", "speaker_kind": "person"},
        WRITE,
        claim_field("new", "kind"),
    ),
    (
        "claim_withdraw",
        "new",
        lambda d: {"reason": "Marquée par erreur"},
        WRITE,
        claim_field("new", "status"),
    ),
    ("claim_restore", "withdrawn", lambda d: {}, WRITE, claim_field("withdrawn", "status")),
    (
        "article_edit",
        "article",
        lambda d: {
            "title": "Un titre corrigé",
            "language": "fr",
            "version": edited_at(Article.objects.get(pk=d["article"])),
        },
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        article_field("article", "title"),
    ),
    (
        "speaker_detail",
        "speaker",
        lambda d: {"kind": "organisation", "aliases": "X", "description": ""},
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        lambda d: Speaker.objects.filter(pk=d["speaker"]).values_list("kind", flat=True).get(),
    ),
    (
        "article_archive",
        "article",
        lambda d: {},
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        article_field("article", "archived_at"),
    ),
    (
        "article_restore",
        "archived",
        lambda d: {},
        statuses(viewer=403, editor=302, reviewer=302, administrator=302),
        article_field("archived", "archived_at"),
    ),
    (
        "statement_accept",
        "article",
        lambda d: proposal(d, "haine contre les Blancs"),
        WRITE,
        count(Claim),
    ),
    (
        "statement_dismiss",
        "article",
        lambda d: proposal(d, "haine contre les Blancs"),
        WRITE,
        count(DismissedStatement),
    ),
    # Only administrators import other desks' fact-checks.
    (
        "external_import",
        None,
        lambda d: {"file": SimpleUploadedFile("feed.json", feed("list.json"))},
        statuses(viewer=403, editor=403, reviewer=403, administrator=302),
        count(ExternalReview),
    ),
    (
        "external_link_add",
        "new",
        lambda d: {"review": d["external"]},
        WRITE,
        count(ExternalLink),
    ),
    ("external_link_delete", "external_link", lambda d: {}, WRITE, count(ExternalLink)),
    (
        "set_language",
        None,
        lambda d: {"language": "fr", "next": "/"},
        statuses(302, 302, 302, 302, 302, 302),
        None,
    ),
    (
        "logout",
        None,
        lambda d: {},
        statuses(302, 302, 302, 302, 302, 302),
        None,
    ),
]

# The admin site: Django's own pages and permissions; its index stands for it here.
ADMIN = statuses(nobody=403, viewer=302, editor=302, reviewer=302)

SUCCESS = {200, 201, 204, 302}


def url(name, key, desk):
    if not key:
        return reverse(name)
    args = desk[key] if isinstance(desk[key], tuple) else [desk[key]]
    return reverse(name, args=args)


def state():
    """Everything a refused write could have touched."""
    return (
        list(
            Claim.objects.order_by("pk").values_list(
                "pk", "status", "claim_reviewed", "assignee_id", "version", "anchor"
            )
        ),
        list(Verdict.objects.order_by("pk").values_list("pk", "status", "summary", "version")),
        list(Source.objects.order_by("pk").values_list("pk", "title", "url", "version")),
        list(Article.objects.order_by("pk").values_list("pk", "body", "title", "archived_at")),
        ArticleVersion.objects.count(),
        list(Claim.objects.order_by("pk").values_list("quote_before", "not_checkable_reason")),
        Claim.history.count() + Verdict.history.count() + Source.history.count(),
        list(ClaimLink.objects.order_by("pk").values_list("pk", "claim_id", "target_id")),
        list(Claim.objects.order_by("pk").values_list("quote", "speaker_id", "kind", "claimed_on")),
        list(Article.objects.order_by("pk").values_list("language", "updated_at")),
        list(Speaker.objects.order_by("pk").values_list("pk", "kind", "aliases")),
        Claim.tags.through.objects.count(),
        DismissedStatement.objects.count(),
        list(ExternalReview.objects.order_by("pk").values_list("pk", "url", "claim_reviewed")),
        list(
            ExternalLink.objects.order_by("pk").values_list("pk", "claim_id", "external_review_id")
        ),
    )


@pytest.fixture
def acting(seeded, client_for, request):
    """``acting(role)``: (logged-in client, desk built for that role's user)."""

    def login(role):
        user = make_user(role)
        return client_for(user), build_desk(user)

    return login


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "key", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get(acting, role, name, key, expected):
    client, desk = acting(role)
    response = client.get(url(name, key, desk))
    assert response.status_code == expected[role]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    before = state()
    # Reads only: a write method on a read view is refused or not allowed, and changes nothing.
    assert client.delete(url(name, key, desk)).status_code in {302, 403, 405}
    assert state() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "key", "payload", "expected", "effect"), POSTS, ids=[p[0] for p in POSTS]
)
def test_post(acting, role, name, key, payload, expected, effect):
    client, desk = acting(role)
    before = state()
    effect_before = effect(desk) if effect else None
    response = client.post(url(name, key, desk), payload(desk), headers={"HX-Request": "true"})
    assert response.status_code == expected[role], response.content[:300]
    allowed = role not in {"anonymous", "nobody"} and expected[role] in SUCCESS
    if effect is None:
        pass
    elif allowed:
        assert effect(desk) != effect_before, "an allowed write changed nothing"
    else:
        assert state() == before, "a refused write changed something"
    if name not in {"set_language", "logout"} | {name for name, *_ in GETS}:
        # A write route only takes POST: a GET reads nothing from it.
        assert client.get(url(name, key, desk)).status_code in {302, 403, 405}


@pytest.mark.parametrize("role", ROLES)
def test_admin_index(acting, role):
    client, _ = acting(role)
    assert client.get(reverse("admin:index")).status_code == ADMIN[role]


# Writes of the collab area, whose roles and refusals tests/collab checks one by one.
COVERED_ELSEWHERE = {
    "claim_note_add",
    "claim_follow",
    "claim_deadline",
    "notification_open",
    "notification_read",
    "notification_read_all",
}


def test_every_url_pattern_has_a_row():
    rows = {name for name, *_ in GETS} | {name for name, *_ in POSTS} | COVERED_ELSEWHERE
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            # admin: test_admin_index; api: tests/api (tokens, each role, schemathesis).
            assert entry.app_name in {"admin", "ninja"}
            continue
        assert isinstance(entry, URLPattern)
        assert entry.name in rows, f"{entry.name} has no row in the permission table"


def test_the_roles_are_the_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"viewer", "editor", "reviewer"}
