"""Evidence rules: how many sources from different publishers, and archived copies, a verdict
needs before approval; checked by workflow.approve on the server and explained in the panel."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, EvidenceRule, Rating, Verdict
from factcheck.verdicts.evidence import missing_evidence, publisher_of, rule_for, rules_by_rating
from tests.factories import ClaimFactory, SourceFactory, VerdictFactory
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db


def submitted(author, **fields):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED, **fields)


def test_the_default_rule_asks_two_publishers_and_no_archive():
    rule = EvidenceRule.objects.get()
    assert (rule.rating, rule.min_sources, rule.require_archive) == (None, 2, False)
    assert rule_for(Rating.objects.get(slug="false").pk) == rule


def test_a_rating_s_own_rule_wins_over_the_rule_for_all():
    false = Rating.objects.get(slug="false")
    own = EvidenceRule.objects.create(rating=false, min_sources=3, require_archive=True)
    rules = rules_by_rating()
    assert rule_for(false.pk, rules) == own
    assert rule_for(Rating.objects.get(slug="true").pk, rules).rating is None
    EvidenceRule.objects.filter(rating=None).delete()
    assert rule_for(Rating.objects.get(slug="true").pk) is None


def test_publishers_are_counted_once_whatever_their_spelling_or_site(editor):
    verdict = VerdictFactory(author=editor)
    SourceFactory(verdict=verdict, publisher="Le Monde")
    SourceFactory(verdict=verdict, publisher="  le   monde ")
    assert missing_evidence(verdict) == [
        "At least 2 sources from different publishers are needed. "
        "This verdict has 1 publisher: Le Monde."
    ]
    SourceFactory(verdict=verdict, publisher="", url="https://www.insee.fr/fr/statistiques/9")
    assert publisher_of(verdict.sources.last()) == "insee.fr"
    assert missing_evidence(verdict) == []


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (["The White House", "the white  house", "THE WHITE HOUSE"], "The White House"),
        (["l’Élysée", "L’ÉLYSÉE"], "l’Élysée"),  # as first typed, accents kept
        (["Straße\u00a0Zeitung", "STRASSE Zeitung"], "Straße Zeitung"),  # casefold: ß is ss
        (["😀 Média", "😀  média"], "😀 Média"),
        (["صحيفة", "صحيفة "], "صحيفة"),
    ],
)
def test_publishers_keep_their_case_in_the_message(editor, typed, shown):
    verdict = VerdictFactory(author=editor)
    for name in typed:
        SourceFactory(verdict=verdict, publisher=name)
    assert missing_evidence(verdict) == [
        "At least 2 sources from different publishers are needed. "
        f"This verdict has 1 publisher: {shown}."
    ]


def test_no_source_says_so(editor):
    verdict = VerdictFactory(author=editor)
    assert missing_evidence(verdict) == [
        "At least 2 sources from different publishers are needed. This verdict has no source yet."
    ]


def test_archived_copies_when_the_rule_asks_for_them(editor):
    EvidenceRule.objects.update(require_archive=True)
    verdict = VerdictFactory(author=editor, sourced=True)
    assert missing_evidence(verdict) == [
        "Each source needs an archived copy; these have none: "
        "“Chômage au sens du BIT”, “Chômage au sens du BIT”."
    ]
    verdict.sources.update(archived_url="https://web.archive.org/web/2023/https://insee.fr")
    assert missing_evidence(verdict) == []


def test_approve_is_refused_on_the_server_and_nothing_changes(editor, reviewer):
    verdict = submitted(editor)
    SourceFactory(verdict=verdict, publisher="Insee")
    with pytest.raises(workflow.Conflict, match="cannot be approved yet"):
        workflow.approve(verdict, reviewer=reviewer)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.reviewer is None
    SourceFactory(verdict=verdict, publisher="Eurostat")
    assert workflow.approve(verdict, reviewer=reviewer).status == Verdict.Status.APPROVED


def test_a_stricter_rule_for_one_rating_holds_that_rating_only(editor, reviewer):
    EvidenceRule.objects.create(rating=Rating.objects.get(slug="false"), min_sources=3)
    with pytest.raises(workflow.Conflict, match="At least 3 sources"):
        workflow.approve(submitted(editor, sourced=True), reviewer=reviewer)
    mixed = submitted(editor, sourced=True, rating=Rating.objects.get(slug="mixed"))
    assert workflow.approve(mixed, reviewer=reviewer).status == Verdict.Status.APPROVED


def test_the_panel_explains_and_disables_approve_and_a_forced_post_is_refused(
    editor, reviewer, client_for
):
    verdict = submitted(editor)
    SourceFactory(verdict=verdict, publisher="Le Monde")
    client = client_for(reviewer)
    html = client.get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX).content.decode()
    assert 'data-role="evidence-missing"' in html
    assert "This verdict has 1 publisher: Le Monde." in html
    assert f'data-action="approve" disabled aria-describedby="evidence-{verdict.pk}"' in html

    response = client.post(reverse("verdict_approve", args=[verdict.pk]), **HTMX)
    assert response.status_code == 409
    assert "cannot be approved yet" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED

    SourceFactory(verdict=verdict, publisher="Libération")
    html = client.get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX).content.decode()
    assert 'data-role="evidence-missing"' not in html
    assert 'data-action="approve">' in html


def test_the_author_sees_what_a_reviewer_will_need_before_submitting(editor, client_for):
    verdict = VerdictFactory(author=editor)
    html = client_for(editor).get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX)
    html = html.content.decode()
    assert "Before it can be submitted for review:" in html and 'data-action="submit"' in html


def test_french_messages(editor, reviewer, client_for):
    verdict = submitted(editor)
    client = client_for(reviewer)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("claim_detail", args=[verdict.claim_id]), **HTMX).content.decode()
    assert "Au moins 2 sources d’éditeurs différents sont nécessaires." in html


def test_submit_is_refused_while_the_rule_is_not_met_and_nothing_changes(editor):
    verdict = VerdictFactory(author=editor)
    SourceFactory(verdict=verdict, publisher="Insee")
    with pytest.raises(workflow.Conflict, match="cannot be submitted yet") as refused:
        workflow.submit(verdict, by=editor)
    assert "This verdict has 1 publisher: Insee." in refused.value.message
    verdict.refresh_from_db()
    verdict.claim.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT and verdict.submitted_at is None
    assert verdict.claim.status != Claim.Status.IN_REVIEW
    SourceFactory(verdict=verdict, publisher="Eurostat")
    assert workflow.submit(verdict, by=editor).status == Verdict.Status.SUBMITTED


def test_submit_follows_the_rule_of_the_verdict_s_rating(editor):
    EvidenceRule.objects.create(
        rating=Rating.objects.get(slug="false"), min_sources=2, require_archive=True
    )
    verdict = VerdictFactory(author=editor, sourced=True)
    with pytest.raises(workflow.Conflict, match="archived copy"):
        workflow.submit(verdict, by=editor)
    verdict.rating = Rating.objects.get(slug="mixed")
    verdict.save()
    assert workflow.submit(verdict, by=editor).status == Verdict.Status.SUBMITTED


def test_submitting_from_the_panel_says_what_the_rule_still_needs(editor, client_for):
    verdict = VerdictFactory(author=editor)
    client = client_for(editor)
    response = client.post(reverse("verdict_submit", args=[verdict.pk]), **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#panel-alert"  # the typed verdict stays in the panel
    text = response.content.decode()
    assert "cannot be submitted yet" in text and "This verdict has no source yet." in text
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT

    client.cookies["django_language"] = "fr"
    response = client.post(reverse("verdict_submit", args=[verdict.pk]), **HTMX)
    assert "Au moins 2 sources d’éditeurs différents sont nécessaires." in response.content.decode()
