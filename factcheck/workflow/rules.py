"""Each workflow step's rule, once: who may take it, and when.

A check takes the person asking and the rows the step acts on, and returns None when the step
may happen, or a ``Refusal``: the translated sentence that person reads. A ``Forbidden`` refusal
is about the person (the step raises ``workflow.NotAllowed``, HTTP 403), any other about the
state of the claim or verdict (``workflow.Conflict``, HTTP 409). The steps (workflow, sources,
links, speakers, articles) call the check under their row locks before acting; the claim panel,
the article page and the admin call the same check to decide what to offer, and show the
sentence beside a button they show disabled. What a step's typed input lacks (an empty reason,
a verdict without a rating or without the evidence its rating asks) is checked by the step and
its form, not here: the panel cannot know it before the person types.

The rules live in one module rather than one per area because they read each other (writing a
verdict, submitting it and sharing one all ask whether the claim is withdrawn or set aside) and
a reader looking for "who may do what, when" finds them all on one page. Who holds which
permission stays in ``core.permissions``.

django-rules was considered and not used: its predicates answer yes or no, while the panel needs
the sentence and the HTTP status of a refusal, and its permission registry would sit beside
Django's own permissions, which the roles (groups) and the admin already use: two registries
for one question.
"""

from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import gettext as _

from factcheck.core.permissions import can, users_who_can
from factcheck.models import Claim, ClaimLink, Verdict


class Refusal(str):
    """Why a step cannot happen now, because of the state of what it acts on (HTTP 409)."""

    forbidden: ClassVar[bool] = False


class Forbidden(Refusal):
    """Why the person asking may not take a step at all (HTTP 403)."""

    forbidden: ClassVar[bool] = True


def allowed(user, action: str) -> Forbidden | None:
    """The role check every step starts with (``core.permissions`` maps actions to Django
    permissions)."""
    if not can(user, action):
        return Forbidden(_("You are not allowed to do this."))
    return None


def _first(*checks) -> Refusal | None:
    """The first refusal among ``checks``; each is a refusal or None, or a callable giving one
    (for checks that only make sense once the earlier ones passed)."""
    for check in checks:
        refusal = check() if callable(check) else check
        if refusal:
            return refusal
    return None


def _open(verdicts) -> Verdict | None:
    return next((v for v in verdicts if v.is_open), None)


def _approved(verdicts) -> Verdict | None:
    return next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None)


def _is_author(verdict, user) -> bool:
    return verdict.author_id == user.pk or user.is_superuser


def _not_withdrawn(claim) -> Refusal | None:
    if claim.status == Claim.Status.WITHDRAWN:
        return Refusal(_("This claim is withdrawn; restore it first."))
    return None


def _not_set_aside(claim) -> Refusal | None:
    if claim.status == Claim.Status.NOT_CHECKABLE:
        return Refusal(_("This claim was set aside as not checkable; reopen it first."))
    return None


# Claims: marking and mending.


def mark_claim(user) -> Refusal | None:
    return allowed(user, "mark_claim")


# A claim in review or reviewed keeps its words: the desk's published words change only through
# a correction.
WORDS_FIXED = (Claim.Status.IN_REVIEW, Claim.Status.REVIEWED)


def move_words(user, claim) -> Refusal | None:
    """Moving the claim onto other words of its article."""
    if claim.status in WORDS_FIXED:
        fixed = Refusal(
            _(
                "The words of a claim in review or reviewed change only through a correction of "
                "the article."
            )
        )
    else:
        fixed = None
    return _first(allowed(user, "edit_claim"), fixed)


def acknowledge_quote(user, claim) -> Refusal | None:
    """Accepting the new words of a claim whose quote changed in a new version of the text."""
    if claim.anchor != Claim.Anchor.QUOTE_CHANGED:
        flagged = Refusal(_("This claim’s quote is not flagged as changed."))
    else:
        flagged = None
    return _first(allowed(user, "edit_claim"), flagged)


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

    @property
    def refusal(self) -> Refusal | None:
        return self.reason if self.mode == self.REFUSED else None


