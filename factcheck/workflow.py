"""The only place a claim's or a verdict's status changes.

new → in progress → in review → reviewed; a reviewer may send a verdict back instead; a claim
can be set aside as not checkable. A correction of an approved verdict is a new verdict that
supersedes it when approved. Every step re-reads its rows under a lock, so concurrent clicks
leave one outcome, and checks who is asking. Edits (edit_claim, save_verdict) pass the version
their form was opened on to locking.update_if_current, which refuses a stale one (StaleEdit).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import anchoring, evidence, locking
from .models import Claim, Verdict
from .permissions import can
from .sanitize import clean_html


class WorkflowError(Exception):
    """A step that cannot happen now; ``message`` says why, for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The person asking may not take this step (HTTP 403)."""


class Conflict(WorkflowError):
    """The step does not fit the claim's or verdict's current state (HTTP 409)."""


class QuoteNotFound(WorkflowError):
    """The selected words are not in the article's body."""


def _require(user, action: str) -> None:
    if not can(user, action):
        raise NotAllowed(_("You are not allowed to do this."))


def mark_claim(
    *,
    article,
    quote: str,
    by,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    speaker=None,
    kind: str = Claim.Kind.DIRECT_QUOTE,
    claim_reviewed: str = "",
    claimed=None,
    tags=(),
) -> Claim:
    """A new claim on the words of ``article`` that match ``quote`` (found by the server)."""
    _require(by, "mark_claim")
    anchor = anchoring.find_quote(article.body, quote, prefix=prefix, suffix=suffix, hint=hint)
    if anchor is None:
        raise QuoteNotFound(_("These words are not in the article’s text."))
    claim = Claim(
        article=article,
        quote=anchor.quote,
        start_offset=anchor.start,
        end_offset=anchor.end,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        speaker=speaker,
        kind=kind,
        claim_reviewed=claim_reviewed.strip(),
        created_by=by,
    )
    if claimed is not None:
        claim.claimed_on, claim.claimed_precision = claimed.date, claimed.precision
    elif article.published_on:
        claim.claimed_on, claim.claimed_precision = (
            article.published_on,
            article.published_precision,
        )
    with transaction.atomic():
        claim.save()
        if tags:
            claim.tags.set(tags)
    return claim


def _locked_claim(claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _locked_verdict(verdict) -> Verdict:
    return Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)


def assign(claim, *, assignee, by) -> Claim:
    """Give the claim to someone (or nobody); a new claim someone takes is in progress."""
    _require(by, "edit_claim")
    if assignee is not None and not can(assignee, "write_verdict"):
        raise NotAllowed(_("%(name)s cannot check claims.") % {"name": assignee.get_username()})
    with transaction.atomic():
        claim = _locked_claim(claim)
        claim.assignee = assignee
        if assignee is not None and claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS
        claim.save(update_fields=["assignee", "status", "updated_at"])
    return claim


def save_verdict(claim, *, by, rating, summary: str, rationale: str, expected=None) -> Verdict:
    """Write the claim's verdict in progress: the open one, or a new one when the claim has no
    approved verdict (changing an approved one takes ``start_correction`` and a reason). Only
    its author edits an open verdict.

    ``expected`` is the version of the open verdict the form was opened on (0: there was none);
    a save based on an older version raises ``locking.StaleEdit``. None skips the check."""
    _require(by, "write_verdict")
    summary = summary.strip()
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status == Claim.Status.NOT_CHECKABLE:
            raise Conflict(_("This claim was set aside as not checkable; reopen it first."))
        verdict = claim.verdicts.select_for_update().open().first()
        typed = {"rating": rating, "summary": summary, "rationale": clean_html(rationale)}
        if verdict is None:
            if expected:  # the verdict the form showed is no longer being written
                latest = claim.verdicts.order_by("-created_at", "-pk").first()
                raise locking.StaleEdit(latest, typed, expected)
            if claim.verdicts.filter(status=Verdict.Status.APPROVED).exists():
                raise Conflict(
                    _("This claim’s verdict is approved: start a correction to change it.")
                )
            verdict = Verdict(claim=claim, author=by, **typed)
            verdict.save()
        elif verdict.author_id != by.pk and not by.is_superuser:
            raise NotAllowed(_("Only the verdict’s author can change it."))
        elif verdict.status == Verdict.Status.SUBMITTED:
            raise Conflict(_("This verdict is waiting for review; it cannot change now."))
        else:
            locking.update_if_current(verdict, expected=expected, by=by, **typed)
        if claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS
            if claim.assignee_id is None:
                claim.assignee = by
            claim.save(update_fields=["status", "assignee", "updated_at"])
    return verdict


