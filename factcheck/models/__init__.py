"""The desk's records: articles and their versions, speakers, claims and the links between them,
verdicts, the rating scale, evidence rules and sources."""

from .articles import Article, ArticleVersion
from .claims import Claim, Speaker, Tag
from .links import ClaimLink
from .verdicts import EvidenceRule, Rating, Source, Verdict

__all__ = [
    "Article",
    "ArticleVersion",
    "Claim",
    "ClaimLink",
    "EvidenceRule",
    "Rating",
    "Source",
    "Speaker",
    "Tag",
    "Verdict",
]