def facts_access(claim, *, by, verdicts) -> FactsAccess:
    """The one rule for editing a claim's wording, speaker, kind and date, asked by the panel
    and by ``edit_claim`` / ``edit_facts`` (under the claim's lock). ``verdicts`` are the
    claim's verdicts (any order)."""
    refusal = _first(allowed(by, "edit_claim"), _not_withdrawn(claim))
    if refusal:
        return FactsAccess(FactsAccess.REFUSED, refusal)
    if claim.status not in PUBLISHED_STATUSES:
        return FactsAccess(FactsAccess.DIRECT)
    current = _open(verdicts)
    if current is None:
        return FactsAccess(
            FactsAccess.REFUSED,
            Refusal(
                _(
                    "This claim is published: its wording, speaker, kind and date change only "
                    "through a correction that a reviewer approves. Start a correction to "
                    "propose new ones."
                )
            ),
        )
    if current.status == Verdict.Status.SUBMITTED:
        return FactsAccess(
            FactsAccess.REFUSED,
            Refusal(
                _(
                    "This claim is in review: its wording, speaker, kind and date cannot change "
                    "until a reviewer approves the verdict or sends it back."
                )
            ),
        )
    if not _is_author(current, by):
        return FactsAccess(
            FactsAccess.REFUSED,
            Refusal(
                _(
                    "This claim is published: only the author of the correction being written "
                    "can propose a new wording, speaker, kind or date."
                )
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


def edit_facts(user, claim, verdicts) -> Refusal | None:
    """Editing the claim's wording, speaker, kind or date (``facts_access`` says how)."""
    return facts_access(claim, by=user, verdicts=verdicts).refusal


# A claim may be withdrawn (marked by mistake) while nothing about it is published or in review.
WITHDRAWABLE_FROM = (Claim.Status.NEW, Claim.Status.IN_PROGRESS, Claim.Status.NOT_CHECKABLE)


def withdraw(user, claim, verdicts) -> Refusal | None:
    """Withdrawing a claim marked by mistake; ``verdicts`` are the claim's verdicts."""

    def state():
        if claim.status == Claim.Status.WITHDRAWN:
            return Refusal(_("This claim is already withdrawn."))
        published = {Verdict.Status.APPROVED, Verdict.Status.SUBMITTED}
        if claim.status not in WITHDRAWABLE_FROM or any(v.status in published for v in verdicts):
            return Refusal(
                _("A claim with an approved verdict, or in review, cannot be withdrawn.")
            )
        return None

    return _first(allowed(user, "edit_claim"), state)


def restore(user, claim) -> Refusal | None:
    """Bringing a withdrawn claim back."""
    if claim.status != Claim.Status.WITHDRAWN:
        state = Refusal(_("Only a withdrawn claim can be restored."))
    else:
        state = None
    return _first(allowed(user, "edit_claim"), state)


# Who may be given a claim to check: whoever may write its verdict.
CHECKS_CLAIMS = "write_verdict"


def assign(user, claim) -> Refusal | None:
    """Giving the claim to someone (or nobody)."""
    return _first(allowed(user, "edit_claim"), _not_withdrawn(claim))


def assignee(person) -> Refusal | None:
    """Whether ``person`` may be given claims to check (None: nobody, always allowed)."""
    if person is not None and not can(person, CHECKS_CLAIMS):
        return Forbidden(_("%(name)s cannot check claims.") % {"name": person.get_username()})
    return None


def assignable_users():
    """The people ``assignee`` accepts, for the "assign to" menus, in one query."""
    return users_who_can(CHECKS_CLAIMS)


# A claim is set aside as not checkable, by hand, only while nobody has submitted its verdict.
SET_ASIDE_FROM = (Claim.Status.NEW, Claim.Status.IN_PROGRESS)


def set_aside(user, claim) -> Refusal | None:
    """Setting the claim aside as not checkable (an opinion, a prediction)."""

    def state():
        if claim.status == Claim.Status.NOT_CHECKABLE:
            return Refusal(_("This claim is already set aside as not checkable."))
        if claim.status not in SET_ASIDE_FROM:
            return Refusal(_("A claim in review or reviewed cannot be set aside."))
        return None

    return _first(allowed(user, "edit_claim"), _not_withdrawn(claim), state)


def reopen(user, claim) -> Refusal | None:
    """Bringing a claim set aside as not checkable back into the work."""
    if claim.status != Claim.Status.NOT_CHECKABLE:
        state = Refusal(_("Only a claim set aside as not checkable can be reopened."))
    else:
        state = None
    return _first(allowed(user, "edit_claim"), state)


# Statuses a person may set directly; in review and reviewed follow from verdict steps only.
SETTABLE_STATUSES = (Claim.Status.NEW, Claim.Status.IN_PROGRESS, Claim.Status.NOT_CHECKABLE)


def change_status(user, claim, status: str, *, writing: bool) -> Refusal | None:
    """The claims list's bulk status change to new or in progress (not checkable goes through
    ``set_aside``, back from it through ``reopen``); ``writing``: the claim has a verdict being
    written."""

    def state():
        if status not in SETTABLE_STATUSES:
            return Refusal(_("A claim goes in review or reviewed only through its verdict."))
        if claim.status == status or claim.status == Claim.Status.NOT_CHECKABLE:
            return None
        if claim.status not in (Claim.Status.NEW, Claim.Status.IN_PROGRESS):
            return Refusal(_("A claim in review or reviewed keeps its status."))
        if status == Claim.Status.NEW and writing:
            return Refusal(_("A claim with a verdict being written is in progress."))
        return None

    return _first(allowed(user, "edit_claim"), state)


# Verdicts.


def write_verdict(user, claim, verdicts) -> Refusal | None:
    """Writing the claim's verdict: its open draft (only by its author) or a new one while the
    claim has no approved verdict (changing an approved one takes a correction)."""

    def verdict():
        current = _open(verdicts)
        if current is None:
            if _approved(verdicts) is not None:
                return Refusal(
                    _("This claim’s verdict is approved: start a correction to change it.")
                )
            return None
        if not _is_author(current, user):
            return Forbidden(_("Only the verdict’s author can change it."))
        if current.status == Verdict.Status.SUBMITTED:
            return Refusal(_("This verdict is waiting for review; it cannot change now."))
        return None

    return _first(
        allowed(user, "write_verdict"), _not_withdrawn(claim), _not_set_aside(claim), verdict
    )


# A verdict's text and sources change while it is being written, not once it went to review.
WRITABLE = (Verdict.Status.DRAFT, Verdict.Status.SENT_BACK)


def submit(user, verdict, claim) -> Refusal | None:
    """Sending the verdict to review (what its text still lacks is ``evidence``'s and the
    form's to say)."""

    def author():
        if not _is_author(verdict, user):
            return Forbidden(_("Only the verdict’s author can submit it."))
        if verdict.status not in WRITABLE:
            return Refusal(_("This verdict is not a draft any more."))
        return None

    return _first(
        allowed(user, "write_verdict"), author, _not_withdrawn(claim), _not_set_aside(claim)
    )


def edit_sources(user, verdict) -> Refusal | None:
    """Adding, editing or removing the verdict's sources."""

    def state():
        if not _is_author(verdict, user):
            return Forbidden(_("Only the verdict’s author can change its sources."))
        if verdict.status not in WRITABLE:
            return Refusal(_("This verdict is not a draft any more; its sources cannot change."))
        return None

    return _first(allowed(user, "edit_sources"), state)


def review(user, verdict) -> Refusal | None:
    """Approving the verdict or sending it back (what the evidence rule of its rating still
    asks holds approval back too: ``evidence.missing_evidence``)."""

    def state():
        if verdict.status != Verdict.Status.SUBMITTED:
            return Refusal(_("This verdict is not waiting for review."))
        if verdict.author_id == user.pk:
            return Forbidden(_("Nobody approves their own verdict."))
        return None

    return _first(allowed(user, "review_verdict"), state)


def start_correction(user, claim, verdicts) -> Refusal | None:
    """A draft correcting the claim's approved verdict."""

    def state():
        if _approved(verdicts) is None:
            return Refusal(_("Only an approved verdict can be corrected."))
        if _open(verdicts) is not None:
            return Refusal(_("A verdict is already being written for this claim."))
        return None

    return _first(allowed(user, "write_verdict"), state)


# Links between claims.


def link_claims(user) -> Refusal | None:
    return allowed(user, "link_claims")


def unlink(user) -> Refusal | None:
    return allowed(user, "unlink_claims")


def share_verdict(user, claim, verdicts, *, link, original) -> Refusal | None:
    """Giving ``claim`` a copy of ``original``, the approved verdict of the claim it repeats
    through ``link``; ``verdicts`` are ``claim``'s (its open and approved ones suffice)."""

    def through_link():
        if link.relation != ClaimLink.Relation.REPEATS or link.claim_id != claim.pk:
            return Refusal(_("Only a claim that repeats another can share its verdict."))
        if original is None:
            return Refusal(_("The repeated claim has no approved verdict to share."))
        if original.status != Verdict.Status.APPROVED:
            return Refusal(_("Only an approved verdict can be shared."))
        if original.claim_id == claim.pk:
            return Refusal(_("A claim cannot share its own verdict."))
        return None

    def own():
        if _open(verdicts) is not None or _approved(verdicts) is not None:
            return Refusal(
                _("This claim already has a verdict being written or approved; it keeps its own.")
            )
        return None

    return _first(
        allowed(user, "write_verdict"),
        through_link,
        _not_withdrawn(claim),
        _not_set_aside(claim),
        own,
    )


# Articles and speakers.


def import_article(user) -> Refusal | None:
    if not can(user, "import_article"):
        return Forbidden(_("You are not allowed to import articles."))
    return None


def edit_article(user) -> Refusal | None:
    """Correcting an article's details (title, outlet, URL, date, language)."""
    return allowed(user, "edit_article")


def archive_article(user) -> Refusal | None:
    """Archiving an article or restoring it (both harmless when already done)."""
    return allowed(user, "edit_article")


def replace_body(user) -> Refusal | None:
    """A new version of an article's text."""
    if not (can(user, "edit_article") and can(user, "add_article_version")):
        return Forbidden(_("You are not allowed to replace an article’s text."))
    return None


def add_speaker(user) -> Refusal | None:
    if not can(user, "add_speaker"):
        return Forbidden(_("You are not allowed to add speakers."))
    return None


def edit_speaker(user) -> Refusal | None:
    return allowed(user, "edit_speaker")