def submit(verdict, *, by) -> Verdict:
    """Send the verdict to review; refused while it lacks a rating, a summary or what the
    evidence rule of its rating asks (evidence.py), so the author learns it before a reviewer."""
    _require(by, "write_verdict")
    with transaction.atomic():
        verdict = _locked_verdict(verdict)
        if verdict.author_id != by.pk and not by.is_superuser:
            raise NotAllowed(_("Only the verdict’s author can submit it."))
        if verdict.status not in (Verdict.Status.DRAFT, Verdict.Status.SENT_BACK):
            raise Conflict(_("This verdict is not a draft any more."))
        if verdict.rating_id is None:
            raise Conflict(_("Choose a rating before submitting."))
        if not verdict.summary:
            raise Conflict(_("Write a one-line summary before submitting."))
        missing = evidence.missing_evidence(verdict)
        if missing:
            raise Conflict(" ".join([_("This verdict cannot be submitted yet."), *missing]))
        verdict.status = Verdict.Status.SUBMITTED
        verdict.submitted_at = timezone.now()
        verdict.save(update_fields=["status", "submitted_at", "updated_at"])
        # save(), not update(): the claim's history must show that it went into review.
        claim = _locked_claim(verdict.claim)
        claim.status = Claim.Status.IN_REVIEW
        claim.save(update_fields=["status", "updated_at"])
    return verdict


def start_correction(claim, *, by, reason: str) -> Verdict:
    """A draft correcting the claim's approved verdict, starting from its rating, text and
    sources; the approved verdict stays published until the correction is approved. ``reason``
    (why it is corrected) goes to the corrections log with the old and new verdicts."""
    _require(by, "write_verdict")
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the approved verdict needs a correction."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        approved = claim.verdicts.filter(status=Verdict.Status.APPROVED).first()
        if approved is None:
            raise Conflict(_("Only an approved verdict can be corrected."))
        if claim.verdicts.open().exists():
            raise Conflict(_("A verdict is already being written for this claim."))
        correction = Verdict(
            claim=claim,
            author=by,
            rating=approved.rating,
            summary=approved.summary,
            rationale=approved.rationale,
            supersedes=approved,
            correction_reason=reason,
        )
        correction.save()
        _copy_sources(approved, to=correction, by=by)
    return correction


def _copy_sources(original: Verdict, *, to: Verdict, by) -> None:
    """Copies of ``original``'s sources on the verdict ``to`` (a correction, a re-review, a
    shared verdict), added by ``by`` as its history says."""
    for source in original.sources.all():
        source.pk = None
        source.verdict = to
        source.added_by = by
        source._history_user = by
        source.save()


def edit_claim(claim, *, by, claim_reviewed: str, expected: int | None = None) -> Claim:
    """Reword the claim as the desk checks it (ClaimReview's claimReviewed); ``expected`` is the
    version the form was opened on (``locking.StaleEdit`` if someone saved since)."""
    _require(by, "edit_claim")
    return locking.update_if_current(
        claim, expected=expected, by=by, claim_reviewed=claim_reviewed.strip()
    )


