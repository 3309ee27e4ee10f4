"""The desk's records: articles, speakers, claims, verdicts, the rating scale and sources."""

from .articles import Article
from .claims import Claim, Speaker, Tag
from .verdicts import Rating, Source, Verdict

__all__ = ["Article", "Claim", "Rating", "Source", "Speaker", "Tag", "Verdict"]
