"""Reviewed claims with everything an export shows, for the list, CSV and ClaimReview tests."""

import datetime

from factcheck.core.partial_dates import Precision
from factcheck.models import Article, Rating, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    TagFactory,
    UserFactory,
    VerdictFactory,
)

MUSK_BODY = (
    "Le milliardaire Elon Musk a répondu sur X : « Tu as dit l’exacte vérité ». "
    "La Maison Blanche a dénoncé une « promotion abjecte de la haine antisémite et raciste »."
)
REVIEWED_AT = datetime.datetime(2023, 11, 28, 9, 30, 5, tzinfo=datetime.UTC)


def musk_article(**fields) -> Article:
    defaults = {
        "title": "À Jérusalem, la visite qui fâche « l’opinion »",
        "outlet": "Le Quotidien",
        "url": "https://journal.example.fr/2023/11/musk-herzog",
        "published_on": datetime.date(2023, 11, 1),
        "published_precision": Precision.MONTH,
        "body": MUSK_BODY,
    }
    return ArticleFactory(**(defaults | fields))


def reviewed_claim(
    *,
    article=None,
    quote="Tu as dit l’exacte vérité",
    speaker="Elon Musk",
    claim_reviewed="Les personnes juives encouragent la « haine contre les Blancs ».",
    rating="false",
    summary="Aucune donnée n’étaye ce message ; c’est un cliché antisémite.",
    rationale=(
        "<p>Le message approuvé reprend un <strong>cliché</strong> &laquo; complotiste &raquo;.</p>"
        "<p>L’Anti-Defamation League l’a documenté &amp; daté.</p>"
    ),
    tags=("antisémitisme", "réseaux sociaux"),
    sources=(
        ("Rapport de l’ADL", "https://www.adl.org/rapport"),
        ("Le post sur X", "https://x.com/elonmusk/status/1"),
    ),
    reviewed_at=REVIEWED_AT,
    author=None,
    reviewer=None,
):
    article = article or musk_article()
    claim = ClaimFactory(
        article=article,
        quote=quote,
        speaker=SpeakerFactory(name=speaker) if speaker else None,
        claim_reviewed=claim_reviewed,
        claimed_on=datetime.date(2023, 11, 15),
        claimed_precision=Precision.DAY,
        status="reviewed",
    )
    claim.tags.set([TagFactory(name=name) for name in tags])
    author = author or UserFactory(
        username="auteur", first_name="Anaïs", last_name="Lefèvre", role="editor"
    )
    reviewer = reviewer or UserFactory(username="relecteur", role="reviewer")
    verdict = VerdictFactory(
        claim=claim,
        rating=Rating.objects.get(slug=rating),
        summary=summary,
        rationale=rationale,
        author=author,
        reviewer=reviewer,
        status=Verdict.Status.APPROVED,
        reviewed_at=reviewed_at,
    )
    for title, url in sources:
        SourceFactory(verdict=verdict, title=title, url=url)
    return claim


def reviewed_elsewhere(quote: str, n: int = 1):
    """``quote`` reviewed in an article of its own, by an author and a reviewer of its own (``n``
    tells several apart): an earlier check that a similar claim may repeat."""
    return reviewed_claim(
        article=ArticleFactory(body=f"« {quote} »", title=f"Article {n}"),
        quote=quote,
        speaker=f"Orateur {n}",
        author=UserFactory(username=f"auteur{n}", role="editor"),
        reviewer=UserFactory(username=f"relecteur{n}", role="reviewer"),
    )
