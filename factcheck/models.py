"""The desk's records: articles and their versions, speakers, claims and the links between them,
verdicts, the rating scale, evidence rules and sources, notes and notifications."""

from factcheck.api.models import ApiToken
from factcheck.articles.models import Article, ArticleVersion
from factcheck.claims.models import Claim, ClaimLink, Speaker, Tag
from factcheck.collab.models import (
    ClaimFollow,
    ClaimNote,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from factcheck.verdicts.models import EvidenceRule, Rating, Source, Verdict

__all__ = [
    "ApiToken",
    "Article",
    "ArticleVersion",
    "Claim",
    "ClaimFollow",
    "ClaimLink",
    "ClaimNote",
    "EvidenceRule",
    "Notification",
    "NotificationKind",
    "NotificationSetting",
    "Rating",
    "Source",
    "Speaker",
    "Tag",
    "Verdict",
]
