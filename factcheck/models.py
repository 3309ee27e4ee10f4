"""The desk's records: articles and their versions, speakers, claims and the links between them,
verdicts, the rating scale, evidence rules and sources, and the snapshots of pages the desk
fetched."""

from factcheck.articles.models import Article, ArticleVersion
from factcheck.claims.models import Claim, ClaimLink, Speaker, Tag
from factcheck.intake.models import Snapshot
from factcheck.verdicts.models import EvidenceRule, Rating, Source, Verdict

__all__ = [
    "Article",
    "ArticleVersion",
    "Claim",
    "ClaimLink",
    "EvidenceRule",
    "Rating",
    "Snapshot",
    "Source",
    "Speaker",
    "Tag",
    "Verdict",
]
