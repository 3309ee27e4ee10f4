"""The only place a claim's or a verdict's status changes.

new → in progress → in review → reviewed; a reviewer may send a verdict back instead; a claim
can be set aside as not checkable. A correction of an approved verdict is a new verdict that
supersedes it when approved. Every step re-reads its rows under a lock, so concurrent clicks
leave one outcome, and checks who is asking. Edits (edit_claim, save_verdict) pass the version
their form was opened on to locking.update_if_current, which refuses a stale one (StaleEdit).
"""

from dataclasses import dataclass
from typing import ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.articles import anchoring
from factcheck.core import locking
from factcheck.core.partial_dates import PartialDate
from factcheck.core.permissions import can
from factcheck.core.sanitize import clean_html
from factcheck.models import Article, Claim, Speaker, Verdict
from factcheck.verdicts import evidence
from factcheck.workflow import events


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


class SelectionMismatch(QuoteNotFound):
    """The body does not hold exactly the selected words at the selected offsets."""

    def __init__(self):
        super().__init__(
            _(
                "The selected words are not exactly those of the article’s text at this place; "
                "nothing was saved. Reload the page and select them again."
            )
        )


class BodyChanged(Conflict):
    """The article's text got a new version after the page showing the selection was loaded."""

    def __init__(self, *, latest: int, shown: int):
        super().__init__(
            _(
                "The article’s text changed (version %(latest)d) since this page showed version "
                "%(shown)d; nothing was saved. Reload the page and select the words again."
            )
            % {"latest": latest, "shown": shown}
        )


def _selection_anchor(article, *, quote: str, start: int, end: int, body_version: int | None):
    """The anchor of words selected on the article page, read under a lock on the article row
    (``body_versions.replace_body`` takes the same lock), so the offsets point into the body
    they were checked against. Call inside a transaction."""
    from factcheck.articles.body_versions import latest_number  # body_versions imports workflow

    locked = Article.objects.select_for_update().get(pk=article.pk)
    if body_version is not None:
        latest = latest_number(locked)
        if latest != body_version:
            raise BodyChanged(latest=latest, shown=body_version)
    anchor = anchoring.exact_anchor(locked.body, quote, start, end)
    if anchor is None:
        raise SelectionMismatch()
    return anchor


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
    start: int | None = None,
    end: int | None = None,
    body_version: int | None = None,
    speaker=None,
    kind: str = Claim.Kind.DIRECT_QUOTE,
    claim_reviewed: str = "",
    claimed=None,
    tags=(),
) -> Claim:
    """A new claim on the words of ``article``: with ``start`` and ``end`` (code points, what
    the article page sends), exactly ``quote`` at those offsets of the body, whose version must
    still be ``body_version`` when given (``SelectionMismatch``, ``BodyChanged``); without them
    (other callers), where ``find_quote`` finds ``quote``."""
    _require(by, "mark_claim")
    with transaction.atomic():
        if start is not None and end is not None:
            anchor = _selection_anchor(
                article, quote=quote, start=start, end=end, body_version=body_version
            )
        else:
            anchor = anchoring.find_quote(
                article.body, quote, prefix=prefix, suffix=suffix, hint=hint
            )
            if anchor is None:
                raise QuoteNotFound(_("These words are not in the article’s text."))
        return _new_claim(
            article=article,
            anchor=anchor,
            by=by,
            speaker=speaker,
            kind=kind,
            claim_reviewed=claim_reviewed,
            claimed=claimed,
            tags=tags,
        )


def _new_claim(*, article, anchor, by, speaker, kind, claim_reviewed, claimed, tags) -> Claim:
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
    claim.save()
    if tags:
        claim.tags.set(tags)
    return claim


# A claim in review or reviewed keeps its words: the desk's published words change only through
# a correction.
WORDS_FIXED = (Claim.Status.IN_REVIEW, Claim.Status.REVIEWED)
MOVED_FIELDS = ("quote", "prefix", "suffix", "start_offset", "end_offset", "anchor", "quote_before")


def may_move_words(claim, user) -> bool:
    """Whether ``user`` may move ``claim`` onto other words of its article (the panel offers it
    when this says yes; ``move_words`` refuses when it says no)."""
    return can(user, "edit_claim") and claim.status not in WORDS_FIXED


