"""The search text follows every write that changes the words a claim is found by, and the link
picker ranks the quote and the speaker first, saying how many more claims matched."""

import pytest

from factcheck import workflow
from factcheck.articles import body_versions
from factcheck.claims import links, search
from factcheck.claims.filters import listing_queryset
from factcheck.core import locking
from factcheck.models import Claim, ClaimLink, Rating, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
)


def found(q) -> set[int]:
    return set(search.search_claims(listing_queryset(), q).values_list("pk", flat=True))


def text_of(claim) -> str:
    return Claim.objects.get(pk=claim.pk).search_text


@pytest.fixture
def claim(db):
    return ClaimFactory(speaker=SpeakerFactory(name="Élisabeth Borne"))


def test_marking_a_claim_makes_it_findable(editor):
    article = ArticleFactory(body="Il a dit : « Les licornes votent blanc. »\n\nFin.")
    marked = workflow.mark_claim(article=article, quote="Les licornes votent blanc.", by=editor)
    assert marked.pk in found("licornes")


def test_rewording_a_claim_refreshes_its_search_text(claim, editor):
    workflow.edit_claim(claim, by=editor, claim_reviewed="Zorglub mentait", expected=claim.version)
    assert "zorglub" in text_of(claim)
    assert claim.pk in found("zorglub")


def test_any_update_if_current_of_a_searchable_field_refreshes_it(claim, editor):
    locking.update_if_current(claim, expected=None, by=editor, claim_reviewed="Ornithorynque")
    assert claim.pk in found("ornithorynque")


def test_saving_a_verdict_summary_refreshes_its_claim(claim, editor):
    rating = Rating.objects.get(slug="false")
    workflow.save_verdict(claim, by=editor, rating=rating, summary="Pamplemousse", rationale="")
    assert claim.pk in found("pamplemousse")
    verdict = claim.verdicts.get()
    workflow.save_verdict(
        claim,
        by=editor,
        rating=rating,
        summary="Topinambour",
        rationale="",
        expected=verdict.version,
    )
    assert claim.pk in found("topinambour")
    assert claim.pk not in found("pamplemousse")


def test_a_superseded_summary_leaves_the_search_text(claim, editor, reviewer):
    first = VerdictFactory(claim=claim, author=editor, summary="Rutabaga", sourced=True)
    workflow.submit(first, by=editor)
    workflow.approve(first, reviewer=reviewer)
    assert claim.pk in found("rutabaga")
    correction = workflow.start_correction(claim, by=editor, reason="Un nouveau chiffre.")
    workflow.save_verdict(
        claim,
        by=editor,
        rating=correction.rating,
        summary="Salsifis",
        rationale="",
        expected=correction.version,
    )
    workflow.submit(correction, by=editor)
    workflow.approve(correction, reviewer=reviewer)
    assert Verdict.objects.get(pk=first.pk).status == Verdict.Status.SUPERSEDED
    assert claim.pk in found("salsifis")
    assert claim.pk not in found("rutabaga")


def test_renaming_a_speaker_or_adding_an_alias_refreshes_their_claims(claim):
    speaker = claim.speaker
    speaker.name = "Gaston Lagaffe"
    speaker.save()
    assert claim.pk in found("lagaffe")
    speaker.aliases = "M'enfin\nPrunelle"
    speaker.save(update_fields=["aliases"])
    assert claim.pk in found("prunelle")


def test_retitling_an_article_refreshes_its_claims(claim):
    article = claim.article
    article.title = "Le Marsupilami à Palombie"
    article.save()
    assert claim.pk in found("palombie")


def test_a_new_version_of_the_text_refreshes_a_changed_quote(editor):
    article = ArticleFactory(
        body="Il a dit : « Le chômage a baissé de 10 % l’an dernier. »\n\nFin."
    )
    claim = ClaimFactory(article=article)
    body_versions.replace_body(
        article,
        body="Il a dit : « Le chômage a baissé de 10 % l’an dernier en Syldavie. »\n\nFin.",
        by=editor,
    )
    assert claim.pk in found("syldavie")


def test_a_source_edit_changes_nothing_searchable(claim, editor):
    verdict = VerdictFactory(claim=claim, author=editor, summary="Céleri")
    source = SourceFactory(verdict=verdict)
    before = text_of(claim)
    locking.update_if_current(source, expected=None, by=editor, title="Bordeaux")
    assert text_of(claim) == before


# The picker --------------------------------------------------------------------------------


@pytest.fixture
def crowded(db):
    """Musk's own claim, older than a dozen claims that only name him in their article."""
    musk = SpeakerFactory(name="Elon Musk", aliases="@elonmusk")
    body = "Il a répondu : « Tu as dit l’exacte vérité ». D’autres ont parlé.\n\nFin."
    own = ClaimFactory(
        article=ArticleFactory(body=body, title="Réponse"),
        quote="Tu as dit l’exacte vérité",
        speaker=musk,
    )
    others = []
    for n in range(14):
        others.append(
            ClaimFactory(
                article=ArticleFactory(body=body, title=f"Musk et la plateforme X, épisode {n}"),
                quote="D’autres ont parlé.",
                speaker=SpeakerFactory(name=f"Commentateur {n}"),
                claim_reviewed="",
            )
        )
    return own, others


def test_the_picker_puts_the_speakers_own_claim_first_and_counts_the_rest(crowded):
    own, others = crowded
    picked = links.pick_candidates(others[0], "Musk")
    assert picked.claims[0] == own
    assert len(picked.claims) == links.PICKER_LIMIT
    assert picked.total == 14  # the 15 claims found, less the one asking
    assert picked.more == 14 - links.PICKER_LIMIT


def test_the_picker_ranks_words_in_the_quote_above_words_in_a_title(crowded):
    own, others = crowded
    picked = links.pick_candidates(others[0], "parle")
    # Every other claim says "ont parlé"; Musk's quote does not, but his article's text does
    # not count: only the search text does.
    assert own not in picked.claims
    picked = links.pick_candidates(others[0], "verite")
    assert picked.claims == [own] and picked.more == 0


def test_the_picker_page_says_how_many_more_matched(crowded, client_for, editor):
    own, others = crowded
    from django.urls import reverse

    url = reverse("claim_link_candidates", args=[others[0].pk])
    html = client_for(editor).get(url, {"find": "musk"}, headers={"HX-Request": "true"})
    html = html.content.decode()
    assert html.index('data-candidate="') == html.index(f'data-candidate="{own.pk}"')
    assert 'data-role="more-candidates"' in html and "4 more claims match" in html


def test_the_picker_leaves_out_linked_claims_and_itself(crowded, editor):
    own, others = crowded
    ClaimLink.objects.create(
        claim=others[0], target=own, relation=ClaimLink.Relation.REPEATS, created_by=editor
    )
    picked = links.pick_candidates(others[0], "Musk")
    assert own not in picked.claims and others[0] not in picked.claims
    assert picked.total == 13


def test_the_picker_ignores_junk(crowded):
    own, others = crowded
    for junk in ("", "   ", "\x00", "🙂", "‏שלום", "%", "_"):
        picked = links.pick_candidates(others[0], junk)
        assert picked.total >= 0


def test_a_claim_without_speaker_or_wording_is_found_by_its_quote(db):
    claim = ClaimFactory(speaker=None, claim_reviewed="")
    assert "chomage" in text_of(claim)
