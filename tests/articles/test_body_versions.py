"""Replacing an article's body: versions kept, claims found again or flagged, reviewed claims
whose words changed back in review, refusals that change nothing."""

import pytest

from factcheck import workflow
from factcheck.articles import body_versions
from factcheck.articles.body_versions import StaleVersion, body_diff, replace_body
from factcheck.articles.highlighting import Highlight, paragraphs
from factcheck.articles.reanchoring import DiffPart
from factcheck.models import Article, ArticleVersion, Claim, Rating, Verdict
from tests.articles.test_reanchoring import HERZOG, MUSK, PRESIDENCY, UPDATE, WHITE_HOUSE
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

DELETED = " « Tu as dit l’exacte vérité », avait réagi l’homme d’affaires américain."


@pytest.fixture
def article(seeded):
    return Article.objects.get()


def claim(quote) -> Claim:
    return Claim.objects.get(quote__startswith=quote[:12])


def corrected(body: str) -> str:
    """Every edit at once: an update paragraph on top, a rewritten quote, a deleted quote and
    straight apostrophes in another."""
    return (
        f"{UPDATE}\n\n{body}".replace("promotion abjecte", "promotion odieuse")
        .replace(DELETED, "")
        .replace("d’agir", "d'agir")
    )


def reviewed(quote, *, author, reviewer) -> Verdict:
    verdict = workflow.save_verdict(
        claim(quote),
        by=author,
        rating=Rating.objects.get(slug="misleading"),
        summary="Le message est trompeur.",
        rationale="<p>Voir l’analyse « complète ».</p>",
    )
    SourceFactory(verdict=verdict, title="Communiqué", publisher="Élysée")
    SourceFactory(verdict=verdict, title="Article", publisher="Le Monde")
    workflow.submit(verdict, by=author)
    return workflow.approve(verdict, reviewer=reviewer)


def state():
    return (
        Article.objects.values_list("body", flat=True).get(),
        list(ArticleVersion.objects.values_list("number", "body")),
        list(
            Claim.objects.order_by("pk").values_list(
                "quote", "start_offset", "end_offset", "anchor", "quote_before", "status", "version"
            )
        ),
        list(Verdict.objects.order_by("pk").values_list("status", "claim_id")),
    )


def test_inserted_paragraphs_move_every_claim(article, editor):
    first, rest = article.body.split("\n\n", 1)
    new = f"{UPDATE}\n\n{first}\n\nUn paragraphe ajouté.\n\n{rest}"
    report = replace_body(article, body=new, by=editor, note="Mise à jour", origin="pasted")

    assert report.counts == {"found": 4, "quote_changed": 0, "orphaned": 0}
    assert report.version.number == 2
    for row in Claim.objects.all():
        assert new[row.start_offset : row.end_offset] == row.quote
        assert new[: row.start_offset].endswith(row.prefix)
        assert row.anchor == Claim.Anchor.FOUND
        assert row.version == 2  # moved: forms opened before are stale
    article.refresh_from_db()
    assert article.body == new
    versions = list(article.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].body == new and versions[1].created_by == editor
    assert (versions[1].note, versions[1].origin) == ("Mise à jour", "pasted")
    assert versions[0].body.startswith("Le milliardaire")


def test_every_kind_of_edit_at_once(article, editor):
    report = replace_body(article, body=corrected(article.body), by=editor)

    assert report.counts == {"found": 2, "quote_changed": 1, "orphaned": 1}
    assert [o.claim.pk for o in report.orphaned] == [claim(MUSK).pk]
    white_house = Claim.objects.get(quote__startswith="promotion")
    assert white_house.anchor == Claim.Anchor.QUOTE_CHANGED
    assert white_house.quote == "promotion odieuse de la haine antisémite et raciste"
    assert white_house.quote_before == WHITE_HOUSE
    assert white_house.version == 2
    assert report.quote_changed[0].diff == [
        DiffPart("equal", "promotion"),
        DiffPart("delete", "abjecte"),
        DiffPart("insert", "odieuse"),
        DiffPart("equal", "de la haine antisémite et raciste"),
    ]
    # Only the apostrophe changed: the same words, found, with the new characters.
    presidency = claim(PRESIDENCY)
    assert presidency.anchor == Claim.Anchor.FOUND
    assert presidency.quote == PRESIDENCY.replace("d’agir", "d'agir")
    assert presidency.quote_before == ""
    # The deleted quote keeps its words and offsets, and is never highlighted.
    musk = claim(MUSK)
    assert musk.anchor == Claim.Anchor.ORPHANED
    assert musk.quote == MUSK
    assert article.versions.get(number=1).body[musk.start_offset : musk.end_offset] == MUSK
    assert claim(HERZOG).anchor == Claim.Anchor.FOUND