def move_words(
    claim,
    *,
    by,
    quote: str,
    start: int,
    end: int,
    body_version: int | None = None,
    expected: int | None = None,
) -> Claim:
    """Move the claim onto the words reselected on the article page, exactly as marking does
    (``SelectionMismatch``, ``BodyChanged``): quote, offsets and context follow them, and a claim
    flagged or orphaned by a correction is anchored again. ``expected`` is the claim's version
    when the panel was opened (``Conflict`` if someone changed it since)."""
    _require(by, "edit_claim")
    with transaction.atomic():
        # The article first, then the claim: the order replace_body takes its locks in.
        anchor = _selection_anchor(
            claim.article, quote=quote, start=start, end=end, body_version=body_version
        )
        claim = _locked_claim(claim)
        if not may_move_words(claim, by):
            raise Conflict(
                _(
                    "The words of a claim in review or reviewed change only through a "
                    "correction of the article."
                )
            )
        if expected is not None and claim.version != expected:
            raise Conflict(
                _(
                    "Someone changed this claim since you opened it; its words were not moved. "
                    "Open it again, then select the words."
                )
            )
        if (claim.start_offset, claim.end_offset, claim.anchor) == (
            anchor.start,
            anchor.end,
            Claim.Anchor.FOUND,
        ):
            raise Conflict(_("These are already the claim’s words."))
        claim.quote, claim.prefix, claim.suffix = anchor.quote, anchor.prefix, anchor.suffix
        claim.start_offset, claim.end_offset = anchor.start, anchor.end
        claim.anchor, claim.quote_before = Claim.Anchor.FOUND, ""
        claim.version += 1  # forms opened on the claim before are now stale
        claim._history_user = by
        claim.save(update_fields=[*MOVED_FIELDS, "version", "updated_at"])
    return claim


def _locked_claim(claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _locked_verdict(verdict) -> Verdict:
    # The claim first, as every step locks it before its verdicts: two steps taking the same
    # rows in opposite orders would deadlock (editing a claim's facts against a submission).
    list(Claim.objects.select_for_update().order_by().filter(pk=verdict.claim_id).values("pk"))
    return Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)


def assign(claim, *, assignee, by) -> Claim:
    """Give the claim to someone (or nobody); a new claim someone takes is in progress."""
    _require(by, "edit_claim")
    if assignee is not None and not can(assignee, "write_verdict"):
        raise NotAllowed(_("%(name)s cannot check claims.") % {"name": assignee.get_username()})
    with transaction.atomic():
        claim = _locked_claim(claim)
        _refuse_withdrawn(claim)
        previous = claim.assignee_id
        claim.assignee = assignee
        if assignee is not None and claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS
        claim.save(update_fields=["assignee", "status", "updated_at"])
        if assignee is not None and assignee.pk != previous:
            events.announce(events.ASSIGNED, claim=claim, by=by, assignee=assignee)
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
        _refuse_withdrawn(claim)
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
        _refuse_withdrawn(verdict.claim)
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
        events.announce(events.SUBMITTED, claim=claim, by=by, verdict=verdict)
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


# What a claim's ClaimReview publishes besides its verdict: these change, once the claim is in
# review or reviewed, only through a correction that a reviewer approves. Tags are the desk's
# own metadata and stay editable.
PUBLISHED_FACTS = ("claim_reviewed", "speaker", "kind", "claimed")
PUBLISHED_STATUSES = (Claim.Status.IN_REVIEW, Claim.Status.REVIEWED)


@dataclass(frozen=True)
class FactsAccess:
    """How someone may change a claim's published facts now: ``DIRECT`` (written to the claim),
    ``PROPOSE`` (kept on their open correction, published when a reviewer approves it) or
    ``REFUSED``; ``reason`` is the sentence the panel shows and a refusal carries."""

    DIRECT: ClassVar[str] = "direct"
    PROPOSE: ClassVar[str] = "propose"
    REFUSED: ClassVar[str] = ""

    mode: str
    reason: str = ""
    correction: Verdict | None = None


def facts_access(claim, *, by, verdicts) -> FactsAccess:
    """The one rule for editing a claim's wording, speaker, kind and date, asked by the panel
    and by ``edit_claim`` / ``edit_facts`` (under the claim's lock). ``verdicts`` are the
    claim's verdicts (any order)."""
    if not can(by, "edit_claim"):
        return FactsAccess(FactsAccess.REFUSED, _("You are not allowed to do this."))
    if claim.status == Claim.Status.WITHDRAWN:
        return FactsAccess(FactsAccess.REFUSED, _("This claim is withdrawn; restore it first."))
    if claim.status not in PUBLISHED_STATUSES:
        return FactsAccess(FactsAccess.DIRECT)
    current = next((v for v in verdicts if v.is_open), None)
    if current is None:
        return FactsAccess(
            FactsAccess.REFUSED,
            _(
                "This claim is published: its wording, speaker, kind and date change only "
                "through a correction that a reviewer approves. Start a correction to propose "
                "new ones."
            ),
        )
    if current.status == Verdict.Status.SUBMITTED:
        return FactsAccess(
            FactsAccess.REFUSED,
            _(
                "This claim is in review: its wording, speaker, kind and date cannot change "
                "until a reviewer approves the verdict or sends it back."
            ),
        )
    if current.author_id != by.pk and not by.is_superuser:
        return FactsAccess(
            FactsAccess.REFUSED,
            _(
                "This claim is published: only the author of the correction being written can "
                "propose a new wording, speaker, kind or date."
            ),
        )
    return FactsAccess(
        FactsAccess.PROPOSE,
        _(
            "This claim is published: a new wording, speaker, kind or date is proposed with "
            "your correction and published when a reviewer approves it."
        ),
        current,
    )


