"""What the API reads and writes, as pydantic schemas (they make the OpenAPI description)."""

import datetime
from typing import Any

from ninja import Field, Schema


class SourceOut(Schema):
    id: int
    url: str
    title: str
    publisher: str
    kind: str
    consulted_on: datetime.date | None
    archived_url: str
    excerpt: str


class VerdictOut(Schema):
    id: int
    claim_id: int
    status: str
    rating: str | None = Field(None, description="The rating's code, e.g. false")
    summary: str
    rationale: str = Field(description="Sanitized HTML")
    author: str | None
    reviewer: str | None
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    supersedes_id: int | None
    sources: list[SourceOut]


class ClaimOut(Schema):
    id: int
    article_id: int
    quote: str
    start: int
    end: int
    claim_reviewed: str
    status: str
    kind: str
    speaker: str | None
    claimed: str = Field(description="Partial date: YYYY, YYYY-MM or YYYY-MM-DD, or empty")
    tags: list[str]
    assignee: str | None
    priority: int | None
    due_on: datetime.date | None
    rating: str | None = Field(None, description="The approved verdict's rating code")


class ArticleOut(Schema):
    id: int
    title: str
    outlet: str
    url: str
    language: str
    published: str
    imported_at: datetime.datetime
    archived: bool


class ArticleDetail(ArticleOut):
    body: str


class CorrectionOut(Schema):
    verdict_id: int
    claim_id: int
    reviewed_at: datetime.datetime | None
    reason: str
    previous_rating: str | None
    rating: str | None


class ArticleIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=2_000_000,
        description="The article as import_article reads it: an optional date marker, the lead, "
        "paragraphs separated by blank lines",
    )
    title: str = Field("", max_length=300)
    url: str = Field("", max_length=500)
    outlet: str = Field("", max_length=200)
    language: str = Field("fr", max_length=10)


class ClaimIn(Schema):
    quote: str = Field(min_length=1, max_length=5000, description="Exact words of the article")
    claim_reviewed: str = Field("", max_length=5000)


class Problem(Schema):
    """Why a request was refused: a sentence, or the fields that did not fit (422)."""

    detail: str | list[dict[str, Any]]