def test_the_date_marker_of_a_pasted_file_is_dropped(article, editor):
    new = " date 2023-11 " + corrected(article.body)
    replace_body(article, body=new, by=editor)
    article.refresh_from_db()
    assert article.body.startswith(UPDATE)
    assert article.published == "2023-11"


def test_windows_line_ends_are_normalized(article, editor):
    new = corrected(article.body).replace("\n", "\r\n")
    replace_body(article, body=new, by=editor)
    article.refresh_from_db()
    assert "\r" not in article.body


def test_a_reviewed_claim_whose_quote_changed_goes_back_to_review(
    article, editor, reviewer, other_reviewer
):
    approved = reviewed(WHITE_HOUSE, author=editor, reviewer=reviewer)
    report = replace_body(article, body=corrected(article.body), by=other_reviewer)

    assert [o.claim.pk for o in report.sent_to_review] == [approved.claim_id]
    row = Claim.objects.get(pk=approved.claim_id)
    assert row.status == Claim.Status.IN_REVIEW
    approved.refresh_from_db()
    assert approved.status == Verdict.Status.APPROVED  # still published until re-approved
    again = row.verdicts.get(status=Verdict.Status.SUBMITTED)
    assert again.supersedes == approved
    assert (again.rating, again.summary, again.rationale) == (
        approved.rating,
        approved.summary,
        approved.rationale,
    )
    assert again.author == editor
    assert "version 2" in again.correction_reason
    assert sorted(again.sources.values_list("title", flat=True)) == ["Article", "Communiqué"]
    assert approved.sources.count() == 2
    assert again.history.first().history_user == other_reviewer

    # The reviewer who approved the first time approves again: the copy supersedes it.
    workflow.approve(again, reviewer=reviewer)
    approved.refresh_from_db()
    assert approved.status == Verdict.Status.SUPERSEDED
    assert Claim.objects.get(pk=row.pk).status == Claim.Status.REVIEWED


def test_a_reviewed_claim_that_moved_or_was_orphaned_stays_reviewed(article, editor, reviewer):
    herzog = reviewed(HERZOG, author=editor, reviewer=reviewer)
    musk = reviewed(MUSK, author=editor, reviewer=reviewer)
    report = replace_body(article, body=corrected(article.body), by=editor)
    assert report.sent_to_review == []
    for verdict in (herzog, musk):
        assert Claim.objects.get(pk=verdict.claim_id).status == Claim.Status.REVIEWED
        assert Verdict.objects.filter(claim=verdict.claim_id).count() == 1


def test_a_reviewed_claim_with_a_correction_being_written_keeps_it(article, editor, reviewer):
    approved = reviewed(WHITE_HOUSE, author=editor, reviewer=reviewer)
    draft = workflow.start_correction(approved.claim, by=editor, reason="Nouveau chiffre.")
    replace_body(article, body=corrected(article.body), by=editor)
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.DRAFT
    assert Verdict.objects.filter(claim=approved.claim_id).count() == 2
    assert Claim.objects.get(pk=approved.claim_id).anchor == Claim.Anchor.QUOTE_CHANGED