def _fact_value(claim, name: str):
    """A published fact as the correction proposals store it (JSON)."""
    if name == "speaker":
        return claim.speaker_id
    if name == "claimed":
        return claim.claimed
    return getattr(claim, name)


def _as_proposal(facts: dict) -> dict:
    proposal = dict(facts)
    if "speaker" in proposal:
        proposal["speaker"] = proposal["speaker"].pk if proposal["speaker"] else None
    if "claimed" in proposal:
        proposal["claimed"] = str(proposal["claimed"]) if proposal["claimed"] else ""
    return proposal


def _as_columns(facts: dict) -> dict:
    """``facts`` (``claimed`` a PartialDate or None) as the claim's columns."""
    columns = {name: value for name, value in facts.items() if name != "claimed"}
    if "claimed" in facts:
        claimed = facts["claimed"]
        columns["claimed_on"] = claimed.date if claimed else None
        columns["claimed_precision"] = claimed.precision if claimed else ""
    return columns


def _edit(claim, *, by, expected: int | None, facts: dict, tags=None) -> Claim:
    """Write ``facts`` (a subset of PUBLISHED_FACTS) and ``tags`` as ``facts_access`` allows:
    to the claim, or as a proposal on the editor's open correction."""
    _require(by, "edit_claim")
    with transaction.atomic():
        current = _locked_claim(claim)
        verdicts = list(current.verdicts.select_for_update())
        access = facts_access(current, by=by, verdicts=verdicts)
        proposal = _as_proposal(facts)
        changed = {n for n, value in proposal.items() if value != _fact_value(current, n)}
        # A published claim's tags stay editable; everything else follows facts_access.
        withdrawn = current.status == Claim.Status.WITHDRAWN
        if access.mode == FactsAccess.REFUSED and (changed or tags is None or withdrawn):
            raise Conflict(access.reason)
        if expected is not None and current.version != expected:
            raise locking.StaleEdit(current, _as_columns(facts), expected)
        if access.mode == FactsAccess.PROPOSE:
            correction = access.correction
            # Each field sent replaces its earlier proposal; one equal to the claim drops it.
            kept = {n: v for n, v in correction.claim_changes.items() if n not in proposal}
            correction.claim_changes = kept | {n: proposal[n] for n in changed}
            correction._history_user = by
            correction.save(update_fields=["claim_changes", "updated_at"])
            facts = {}
        facts = {n: v for n, v in facts.items() if n in changed}
        tags_changed = tags is not None and {t.pk for t in tags} != set(
            current.tags.values_list("pk", flat=True)
        )
        if facts or tags_changed:
            current = locking.update_if_current(
                current, expected=expected, by=by, **_as_columns(facts)
            )
            if tags_changed:
                current.tags.set(tags)
    return current


def edit_claim(claim, *, by, claim_reviewed: str, expected: int | None = None) -> Claim:
    """Reword the claim as the desk checks it (ClaimReview's claimReviewed); ``expected`` is the
    version the form was opened on (``locking.StaleEdit`` if someone saved since). A published
    claim's new wording waits on its correction (``facts_access``)."""
    return _edit(claim, by=by, expected=expected, facts={"claim_reviewed": claim_reviewed.strip()})


def edit_facts(
    claim, *, by, speaker, kind: str, claimed, tags, expected: int | None = None
) -> Claim:
    """Mend what was marked: the claim's speaker, kind, claimed date (a PartialDate or None)
    and tags, under the version check. A published claim's speaker, kind and date follow
    ``facts_access``; its tags change directly."""
    facts = {"speaker": speaker, "kind": kind, "claimed": claimed}
    return _edit(claim, by=by, expected=expected, facts=facts, tags=list(tags))


def _apply_claim_changes(verdict, *, reviewer) -> None:
    """The claim takes the facts its approved correction proposed."""
    changes = verdict.claim_changes
    if not changes:
        return
    claim = _locked_claim(verdict.claim)
    facts = {}
    if "claim_reviewed" in changes:
        facts["claim_reviewed"] = changes["claim_reviewed"]
    if "kind" in changes and changes["kind"] in Claim.Kind.values:
        facts["kind"] = changes["kind"]
    if "speaker" in changes:
        facts["speaker"] = Speaker.objects.filter(pk=changes["speaker"]).first()
    if "claimed" in changes:
        facts["claimed"] = PartialDate.parse(changes["claimed"]) if changes["claimed"] else None
    for name, value in _as_columns(facts).items():
        setattr(claim, name, value)
    claim._history_user = reviewer
    claim.save()