def _check_review(verdict, reviewer) -> None:
    _require(reviewer, "review_verdict")
    if verdict.status != Verdict.Status.SUBMITTED:
        raise Conflict(_("This verdict is not waiting for review."))
    if verdict.author_id == reviewer.pk:
        raise NotAllowed(_("Nobody approves their own verdict."))


def approve(verdict, *, reviewer) -> Verdict:
    """Publish the verdict, superseding the claim's approved one; refused while the evidence
    rule of its rating is not met (evidence.py), checked here under the verdict's lock."""
    with transaction.atomic():
        verdict = _locked_verdict(verdict)
        _check_review(verdict, reviewer)
        missing = evidence.missing_evidence(verdict)
        if missing:
            raise Conflict(" ".join([_("This verdict cannot be approved yet."), *missing]))
        now = timezone.now()
        previous = verdict.claim.verdicts.filter(status=Verdict.Status.APPROVED).first()
        if previous is not None:
            previous.status = Verdict.Status.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
        verdict.status = Verdict.Status.APPROVED
        verdict.reviewer = reviewer
        verdict.reviewed_at = now
        verdict.save(update_fields=["status", "reviewer", "reviewed_at", "updated_at"])
        claim = _locked_claim(verdict.claim)
        claim.status = Claim.Status.REVIEWED
        claim.save(update_fields=["status", "updated_at"])
    return verdict


def send_back(verdict, *, reviewer, comment: str) -> Verdict:
    comment = comment.strip()
    with transaction.atomic():
        verdict = _locked_verdict(verdict)
        _check_review(verdict, reviewer)
        if not comment:
            raise Conflict(_("Say what needs to change when sending a verdict back."))
        verdict.status = Verdict.Status.SENT_BACK
        verdict.reviewer = reviewer
        verdict.review_comment = comment
        verdict.reviewed_at = timezone.now()
        verdict.save(
            update_fields=["status", "reviewer", "review_comment", "reviewed_at", "updated_at"]
        )
        claim = _locked_claim(verdict.claim)
        claim.status = Claim.Status.IN_PROGRESS
        claim.save(update_fields=["status", "updated_at"])
    return verdict


def set_not_checkable(claim, *, by, reason: str) -> Claim:
    _require(by, "edit_claim")
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the claim cannot be checked (an opinion, a prediction…)."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status in (Claim.Status.IN_REVIEW, Claim.Status.REVIEWED):
            raise Conflict(_("A claim in review or reviewed cannot be set aside."))
        claim.status = Claim.Status.NOT_CHECKABLE
        claim.not_checkable_reason = reason
        claim.save(update_fields=["status", "not_checkable_reason", "updated_at"])
    return claim


def reopen(claim, *, by) -> Claim:
    """Bring a claim set aside as not checkable back into the work."""
    _require(by, "edit_claim")
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != Claim.Status.NOT_CHECKABLE:
            raise Conflict(_("Only a claim set aside as not checkable can be reopened."))
        has_verdict = claim.verdicts.open().exists()
        claim.status = Claim.Status.IN_PROGRESS if has_verdict else Claim.Status.NEW
        claim.not_checkable_reason = ""
        claim.save(update_fields=["status", "not_checkable_reason", "updated_at"])
    return claim


# Statuses a person may set directly; in review and reviewed follow from verdict steps only.
SETTABLE_STATUSES = (Claim.Status.NEW, Claim.Status.IN_PROGRESS, Claim.Status.NOT_CHECKABLE)


