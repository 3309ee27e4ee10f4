"""What is never deleted: verdicts past their draft, published verdicts' sources, and the people
who did the desk's work.

Foreign keys hold most of it: ``Claim.article`` and ``Verdict.claim`` are PROTECT (an article
with claims is archived instead, a claim with a verdict stays), and so is every foreign key that
names who did something. What a foreign key cannot say is refused here, by ``pre_delete``
receivers that run before any row goes, for ``instance.delete()``, ``QuerySet.delete()`` and
cascades alike: a verdict that was submitted, approved or superseded; a source of such a
verdict; a user named in any history row (simple-history's ``history_user`` is SET_NULL and
cannot be changed). The admin asks the same questions to hide its delete buttons.

The receivers run inside the deletion's transaction: a refusal inside a caller's own
``transaction.atomic()`` ends that transaction, as any database error would.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from factcheck.models import Source, Verdict

# A verdict in these statuses has been seen by a reviewer or published: it is kept for good.
KEPT_VERDICT_STATUSES = (
    Verdict.Status.SUBMITTED,
    Verdict.Status.APPROVED,
    Verdict.Status.SUPERSEDED,
    Verdict.Status.SENT_BACK,
)
# Sources are frozen with their verdict once it is submitted (factcheck.sources).
FROZEN_SOURCE_STATUSES = (
    Verdict.Status.SUBMITTED,
    Verdict.Status.APPROVED,
    Verdict.Status.SUPERSEDED,
)


def verdict_is_kept(verdict: Verdict) -> bool:
    return verdict.status in KEPT_VERDICT_STATUSES


def source_is_kept(source: Source) -> bool:
    status = Verdict.objects.filter(pk=source.verdict_id).values_list("status", flat=True).first()
    return status in FROZEN_SOURCE_STATUSES


def _work_relations():
    """The user's reverse relations that record work: every PROTECT foreign key to the user
    (imported, marked, authored, reviewed, added, linked) and every history row."""
    user_model = get_user_model()
    return [
        relation
        # Hidden relations too: several of them are named "+" (no reverse accessor).
        for relation in user_model._meta.get_fields(include_hidden=True)
        if relation.one_to_many
        and relation.auto_created
        and (relation.on_delete is models.PROTECT or relation.field.name == "history_user")
    ]


def user_has_done_work(user) -> bool:
    """Whether the user's name is on any of the desk's work: then they are deactivated, never
    deleted, so that the record keeps who did what."""
    for relation in _work_relations():
        manager = relation.related_model._base_manager
        if manager.filter(**{relation.field.name: user.pk}).exists():
            return True
    return False


def _refuse_verdict(sender, instance, **kwargs):
    # Read the stored status: the instance may be stale, and the database decides.
    stored = Verdict.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored in KEPT_VERDICT_STATUSES:
        raise models.ProtectedError(
            _("A verdict that went to review is kept; correct it instead of deleting it."),
            {instance},
        )


def _refuse_source(sender, instance, **kwargs):
    if source_is_kept(instance):
        raise models.ProtectedError(
            _("The sources of a submitted or published verdict are kept with it."), {instance}
        )


def _refuse_user(sender, instance, **kwargs):
    if user_has_done_work(instance):
        raise models.ProtectedError(
            _("This person’s name is on the desk’s work: deactivate the account instead."),
            {instance},
        )


def connect_signals() -> None:
    pre_delete.connect(_refuse_verdict, sender=Verdict, dispatch_uid="protect_verdict")
    pre_delete.connect(_refuse_source, sender=Source, dispatch_uid="protect_source")
    pre_delete.connect(_refuse_user, sender=get_user_model(), dispatch_uid="protect_user")
