"""The claim panel's part for mending what was marked: the facts form, a correction's proposed
facts, withdrawing and restoring. The rules are workflow/rules.py's; this only asks them."""

from django.utils.translation import gettext_lazy as _

from factcheck.claims.forms import ClaimFactsForm, ClaimReviewedForm, WithdrawForm
from factcheck.models import Claim, Speaker
from factcheck.workflow import rules

LABELS = {
    "claim_reviewed": _("Claim as the desk checks it"),
    "speaker": _("Speaker"),
    "kind": _("Kind"),
    "claimed": _("Said on"),
}


def proposed_changes(claim, verdicts) -> list[tuple[str, str]]:
    """The facts the claim's open correction proposes, as (label, new value) to show."""
    current = next((v for v in verdicts if v.is_open), None)
    if current is None or not current.claim_changes:
        return []
    changes = current.claim_changes
    shown = []
    for name, label in LABELS.items():
        if name not in changes:
            continue
        value = changes[name]
        if name == "speaker":
            speaker = Speaker.objects.filter(pk=value).first() if value else None
            value = speaker.name if speaker else ""
        elif name == "kind":
            value = Claim.Kind(value).label if value in Claim.Kind.values else value
        shown.append((str(label), str(value) or "—"))
    return shown


def mending_context(claim, user, verdicts) -> dict:
    access = rules.facts_access(claim, by=user, verdicts=verdicts)
    editable = access.refusal is None
    withdrawal = rules.withdraw(user, claim, verdicts)
    context = {
        "facts_access": access,
        "can_edit_facts": editable,
        "proposed_changes": proposed_changes(claim, verdicts),
        "can_withdraw": withdrawal is None,
        # Shown on a disabled button to those whose role allows withdrawing, once the claim's
        # state does not; a withdrawn claim offers restoring instead.
        "withdraw_refusal": (
            withdrawal
            if withdrawal and not withdrawal.forbidden and claim.status != Claim.Status.WITHDRAWN
            else None
        ),
        "can_restore": rules.restore(user, claim) is None,
    }
    if editable:
        proposal = access.correction.claim_changes if access.correction else {}
        context["facts_form"] = ClaimFactsForm.of(claim, proposal)
        wording = proposal.get("claim_reviewed", claim.claim_reviewed)
        context["claim_form"] = ClaimReviewedForm(
            instance=claim, initial={"claim_reviewed": wording}
        )
    if context["can_withdraw"]:
        context["withdraw_form"] = WithdrawForm()
    return context