def change_status(claim, *, status: str, by, reason: str = "") -> Claim:
    """Move a claim to ``status`` where the workflow allows it, as the claims list's bulk action.

    Not checkable and back go through ``set_not_checkable`` and ``reopen``; new and in progress
    swap freely before a verdict is submitted; in review and reviewed come only from verdicts.
    """
    _require(by, "edit_claim")
    if status == Claim.Status.NOT_CHECKABLE:
        return set_not_checkable(claim, by=by, reason=reason)
    if status not in SETTABLE_STATUSES:
        raise Conflict(_("A claim goes in review or reviewed only through its verdict."))
    with transaction.atomic():
        current = _locked_claim(claim)
        if current.status == status:
            return current
        if current.status == Claim.Status.NOT_CHECKABLE:
            current = reopen(current, by=by)
            if current.status == status:
                return current
        if current.status not in (Claim.Status.NEW, Claim.Status.IN_PROGRESS):
            raise Conflict(_("A claim in review or reviewed keeps its status."))
        if status == Claim.Status.NEW and current.verdicts.open().exists():
            raise Conflict(_("A claim with a verdict being written is in progress."))
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    return current


def review_again_after_quote_change(claim, *, by, version: int) -> Verdict | None:
    """Send a reviewed claim whose quote changed in the article's ``version`` back to review.

    A submitted copy of the approved verdict (rating, summary, rationale, sources) supersedes
    it once a reviewer approves it again; the approved verdict stays published until then. Its
    author is the approved verdict's author, so any other reviewer (the one who approved it
    first included) may approve it. Nothing happens, and None is returned, when the claim is not
    reviewed or already has a verdict being written (that one goes through review anyway)."""
    _require(by, "edit_article")
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != Claim.Status.REVIEWED:
            return None
        approved = claim.verdicts.select_for_update().filter(status=Verdict.Status.APPROVED).first()
        if approved is None or claim.verdicts.open().exists():
            return None
        verdict = Verdict(
            claim=claim,
            author=approved.author,
            rating=approved.rating,
            summary=approved.summary,
            rationale=approved.rationale,
            status=Verdict.Status.SUBMITTED,
            submitted_at=timezone.now(),
            supersedes=approved,
            correction_reason=_(
                "The quote changed in version %(number)d of the article; approve it again if "
                "the verdict still holds."
            )
            % {"number": version},
        )
        verdict._history_user = by
        verdict.save()
        _copy_sources(approved, to=verdict, by=by)
        claim.status = Claim.Status.IN_REVIEW
        claim._history_user = by
        claim.save(update_fields=["status", "updated_at"])
    return verdict


def share_verdict(claim, *, original, by) -> Verdict:
    """Give ``claim`` (which repeats another claim) a copy of that claim's approved verdict,
    once an editor confirmed the two are the same statement: same rating, summary, rationale
    and sources, approved with the original's author and reviewer, ``shared_from`` the
    original; the claim is then reviewed. Called by ``links.share_verdict``, which checks the
    link."""
    _require(by, "write_verdict")
    with transaction.atomic():
        claim = _locked_claim(claim)
        original = Verdict.objects.select_for_update().get(pk=original.pk)
        if original.status != Verdict.Status.APPROVED:
            raise Conflict(_("Only an approved verdict can be shared."))
        if original.claim_id == claim.pk:
            raise Conflict(_("A claim cannot share its own verdict."))
        if claim.status == Claim.Status.NOT_CHECKABLE:
            raise Conflict(_("This claim was set aside as not checkable; reopen it first."))
        if claim.verdicts.filter(
            status__in=(*Verdict.OPEN_STATUSES, Verdict.Status.APPROVED)
        ).exists():
            raise Conflict(
                _("This claim already has a verdict being written or approved; it keeps its own.")
            )
        shared = Verdict.objects.create(
            claim=claim,
            rating_id=original.rating_id,
            summary=original.summary,
            rationale=original.rationale,
            author_id=original.author_id,
            reviewer_id=original.reviewer_id,
            status=Verdict.Status.APPROVED,
            shared_from=original,
            submitted_at=original.submitted_at,
            reviewed_at=timezone.now(),
        )
        _copy_sources(original, to=shared, by=by)
        claim.status = Claim.Status.REVIEWED
        claim.save(update_fields=["status", "updated_at"])
    return shared
