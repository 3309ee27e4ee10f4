"""The API's endpoints: read claims, verdicts with their sources, articles and corrections;
import an article and mark a claim. Each endpoint checks the same permission table as the pages
(``can``) for the token's user; lists are paged and the claims list takes the claims page's
filters (ClaimFilter is their allow-list)."""

from typing import Annotated

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from factcheck import workflow
from factcheck.api import tokens
from factcheck.api.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    ClaimIn,
    ClaimOut,
    CorrectionOut,
    Problem,
    VerdictOut,
)
from factcheck.articles.importing import InvalidArticle, parse_article
from factcheck.articles.services import DuplicateArticle, create_article
from factcheck.claims.filters import ClaimFilter
from factcheck.core.partial_dates import format_partial
from factcheck.core.permissions import can
from factcheck.models import Article, Claim, Verdict
from factcheck.verdicts.corrections import corrections


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a live token of an active user."""

    def authenticate(self, request, token):
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Fact-check desk API",
    version="1",
    description="Claims, verdicts, sources, articles and corrections of the fact-check desk. "
    "Every request carries `Authorization: Bearer <token>`; an administrator issues and "
    "revokes tokens in the admin site. Roles are those of the workbench.",
    auth=TokenAuth(),
    urls_namespace="api",
)
# The interactive page is for people of the desk and needs their login; the description itself
# (openapi.json) is public, like any API's.
DOCS_PAGE = "openapi-view"


def urls():
    """The API's URL patterns. Token holders have no session: the login the pages require
    (LoginRequiredMiddleware) does not apply, each endpoint checks its token instead."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name != DOCS_PAGE:
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace


# A row id: a number a 64-bit column holds (a bigger one would overflow SQLite's driver).
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class Forbidden(Exception):
    pass


@api.exception_handler(Forbidden)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )


@api.exception_handler(workflow.WorkflowError)
def refused(request, exc):
    status = 403 if isinstance(exc, workflow.NotAllowed) else 409
    return api.create_response(request, {"detail": exc.message}, status=status)


def require(request, action: str) -> None:
    if not can(request.auth, action):
        raise Forbidden


class Page(PageNumberPagination):
    """``?page=2`` (50 a page, as the claims page; ``page_size`` up to 100)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=100, **kwargs)


class Mapped:
    """Rows turned into the response's dicts only for the page the paginator slices out."""

    def __init__(self, rows, to_dict):
        self.rows, self.to_dict = rows, to_dict

    def __len__(self):
        return self.rows.order_by().count()

    def __getitem__(self, item):
        return [self.to_dict(row) for row in self.rows[item]]


# --- Claims -------------------------------------------------------------------------------------


class ClaimFilters(Schema):
    """The claims page's filters, by the same names."""

    q: str = ""
    status: list[str] = []
    rating: list[str] = []
    speaker: str = ""
    article: str = ""
    tag: str = ""
    assignee: str = ""
    priority: list[str] = []
    due: str = ""
    sort: str = ""


def _claim_rows(filters: ClaimFilters):
    data = QueryDict(mutable=True)
    for name, value in filters.dict().items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif value:
            data[name] = value
    filterset = ClaimFilter(data)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.as_text())
    return (
        filterset.qs.select_related("speaker", "assignee")
        .annotate(approved_rating=F("approved__rating__slug"))
        .prefetch_related("tags")
        .defer("search_text", "article__body")
    )


def _claim_out(claim) -> dict:
    rating = getattr(claim, "approved_rating", None)
    return {
        "id": claim.pk,
        "article_id": claim.article_id,
        "quote": claim.quote,
        "start": claim.start_offset,
        "end": claim.end_offset,
        "claim_reviewed": claim.claim_reviewed,
        "status": claim.status,
        "kind": claim.kind,
        "speaker": claim.speaker.name if claim.speaker else None,
        "claimed": format_partial(claim.claimed_on, claim.claimed_precision),
        "tags": [tag.name for tag in claim.tags.all()],
        "assignee": claim.assignee.get_username() if claim.assignee else None,
        "priority": claim.priority,
        "due_on": claim.due_on,
        "rating": rating,
    }


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.get("/claims", response=list[ClaimOut], tags=["claims"])
@paginate(Page)
def claim_list(request, filters: Query[ClaimFilters]):
    """Claims, filtered and sorted as on the claims page (``?status=reviewed&sort=-reviewed``)."""
    require(request, "view")
    return Mapped(_claim_rows(filters), _claim_out)


