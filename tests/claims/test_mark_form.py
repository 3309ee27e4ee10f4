"""The one mark form: claim, speaker (person or organisation), date, verdict and source rows in
one POST, all or nothing, submitted for review only when the evidence rule is met."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import workflow
from factcheck.articles.body_versions import latest_number
from factcheck.claims import marking
from factcheck.core.partial_dates import PartialDate
from factcheck.exports.exporting import claimreview_for
from factcheck.models import Article, Claim, Rating, Source, Speaker, Tag, Verdict
from tests.factories import ArticleFactory
from tests.htmx import HTMX

QUOTE = "Tu as dit l’exacte vérité"
RATIONALE = "<div>Musk a <strong>approuvé</strong> un message antisémite 😀.</div>"


def seed_article():
    return Article.objects.get(origin__startswith="seeds/")


def source_rows(*rows, total=None):
    data = {"source-TOTAL_FORMS": str(len(rows) if total is None else total)}
    data["source-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        data.update({f"source-{index}-{name}": value for name, value in row.items()})
    return data


WHITE_HOUSE = {
    "url": "https://www.whitehouse.gov/briefing-room/",
    "title": "Réaction de la Maison Blanche",
    "publisher": "The White House",
    "kind": "official",
}
LE_MONDE = {
    "url": "https://www.lemonde.fr/pixels/article/2023/11/17/musk",
    "title": "Elon Musk approuve un message antisémite",
    "publisher": "Le Monde",
    "kind": "news",
}


def selection(quote=QUOTE) -> dict:
    """Where the page says the selected words stand: code points, and the text's version."""
    article = seed_article()
    start = article.body.index(quote)
    return {
        "quote": quote,
        "start": str(start),
        "end": str(start + len(quote)),
        "body_version": str(latest_number(article)),
    }


def offsets(article, quote) -> dict:
    start = article.body.index(quote)
    return {"start": start, "end": start + len(quote)}


def full_post(*rows, **extra):
    data = {
        **selection(),
        "speaker_name": "Elon Musk",
        "kind": "direct_quote",
        "claimed": "2023-11-15",
        "claim_reviewed": "Les personnes juives encouragent la haine contre les Blancs.",
        "tags": "antisémitisme",
        "verdict-rating": str(Rating.objects.get(slug="false").pk),
        "verdict-summary": "Faux : un message antisémite, approuvé.",
        "verdict-rationale": RATIONALE,
    }
    data.update(source_rows(*rows))
    data.update(extra)
    return data


def counts():
    return [model.objects.count() for model in (Claim, Verdict, Source, Speaker, Tag)]


def test_one_post_marks_writes_the_verdict_adds_sources_and_submits(seeded, editor, client_for):
    article = seed_article()
    data = full_post(WHITE_HOUSE, LE_MONDE, submit_for_review="1")
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    claim = Claim.objects.latest("pk")
    verdict = claim.verdicts.get()
    assert claim.status == Claim.Status.IN_REVIEW and verdict.status == Verdict.Status.SUBMITTED
    assert (claim.claimed_on, claim.claimed_precision) == (datetime.date(2023, 11, 15), "day")
    assert verdict.author == editor and verdict.summary.startswith("Faux")
    assert "<strong>approuvé</strong>" in verdict.rationale and "😀" in verdict.rationale
    assert sorted(verdict.sources.values_list("publisher", "kind", "added_by")) == [
        ("Le Monde", "news", editor.pk),
        ("The White House", "official", editor.pk),
    ]
    assert "Claim marked and submitted for review." in response["HX-Trigger-After-Settle"]
    html = response.content.decode()
    assert f'data-claim-id="{claim.pk}"' in html
    # The panel alone: the page puts back the empty form it was first sent (mark_form.js),
    # and the body refreshes from <body> (the sent form is replaced once the answer is in).
    assert 'id="mark-form"' not in html and "hx-swap-oob" not in html
    assert '"claims-changed": {"target": "body"}' in response["HX-Trigger-After-Swap"]


