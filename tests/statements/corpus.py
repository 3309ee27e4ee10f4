"""The labelled corpus of tests/data/statements/ and how the finder is scored on it (shared by
tests/statements/test_corpus.py and bench/finder.py).

A proposal finds a labelled statement when their spans overlap by at least half of their union
(a reported clause may be cut a few words differently); each label is found at most once. The
speaker is right when the names agree once folded (accents, case, a leading article dropped),
or when both say nobody.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.statements.finder import KnownSpeaker, Proposal, find_statements, fold

CORPUS = Path(__file__).resolve().parent.parent / "data" / "statements"
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    quote: str
    speaker: str | None
    kind: str


@dataclass
class Article:
    file: str
    language: str
    body: str
    labels: list[Label]
    heldout: bool = False


def _spaces(text: str) -> str:
    # The labels are typed with plain spaces; the articles hold no-break ones (same length).
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def desk_speakers() -> list[KnownSpeaker]:
    data = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    return [
        KnownSpeaker(index, s["name"], s["kind"], tuple(s["aliases"]))
        for index, s in enumerate(data["desk_speakers"], 1)
    ]


def load() -> list[Article]:
    data = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    articles = []
    for entry in data["articles"]:
        # newline="": the bytes as they are, CRLF included.
        with open(CORPUS / entry["file"], encoding="utf-8", newline="") as handle:
            body = handle.read()
        labels = []
        for item in entry["statements"]:
            quote = item["quote"]
            if "\r\n" in body:
                quote = quote.replace("\n", "\r\n")
            start = _spaces(body).find(_spaces(quote))
            if start < 0:
                raise ValueError(f"{entry['file']}: label not in the text: {quote!r}")
            labels.append(Label(start, start + len(quote), quote, item["speaker"], item["kind"]))
        articles.append(
            Article(entry["file"], entry["language"], body, labels, entry.get("heldout", False))
        )
    return articles


def same_speaker(name: str | None, label: str | None) -> bool:
    def key(value):
        return re.sub(r"^(?:la |le |les |l'|the )", "", fold(value).strip()) if value else None

    return key(name) == key(label)


def _overlap(a_start, a_end, b_start, b_end) -> float:
    common = min(a_end, b_end) - max(a_start, b_start)
    union = max(a_end, b_end) - min(a_start, b_start)
    return max(common, 0) / union


@dataclass
class Score:
    labels: int = 0
    proposals: int = 0
    found: int = 0
    exact: int = 0
    right_speaker: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    wrong_speakers: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.proposals if self.proposals else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.right_speaker / self.found if self.found else 1.0


def score_article(article: Article, proposals: list[Proposal], score: Score) -> None:
    score.labels += len(article.labels)
    score.proposals += len(proposals)
    unmatched = list(article.labels)
    for proposal in proposals:
        best = max(
            unmatched,
            key=lambda lb: _overlap(proposal.start, proposal.end, lb.start, lb.end),
            default=None,
        )
        if (
            best is None
            or _overlap(proposal.start, proposal.end, best.start, best.end) < MIN_OVERLAP
        ):
            score.extras.append((article.file, proposal.quote))
            continue
        unmatched.remove(best)
        score.found += 1
        score.exact += (proposal.start, proposal.end) == (best.start, best.end)
        name = proposal.speaker.name if proposal.speaker else None
        if same_speaker(name, best.speaker):
            score.right_speaker += 1
        else:
            score.wrong_speakers.append((article.file, best.quote, best.speaker, name))
    score.misses.extend((article.file, label.quote) for label in unmatched)


def evaluate(articles=None, speakers=None) -> Score:
    articles = load() if articles is None else articles
    speakers = desk_speakers() if speakers is None else speakers
    score = Score()
    for article in articles:
        score_article(article, find_statements(article.body, speakers), score)
    return score