@api.get("/claims/{int:claim_id}", response=ClaimOut, tags=["claims"])
def claim_detail(request, claim_id: RowId):
    require(request, "view")
    return _claim_out(get_object_or_404(_claim_rows(ClaimFilters()), pk=claim_id))


def _verdict_out(verdict) -> dict:
    return {
        "id": verdict.pk,
        "claim_id": verdict.claim_id,
        "status": verdict.status,
        "rating": verdict.rating.slug if verdict.rating else None,
        "summary": verdict.summary,
        "rationale": verdict.rationale,
        "author": verdict.author.get_username() if verdict.author else None,
        "reviewer": verdict.reviewer.get_username() if verdict.reviewer else None,
        "submitted_at": verdict.submitted_at,
        "reviewed_at": verdict.reviewed_at,
        "supersedes_id": verdict.supersedes_id,
        "sources": list(verdict.sources.all()),
    }


def _verdicts():
    return Verdict.objects.select_related("rating", "author", "reviewer").prefetch_related(
        "sources"
    )


@api.get("/claims/{int:claim_id}/verdicts", response=list[VerdictOut], tags=["verdicts"])
def claim_verdicts(request, claim_id: RowId):
    """Every verdict of the claim, newest first, with its sources."""
    require(request, "view")
    claim = get_object_or_404(Claim, pk=claim_id)
    return [_verdict_out(v) for v in _verdicts().filter(claim=claim).order_by("-created_at", "-pk")]


@api.get("/verdicts/{int:verdict_id}", response=VerdictOut, tags=["verdicts"])
def verdict_detail(request, verdict_id: RowId):
    require(request, "view")
    return _verdict_out(get_object_or_404(_verdicts(), pk=verdict_id))


# --- Articles -----------------------------------------------------------------------------------


def _article_out(article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "language": article.language,
        "published": format_partial(article.published_on, article.published_precision),
        "imported_at": article.imported_at,
        "archived": article.archived_at is not None,
        "body": "" if "body" in article.get_deferred_fields() else article.body,
    }


@api.get("/articles", response=list[ArticleOut], tags=["articles"])
@paginate(Page)
def article_list(request):
    require(request, "view")
    return Mapped(Article.objects.defer("body").order_by("-imported_at", "-pk"), _article_out)


@api.get("/articles/{int:article_id}", response=ArticleDetail, tags=["articles"])
def article_detail(request, article_id: RowId):
    require(request, "view")
    return _article_out(get_object_or_404(Article, pk=article_id))


@api.post(
    "/articles",
    response={201: ArticleDetail, 403: Problem, 409: Problem, 422: Problem},
    tags=["articles"],
)
def article_import(request, payload: ArticleIn):
    """Import an article's text, as the import page does."""
    require(request, "import_article")
    try:
        parsed = parse_article(payload.text, title=payload.title)
        article = create_article(
            parsed=parsed,
            outlet=payload.outlet,
            url=payload.url,
            language=payload.language,
            origin="api",
            by=request.auth,
        )
    except InvalidArticle as error:
        return 422, {"detail": str(error)}
    except DuplicateArticle as error:
        return 409, {"detail": " ".join(error.messages)}
    return 201, _article_out(article)


@api.post(
    "/articles/{int:article_id}/claims",
    response={201: ClaimOut, 403: Problem, 409: Problem, 422: Problem},
    tags=["claims"],
)
def claim_mark(request, article_id: RowId, payload: ClaimIn):
    """Mark a claim on the first place the article holds ``quote``."""
    require(request, "mark_claim")
    article = get_object_or_404(Article, pk=article_id)
    try:
        claim = workflow.mark_claim(
            article=article,
            quote=payload.quote,
            by=request.auth,
            claim_reviewed=payload.claim_reviewed,
        )
    except workflow.QuoteNotFound as error:
        return 422, {"detail": error.message}
    return 201, claim_detail(request, claim.pk)


# --- Corrections --------------------------------------------------------------------------------


@api.get("/corrections", response=list[CorrectionOut], tags=["verdicts"])
@paginate(Page)
def correction_list(request):
    require(request, "view")
    return Mapped(corrections(), _correction_out)


def _correction_out(verdict) -> dict:
    previous = verdict.supersedes
    return {
        "verdict_id": verdict.pk,
        "claim_id": verdict.claim_id,
        "reviewed_at": verdict.reviewed_at,
        "reason": verdict.correction_reason,
        "previous_rating": previous.rating.slug if previous and previous.rating else None,
        "rating": verdict.rating.slug if verdict.rating else None,
    }
