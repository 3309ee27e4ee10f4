"""The only place a claim's or a verdict's status changes.

new → in progress → in review → reviewed; a reviewer may send a verdict back instead; a claim
can be set aside as not checkable. A correction of an approved verdict is a new verdict that
supersedes it when approved. Every step re-reads its rows under a lock, so concurrent clicks
leave one outcome, and asks its rule in workflow/rules.py (who may, and when), the same rule the
pages ask to decide what to offer; ``enforce`` turns a refusal into NotAllowed or Conflict. Edits (edit_claim, save_verdict) pass the version
their form was opened on to locking.update_if_current, which refuses a stale one (StaleEdit).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.articles import anchoring
from factcheck.core import locking
from factcheck.core.partial_dates import PartialDate
from factcheck.models import Article, Claim, Speaker, Verdict
from factcheck.verdicts import evidence
from factcheck.workflow import events, rules


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


def enforce(refusal: rules.Refusal | None) -> None:
    """Raise what a rule's refusal calls for: NotAllowed (403) for one about the person,
    Conflict (409) for one about the state of things."""
    if refusal:
        raise (NotAllowed if refusal.forbidden else Conflict)(str(refusal))


def _require(user, action: str) -> None:
    enforce(rules.allowed(user, action))


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
    enforce(rules.mark_claim(by))
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


MOVED_FIELDS = ("quote", "prefix", "suffix", "start_offset", "end_offset", "anchor", "quote_before")


def may_move_words(claim, user) -> bool:
    """Whether ``user`` may move ``claim`` onto other words of its article (rules.move_words)."""
    return rules.move_words(user, claim) is None


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
        enforce(rules.move_words(by, claim))
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
    enforce(rules.assignee(assignee))
    with transaction.atomic():
        claim = _locked_claim(claim)
        enforce(rules.assign(by, claim))
        previous = claim.assignee_id
        claim.assignee = assignee
        if assignee is not None and claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS
        claim.save(update_fields=["assignee", "status", "updated_at"])
        if assignee is not None and assignee.pk != previous:
            events.announce(events.ASSIGNED, claim=claim, by=by, assignee=assignee)
    return claim


def save_verdict(claim, *, by, expected=None, **fields) -> Verdict:
    """Write the claim's verdict in progress: the open one, or a new one when the claim has no
    approved verdict (changing an approved one takes ``start_correction`` and a reason). Only
    its author edits an open verdict. ``fields`` are the verdict's fields as its form cleaned
    them (any of ``Verdict.VERSIONED_FIELDS``: rating, summary, rationale…).

    ``expected`` is the version of the open verdict the form was opened on (0: there was none);
    a save based on an older version raises ``locking.StaleEdit``. None skips the check."""
    _require(by, "write_verdict")
    typed = Verdict.typed(fields)
    with transaction.atomic():
        claim = _locked_claim(claim)
        verdicts = list(claim.verdicts.select_for_update())
        verdict = next((v for v in verdicts if v.is_open), None)
        refusal = rules.write_verdict(by, claim, verdicts)
        if verdict is None and expected and not (refusal and refusal.forbidden):
            # The verdict the form showed is no longer being written: say who changed it.
            latest = claim.verdicts.order_by("-created_at", "-pk").first()
            raise locking.StaleEdit(latest, typed, expected)
        enforce(refusal)
        if verdict is None:
            verdict = Verdict(claim=claim, author=by, **typed)
            verdict.save()
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
        enforce(rules.submit(by, verdict, verdict.claim))
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
        verdicts = list(claim.verdicts.all())
        enforce(rules.start_correction(by, claim, verdicts))
        approved = next(v for v in verdicts if v.status == Verdict.Status.APPROVED)
        return approved.copy(by=by, author=by, supersedes=approved, correction_reason=reason)


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
        access = rules.facts_access(current, by=by, verdicts=verdicts)
        proposal = _as_proposal(facts)
        changed = {n for n, value in proposal.items() if value != _fact_value(current, n)}
        # A published claim's tags stay editable; everything else follows facts_access.
        withdrawn = current.status == Claim.Status.WITHDRAWN
        if access.refusal and (changed or tags is None or withdrawn):
            enforce(access.refusal)
        if expected is not None and current.version != expected:
            raise locking.StaleEdit(current, _as_columns(facts), expected)
        if access.mode == rules.FactsAccess.PROPOSE:
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


def withdraw(claim, *, by, reason: str) -> Claim:
    """Take back a claim marked by mistake, with the reason; it is kept (history, claims list,
    a draft verdict it has) and can be restored, never deleted."""
    _require(by, "edit_claim")
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the claim is withdrawn (marked by mistake, a duplicate…)."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        enforce(rules.withdraw(by, claim, list(claim.verdicts.select_for_update())))
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
        enforce(rules.restore(by, claim))
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


def _check_review(verdict, reviewer) -> None:
    enforce(rules.review(reviewer, verdict))


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
        enforce(rules.set_aside(by, claim))
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
        enforce(rules.reopen(by, claim))
        has_verdict = claim.verdicts.open().exists()
        claim.status = Claim.Status.IN_PROGRESS if has_verdict else Claim.Status.NEW
        claim.not_checkable_reason = ""
        claim.save(update_fields=["status", "not_checkable_reason", "updated_at"])
        events.announce(events.STATUS_CHANGED, claim=claim, by=by)
    return claim


def change_status(claim, *, status: str, by, reason: str = "") -> Claim:
    """Move a claim to ``status`` where the workflow allows it, as the claims list's bulk action.

    Not checkable and back go through ``set_not_checkable`` and ``reopen``; new and in progress
    swap freely before a verdict is submitted; in review and reviewed come only from verdicts.
    """
    _require(by, "edit_claim")
    if status == Claim.Status.NOT_CHECKABLE:
        return set_not_checkable(claim, by=by, reason=reason)
    with transaction.atomic():
        current = _locked_claim(claim)
        writing = current.verdicts.open().exists()
        enforce(rules.change_status(by, current, status, writing=writing))
        if current.status == status:
            return current
        if current.status == Claim.Status.NOT_CHECKABLE:
            current = reopen(current, by=by)
            if current.status == status:
                return current
        enforce(rules.change_status(by, current, status, writing=writing))
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
        verdict = approved.copy(
            by=by,
            status=Verdict.Status.SUBMITTED,
            submitted_at=timezone.now(),
            supersedes=approved,
            correction_reason=_(
                "The quote changed in version %(number)d of the article; approve it again if "
                "the verdict still holds."
            )
            % {"number": version},
        )
        claim.status = Claim.Status.IN_REVIEW
        claim._history_user = by
        claim.save(update_fields=["status", "updated_at"])
    return verdict


def share_verdict(claim, *, original, link, by) -> Verdict:
    """Give ``claim`` (which repeats another claim) a copy of that claim's approved verdict,
    once an editor confirmed the two are the same statement: same rating, summary, rationale
    and sources, ``shared_from`` the original, submitted for review with ``by`` as its author.
    The claim is in review until a reviewer other than ``by`` approves the copy (``approve``):
    one editor cannot publish a verdict alone. Called by ``links.share_verdict`` with the link
    that says ``claim`` repeats the original's claim."""
    _require(by, "write_verdict")
    with transaction.atomic():
        claim = _locked_claim(claim)
        original = Verdict.objects.select_for_update().get(pk=original.pk)
        verdicts = list(claim.verdicts.all())
        enforce(rules.share_verdict(by, claim, verdicts, link=link, original=original))
        shared = original.copy(
            by=by,
            claim=claim,
            author=by,
            status=Verdict.Status.SUBMITTED,
            shared_from=original,
            submitted_at=timezone.now(),
        )
        claim.status = Claim.Status.IN_REVIEW
        claim.save(update_fields=["status", "updated_at"])
    return shared
