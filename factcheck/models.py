"""The desk's records: articles and their versions, speakers, claims and the links between them,
verdicts, the rating scale, evidence rules and sources."""

from factcheck.articles.models import Article, ArticleVersion
from factcheck.claims.models import Claim, ClaimLink, SimilarClaim, SimilarList, Speaker, Tag
from factcheck.verdicts.models import EvidenceRule, Rating, Source, Verdict

__all__ = [
    "Article",
    "ArticleVersion",
    "Claim",
    "ClaimLink",
    "SimilarClaim",
    "SimilarList",
    "EvidenceRule",
    "Rating",
    "Source",
    "Speaker",
    "Tag",
    "Verdict",
]