def test_marking_reads_the_article_s_text_once_under_its_lock(seeded, editor, client_for):
    """The text may weigh a few MiB: the offsets are checked against it once, and neither the
    view nor the panel it answers with reads it again."""
    article, data = seed_article(), full_post(WHITE_HOUSE)
    client = client_for(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if '"factcheck_article"."body"' in q["sql"]]
    assert len(reads) == 1
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in reads[0]


def test_mark_saves_the_verdict_and_sources_as_a_draft(seeded, editor, client_for):
    article = seed_article()
    data = full_post(WHITE_HOUSE)
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    claim = Claim.objects.latest("pk")
    verdict = claim.verdicts.get()
    assert (claim.status, claim.assignee) == (Claim.Status.IN_PROGRESS, editor)
    assert verdict.status == Verdict.Status.DRAFT and verdict.sources.count() == 1
    assert "Claim marked." in response["HX-Trigger-After-Settle"]


def test_marking_alone_writes_no_verdict(seeded, editor, client_for):
    article = seed_article()
    data = full_post(
        {"url": "", "title": "", "publisher": "", "kind": "news"},
        **{"verdict-rating": "", "verdict-summary": " ", "verdict-rationale": "<div><br></div>"},
    )
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    claim = Claim.objects.latest("pk")
    assert claim.status == Claim.Status.NEW and not claim.verdicts.exists()


def test_submit_short_of_the_evidence_rule_saves_nothing_and_keeps_the_typing(
    seeded, editor, client_for
):
    article = seed_article()
    before = counts()
    data = full_post(
        WHITE_HOUSE, speaker_name="Porte-parole", create_speaker="on", submit_for_review="1"
    )
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#mark-form"
    html = response.content.decode()
    assert "This verdict cannot be submitted yet." in html
    assert "This verdict has 1 publisher: The White House." in html
    assert "Nothing was saved yet" in html
    for typed in (
        "Porte-parole",
        "2023-11-15",
        "Les personnes juives encouragent la haine contre les Blancs.",
        "Faux : un message antisémite, approuvé.",
        "&lt;strong&gt;approuvé&lt;/strong&gt;",  # the rationale, in the editor's hidden input
        "https://www.whitehouse.gov/briefing-room/",
        "Réaction de la Maison Blanche",
    ):
        assert typed in html, typed
    assert counts() == before


def test_submit_without_a_rating_is_refused_the_same_way(seeded, editor, client_for):
    article = seed_article()
    before = counts()
    data = full_post(WHITE_HOUSE, LE_MONDE, submit_for_review="1", **{"verdict-rating": ""})
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 409 and "Choose a rating" in response.content.decode()
    assert counts() == before


def test_an_invalid_source_row_comes_back_with_its_error_and_nothing_is_created(
    seeded, editor, client_for
):
    article = seed_article()
    before = counts()
    bad = dict(LE_MONDE, url="javascript:alert(1)")
    data = full_post(WHITE_HOUSE, bad, submit_for_review="1")
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "errorlist" in html and "Elon Musk approuve un message antisémite" in html
    assert html.count('data-role="source-row"') == 3  # two typed, one in the <template>
    assert counts() == before


@pytest.mark.parametrize("total", ["abc", "-1", "31", "100000", "1e3", "", "9" * 40], ids=repr)
def test_a_forged_number_of_rows_is_a_form_error_never_a_500(seeded, editor, client_for, total):
    article = seed_article()
    data = full_post(WHITE_HOUSE, LE_MONDE)
    data["source-TOTAL_FORMS"] = total
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422
    assert not Claim.objects.filter(created_by=editor).exists()


