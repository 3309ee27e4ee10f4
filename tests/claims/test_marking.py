"""Marking helpers: the speaker search, tags typed as text, speakers found or created."""

import pytest

from factcheck import workflow
from factcheck.claims import marking
from factcheck.models import Claim, Speaker
from tests.factories import ArticleFactory, SpeakerFactory


def test_search_matches_names_and_aliases_names_starting_with_the_text_first(db):
    SpeakerFactory(name="Elon Musk", aliases="Musk\n@elonmusk")
    SpeakerFactory(name="Kimbal Musk")
    SpeakerFactory(name="Muskogee County")
    assert [s.name for s in marking.search_speakers("musk")] == [
        "Muskogee County",
        "Elon Musk",
        "Kimbal Musk",
    ]
    assert [s.name for s in marking.search_speakers("@elon")] == ["Elon Musk"]
    assert marking.search_speakers("  ") == []


def test_tag_names_drop_blanks_and_repeats():
    assert marking.tag_names(" Israël, , israël,antisémitisme ,") == ["Israël", "antisémitisme"]


def at(article, quote):
    """The selection of the first ``quote`` in the article's body, as the page sends it."""
    start = article.body.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def test_mark_from_selection_creates_a_speaker_only_when_asked(editor):
    article = ArticleFactory()
    with pytest.raises(workflow.Conflict):
        marking.mark_from_selection(
            article=article, by=editor, speaker_name="L’opposition", **at(article, "mensonge")
        )
    assert not Claim.objects.exists() and not Speaker.objects.exists()
    claim = marking.mark_from_selection(
        article=article,
        by=editor,
        **at(article, "mensonge éhonté"),
        speaker_name=" L’opposition ",
        create_speaker=True,
        kind=Claim.Kind.PARAPHRASE,
        tags="chômage",
    )
    assert claim.speaker.name == "L’opposition" and claim.kind == Claim.Kind.PARAPHRASE
    assert [t.name for t in claim.tags.all()] == ["chômage"]


def test_an_existing_name_is_reused_whatever_its_case(editor):
    speaker = SpeakerFactory(name="Le Président")
    article = ArticleFactory()
    claim = marking.mark_from_selection(
        article=article, by=editor, **at(article, "mensonge"), speaker_name="le président"
    )
    assert claim.speaker == speaker


def test_nothing_is_half_written_when_the_quote_is_missing(editor):
    with pytest.raises(workflow.QuoteNotFound):
        marking.mark_from_selection(
            article=ArticleFactory(),
            by=editor,
            quote="absent",
            start=0,
            end=6,
            speaker_name="Nouveau",
            create_speaker=True,
            tags="neuf",
        )
    assert not Speaker.objects.exists()
