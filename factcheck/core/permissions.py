"""Who may do what, as one readable table.

Roles are Django groups created by a migration (viewer, editor, reviewer); administrators are
superusers. Each action maps to one Django permission, so an administrator can adjust a group in
the admin site and every view and workflow step follows.
"""

from django.contrib.auth.backends import ModelBackend
from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.core import kept


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    REVIEWER = "reviewer", _("reviewer")
    ADMINISTRATOR = "administrator", _("administrator")


# action -> the permission it needs. Viewers read and export; a user with no role may do
# nothing at all (factcheck/core/guards.py shows them one page that says so).
ACTIONS = {
    "view": "factcheck.view_claim",
    "import_article": "factcheck.add_article",
    "edit_article": "factcheck.change_article",
    "mark_claim": "factcheck.add_claim",
    "edit_claim": "factcheck.change_claim",
    "add_speaker": "factcheck.add_speaker",
    "edit_speaker": "factcheck.change_speaker",
    "write_verdict": "factcheck.add_verdict",
    "edit_sources": "factcheck.add_source",
    "review_verdict": "factcheck.review_verdict",
    "add_article_version": "factcheck.add_articleversion",
    # Links between claims.
    "link_claims": "factcheck.add_claimlink",
    "unlink_claims": "factcheck.delete_claimlink",
    # The desk's discussion: reading notes and following a claim need only "view".
    "write_note": "factcheck.add_claimnote",
    # Other desks' fact-checks: only administrators (superusers) import them; no group holds
    # this permission, and an administrator may grant it in the admin site.
    "import_external_reviews": "factcheck.import_external_reviews",
}

# The groups' permissions are set by migrations/0002_default_scale_and_roles.py.


class KeptPermissionsBackend(ModelBackend):
    """Django's model backend, whose answers (the signed-in user's row and permissions) are
    kept between requests until users, groups or permissions are written (core/kept.py): three
    queries fewer on every page."""

    def get_user(self, user_id):
        read = super().get_user
        return kept.user_row(user_id, lambda: read(user_id))

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            everything = super().get_all_permissions
            user_obj._perm_cache = kept.remembered(
                user_obj, "permissions", lambda: everything(user_obj)
            )
        return user_obj._perm_cache


def can(user, action: str) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(ACTIONS[action])
    )


def role_of(user) -> Role | None:
    """The highest role a user holds, for display: administrator, reviewer, editor, viewer, or
    None for a user in none of the groups."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    names = kept.remembered(user, "groups", lambda: {group.name for group in user.groups.all()})
    for role in (Role.REVIEWER, Role.EDITOR, Role.VIEWER):
        if role.value in names:
            return role
    return None


def users_who_can(action: str):
    """Active users allowed ``action``, in one query (for menus such as "assign to")."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = ACTIONS[action].split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("username")
    )