def test_as_many_rows_as_needed_up_to_the_cap(seeded, editor, client_for):
    article = seed_article()
    rows = [dict(LE_MONDE, url=f"https://example.org/{n}", publisher=f"P{n}") for n in range(12)]
    data = full_post(*rows, submit_for_review="1")
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200
    assert Claim.objects.latest("pk").verdicts.get().sources.count() == 12


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2023-11-27", (datetime.date(2023, 11, 27), "day")),
        (" 2023-11 ", (datetime.date(2023, 11, 1), "month")),
        ("2022", (datetime.date(2022, 1, 1), "year")),
        ("", (datetime.date(2023, 11, 1), "month")),  # the article's date
    ],
)
def test_claimed_date_with_its_precision(seeded, editor, client_for, text, expected):
    article = seed_article()
    assert (article.published_on, article.published_precision) == (
        datetime.date(2023, 11, 1),
        "month",
    )
    data = full_post(claimed=text)
    client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    claim = Claim.objects.latest("pk")
    assert (claim.claimed_on, claim.claimed_precision) == expected


@pytest.mark.parametrize("text", ["2023-02-30", "27/11/2023", "hier", "0000"])
def test_an_impossible_claimed_date_is_a_form_error(seeded, editor, client_for, text):
    article = seed_article()
    response = client_for(editor).post(
        reverse("mark_claim", args=[article.pk]), full_post(claimed=text), **HTMX
    )
    assert response.status_code == 422
    assert not Claim.objects.filter(created_by=editor).exists()


def test_the_form_is_prefilled_with_the_article_s_date(seeded, editor, client_for):
    article = seed_article()
    html = client_for(editor).get(reverse("article_detail", args=[article.pk])).content.decode()
    assert 'name="claimed" value="2023-11"' in html
    assert 'name="source-TOTAL_FORMS" value="1"' in html
    assert 'data-action="mark-and-submit"' in html and 'data-action="add-source-row"' in html


@pytest.mark.parametrize(
    "kind,schema_type", [("organisation", "Organization"), ("person", "Person")]
)
def test_a_new_speaker_gets_the_kind_chosen_and_claimreview_says_so(
    seeded, editor, reviewer, client_for, kind, schema_type
):
    article = seed_article()
    data = full_post(
        WHITE_HOUSE,
        LE_MONDE,
        speaker_name="Commission européenne",
        create_speaker="on",
        speaker_kind=kind,
        submit_for_review="1",
    )
    client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    claim = Claim.objects.latest("pk")
    assert claim.speaker.kind == kind
    workflow.approve(claim.verdicts.get(), reviewer=reviewer)
    review = claimreview_for(claim.pk, base_url="https://desk.example.org")
    assert review["itemReviewed"]["author"] == {
        "@type": schema_type,
        "name": "Commission européenne",
    }


def test_a_speaker_created_without_a_kind_is_a_person(seeded, editor, client_for):
    article = seed_article()
    data = full_post(speaker_name="Nouvelle personne", create_speaker="on")
    client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert Speaker.objects.get(name="Nouvelle personne").kind == Speaker.Kind.PERSON


def test_an_existing_speaker_keeps_its_kind(seeded, editor, client_for):
    article = seed_article()
    kind = Speaker.objects.get(name="Maison Blanche").kind
    data = full_post(speaker_name="maison blanche", create_speaker="on", speaker_kind="person")
    client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert Claim.objects.latest("pk").speaker.name == "Maison Blanche"
    assert Speaker.objects.get(name="Maison Blanche").kind == kind


VARIED = [
    "Bravo 😀😀😀 à tous",
    "e\u0301te\u0301 — cafe\u0301",
    "Prix\u00a0: 3\u202f% « oui »",
    "ligne 1\r\nligne 2",
    "שלום עולם مرحبا",
    "répété répété répété " * 20,
    "\u200f\u202e inversé",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓂀",
]