def test_a_flag_stays_until_the_words_come_back_or_are_accepted(article, editor, reviewer):
    approved = reviewed(WHITE_HOUSE, author=editor, reviewer=reviewer)
    version_2 = corrected(article.body)
    replace_body(article, body=version_2, by=editor)
    again = Verdict.objects.get(claim=approved.claim_id, status=Verdict.Status.SUBMITTED)
    workflow.approve(again, reviewer=reviewer)

    # Version 3 leaves the new words alone: still flagged against the reviewed words, and not
    # sent back to review a second time.
    report = replace_body(article, body=version_2 + "\n\nUn ajout en fin d’article.", by=editor)
    row = Claim.objects.get(pk=approved.claim_id)
    assert (row.anchor, row.quote_before) == (Claim.Anchor.QUOTE_CHANGED, WHITE_HOUSE)
    assert report.sent_to_review == [] and row.status == Claim.Status.REVIEWED

    # Version 4 puts the reviewed words back: found, flag cleared; the orphan comes back too.
    report = replace_body(article, body=article.versions.get(number=1).body, by=editor)
    assert report.counts == {"found": 4, "quote_changed": 0, "orphaned": 0}
    row = Claim.objects.get(pk=approved.claim_id)
    assert (row.anchor, row.quote, row.quote_before) == (Claim.Anchor.FOUND, WHITE_HOUSE, "")
    musk = claim(MUSK)
    assert musk.anchor == Claim.Anchor.FOUND
    assert article.versions.get(number=4).body[musk.start_offset : musk.end_offset] == MUSK
    assert report.sent_to_review == []


def test_accepting_the_new_words_clears_the_flag(article, editor, viewer):
    replace_body(article, body=corrected(article.body), by=editor)
    row = Claim.objects.get(quote__startswith="promotion")
    with pytest.raises(workflow.NotAllowed):
        body_versions.acknowledge_quote_change(row, by=viewer)
    body_versions.acknowledge_quote_change(row, by=editor)
    row.refresh_from_db()
    assert (row.anchor, row.quote_before, row.version) == (Claim.Anchor.FOUND, "", 3)
    with pytest.raises(workflow.Conflict):
        body_versions.acknowledge_quote_change(row, by=editor)


@pytest.mark.parametrize("role", ["viewer", None])
def test_only_editors_replace_a_text(article, request, role):
    user = request.getfixturevalue(role) if role else None
    before = state()
    with pytest.raises(workflow.NotAllowed):
        replace_body(article, body=corrected(article.body), by=user)
    assert state() == before


@pytest.mark.parametrize("body", ["", "   \n\n ", " date 2023-11 ", "texte\x00binaire"])
def test_an_empty_or_unusable_text_is_refused(article, editor, body):
    before = state()
    with pytest.raises(workflow.Conflict):
        replace_body(article, body=body, by=editor)
    assert state() == before


def test_the_same_text_is_refused(article, editor):
    before = state()
    with pytest.raises(workflow.Conflict, match="same"):
        replace_body(article, body=article.body + "\n", by=editor)
    assert state() == before


def test_a_failure_half_way_writes_nothing(article, editor, reviewer, monkeypatch):
    reviewed(WHITE_HOUSE, author=editor, reviewer=reviewer)
    before = state()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workflow, "review_again_after_quote_change", broken)
    with pytest.raises(RuntimeError):
        replace_body(article, body=corrected(article.body), by=editor)
    assert state() == before


def test_a_replace_based_on_an_older_version_is_refused(article, editor, other_editor):
    replace_body(article, body=corrected(article.body), by=editor, expected=1)
    before = state()
    with pytest.raises(StaleVersion) as refused:
        replace_body(article, body=article.body + "\n\nAutre ajout.", by=other_editor, expected=1)
    assert (refused.value.latest, refused.value.expected) == (2, 1)
    assert state() == before


def test_highlights_leave_orphaned_claims_out():
    body = "Un deux trois."
    found = Highlight(1, 0, 2)
    orphaned = Highlight(2, 3, 7, orphaned=True)
    [paragraph] = paragraphs(body, [found, orphaned])
    assert [s.ids for s in paragraph.segments] == ["1", ""]


def test_body_diff_keeps_paragraphs_and_marks_words():
    old = "Le « chat » dort.\n\nIl pleut."
    new = "Mise à jour.\n\nLe « chien » dort.\n\nIl pleut."
    assert body_diff(old, new) == [
        [DiffPart("insert", "Mise à jour.")],
        [
            DiffPart("equal", "Le «"),
            DiffPart("delete", "chat"),
            DiffPart("insert", "chien"),
            DiffPart("equal", "» dort."),
        ],
        [DiffPart("equal", "Il pleut.")],
    ]
