"""The desk's records: articles and their versions, speakers, claims and the links between them,
verdicts, the rating scale, evidence rules and sources, the statements the desk dismissed, the
snapshots of pages the desk fetched, other desks' fact-checks, the dashboard's kept counts, the
content generation of kept page fragments, notes and notifications, webhook endpoints and their
deliveries."""

from factcheck.api.models import ApiToken
from factcheck.articles.models import Article, ArticleVersion
from factcheck.claims.models import Claim, ClaimLink, SimilarClaim, SimilarList, Speaker, Tag
from factcheck.collab.models import (
    ClaimFollow,
    ClaimNote,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from factcheck.core.models import ContentGeneration
from factcheck.desk.models import RatingTally, StatusTally
from factcheck.external.models import ExternalLink, ExternalReview
from factcheck.intake.models import Snapshot
from factcheck.statements.models import DismissedStatement
from factcheck.verdicts.models import EvidenceRule, Rating, Source, Verdict
from factcheck.webhooks.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Article",
    "ArticleVersion",
    "Claim",
    "ClaimFollow",
    "ClaimLink",
    "DismissedStatement",
    "SimilarClaim",
    "SimilarList",
    "ClaimNote",
    "ContentGeneration",
    "DeliveryAttempt",
    "EvidenceRule",
    "ExternalLink",
    "ExternalReview",
    "Notification",
    "NotificationKind",
    "NotificationSetting",
    "Rating",
    "RatingTally",
    "Snapshot",
    "Source",
    "Speaker",
    "StatusTally",
    "Tag",
    "Verdict",
    "WebhookDelivery",
    "WebhookEndpoint",
]