@pytest.mark.parametrize("text", VARIED, ids=range(len(VARIED)))
def test_varied_text_in_every_field_is_stored_as_typed(seeded, editor, client_for, text):
    article = seed_article()
    rows = [
        dict(WHITE_HOUSE, title=text[:300], publisher=text[:200]),
        LE_MONDE,
    ]
    data = full_post(
        *rows,
        claim_reviewed=text,
        tags=text[:50],
        submit_for_review="1",
        **{"verdict-summary": text[:300], "verdict-rationale": f"<p>{text}</p>"},
    )
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 200, response.content.decode()[:500]
    claim = Claim.objects.latest("pk")
    verdict = claim.verdicts.get()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.claim_reviewed == text.strip()
    assert verdict.summary == text[:300].strip()
    assert sorted(verdict.sources.values_list("title", flat=True)) == sorted(
        [text[:300].strip(), "Elon Musk approuve un message antisémite"]
    )


@pytest.mark.parametrize("field", ["claim_reviewed", "verdict-summary", "source-0-title", "tags"])
def test_a_nul_byte_anywhere_is_refused_and_nothing_is_stored(seeded, editor, client_for, field):
    # The request guard answers 400 for a NUL in any parameter, before the form reads it.
    article = seed_article()
    data = full_post(WHITE_HOUSE, LE_MONDE)
    data[field] = "avant\x00après"
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 400
    assert not Claim.objects.filter(created_by=editor).exists()


def test_the_refusal_speaks_french(seeded, editor, client_for):
    article = seed_article()
    client = client_for(editor)
    client.cookies["django_language"] = "fr"
    data = full_post(submit_for_review="1")
    response = client.post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Au moins 2 sources d’éditeurs différents sont nécessaires." in html
    assert "Ce verdict ne peut pas encore être soumis." in html


# --- The domain function --------------------------------------------------------------------


def test_mark_with_verdict_is_all_or_nothing(editor):
    article = ArticleFactory()
    before = counts()
    with pytest.raises(marking.NotSubmitted):
        marking.mark_with_verdict(
            article=article,
            by=editor,
            quote="mensonge éhonté",
            **offsets(article, "mensonge éhonté"),
            speaker_name="L’opposition",
            create_speaker=True,
            speaker_kind=Speaker.Kind.ORGANISATION,
            tags="neuf",
            rating=Rating.objects.get(slug="false"),
            summary="Faux.",
            sources=[dict(WHITE_HOUSE)],
            submit=True,
        )
    assert counts() == before
    claim = marking.mark_with_verdict(
        article=article,
        by=editor,
        quote="mensonge éhonté",
        **offsets(article, "mensonge éhonté"),
        speaker_name="L’opposition",
        create_speaker=True,
        speaker_kind=Speaker.Kind.ORGANISATION,
        claimed=PartialDate.parse("2023-11-27"),
        rating=Rating.objects.get(slug="false"),
        summary="Faux.",
        sources=[dict(WHITE_HOUSE), dict(LE_MONDE)],
        submit=True,
    )
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.speaker.kind == Speaker.Kind.ORGANISATION and claim.claimed == "2023-11-27"


def test_mark_with_verdict_keeps_the_rules_of_each_step(viewer):
    article = ArticleFactory()
    with pytest.raises(workflow.NotAllowed):
        marking.mark_with_verdict(
            article=article,
            by=viewer,
            quote="mensonge",
            **offsets(article, "mensonge"),
            summary="x",
            submit=True,
        )
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("speaker_kind", "robot"),
        ("verdict-rating", "999999"),
        ("verdict-rating", "abc"),
        ("source-0-kind", "rumour"),
        ("source-0-url", "ftp://example.org/x"),
        ("source-0-archived_url", "javascript:alert(1)"),
        ("claimed", "2023-11-27-01"),
    ],
)
def test_forged_choices_are_form_errors_and_nothing_is_created(
    seeded, editor, client_for, field, value
):
    article = seed_article()
    before = counts()
    data = full_post(WHITE_HOUSE, LE_MONDE, submit_for_review="1")
    data[field] = value
    response = client_for(editor).post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert response.status_code == 422, field
    assert counts() == before