# A claim may be withdrawn (marked by mistake) while nothing about it is published or in review.
WITHDRAWABLE_FROM = (Claim.Status.NEW, Claim.Status.IN_PROGRESS, Claim.Status.NOT_CHECKABLE)


def withdraw_refusal(claim, *, verdicts) -> str:
    """Why the claim cannot be withdrawn now ('' when it can); asked by the panel and by
    ``withdraw``. ``verdicts`` are the claim's verdicts."""
    if claim.status == Claim.Status.WITHDRAWN:
        return _("This claim is already withdrawn.")
    published = {Verdict.Status.APPROVED, Verdict.Status.SUBMITTED}
    if claim.status not in WITHDRAWABLE_FROM or any(v.status in published for v in verdicts):
        return _("A claim with an approved verdict, or in review, cannot be withdrawn.")
    return ""


def withdraw(claim, *, by, reason: str) -> Claim:
    """Take back a claim marked by mistake, with the reason; it is kept (history, claims list,
    a draft verdict it has) and can be restored, never deleted."""
    _require(by, "edit_claim")
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the claim is withdrawn (marked by mistake, a duplicate…)."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        refusal = withdraw_refusal(claim, verdicts=list(claim.verdicts.select_for_update()))
        if refusal:
            raise Conflict(refusal)
        claim.status = Claim.Status.WITHDRAWN
        claim.withdrawn_reason = reason
        claim.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        events.announce(events.STATUS_CHANGED, claim=claim, by=by)
    return claim


def restore(claim, *, by) -> Claim:
    """Bring a withdrawn claim back where it was: set aside if it had a reason for that, in
    progress with a verdict being written, new otherwise."""
    _require(by, "edit_claim")
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != Claim.Status.WITHDRAWN:
            raise Conflict(_("Only a withdrawn claim can be restored."))
        if claim.not_checkable_reason:
            claim.status = Claim.Status.NOT_CHECKABLE
        elif claim.verdicts.open().exists():
            claim.status = Claim.Status.IN_PROGRESS
        else:
            claim.status = Claim.Status.NEW
        claim.withdrawn_reason = ""
        claim.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        events.announce(events.STATUS_CHANGED, claim=claim, by=by)
    return claim


def _refuse_withdrawn(claim) -> None:
    if claim.status == Claim.Status.WITHDRAWN:
        raise Conflict(_("This claim is withdrawn; restore it first."))


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
        _apply_claim_changes(verdict, reviewer=reviewer)
        claim = _locked_claim(verdict.claim)
        claim.status = Claim.Status.REVIEWED
        claim.save(update_fields=["status", "updated_at"])
        events.announce(
            events.APPROVED,
            claim=claim,
            by=reviewer,
            verdict=verdict,
            corrected=previous is not None,
        )
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
        events.announce(events.SENT_BACK, claim=claim, by=reviewer, verdict=verdict)
    return verdict


def set_not_checkable(claim, *, by, reason: str) -> Claim:
    _require(by, "edit_claim")
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the claim cannot be checked (an opinion, a prediction…)."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        _refuse_withdrawn(claim)
        if claim.status in (Claim.Status.IN_REVIEW, Claim.Status.REVIEWED):
            raise Conflict(_("A claim in review or reviewed cannot be set aside."))
        claim.status = Claim.Status.NOT_CHECKABLE
        claim.not_checkable_reason = reason
        claim.save(update_fields=["status", "not_checkable_reason", "updated_at"])
        events.announce(events.STATUS_CHANGED, claim=claim, by=by)
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
        events.announce(events.STATUS_CHANGED, claim=claim, by=by)
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
        events.announce(events.STATUS_CHANGED, claim=current, by=by)
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
    and sources, ``shared_from`` the original, submitted for review with ``by`` as its author.
    The claim is in review until a reviewer other than ``by`` approves the copy (``approve``):
    one editor cannot publish a verdict alone. Called by ``links.share_verdict``, which checks
    the link."""
    _require(by, "write_verdict")
    with transaction.atomic():
        claim = _locked_claim(claim)
        original = Verdict.objects.select_for_update().get(pk=original.pk)
        if original.status != Verdict.Status.APPROVED:
            raise Conflict(_("Only an approved verdict can be shared."))
        if original.claim_id == claim.pk:
            raise Conflict(_("A claim cannot share its own verdict."))
        _refuse_withdrawn(claim)
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
            author=by,
            status=Verdict.Status.SUBMITTED,
            shared_from=original,
            submitted_at=timezone.now(),
        )
        _copy_sources(original, to=shared, by=by)
        claim.status = Claim.Status.IN_REVIEW
        claim.save(update_fields=["status", "updated_at"])
    return shared
