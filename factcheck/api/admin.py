"""API tokens in the admin site: an administrator issues one to a person (its secret is shown
once, then only its hash is kept) and revokes it."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.api import tokens
from factcheck.models import ApiToken


class IssueForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    ]
    list_select_related = ["user", "created_by"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]
    form = IssueForm

    def get_readonly_fields(self, request, obj=None):
        # A token's owner never changes once issued: issue another one instead.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, secret = tokens.issue(user=obj.user, name=obj.name, by=request.user)
        obj.pk = token.pk
        messages.warning(
            request,
            _("Copy the token for %(user)s now, it is never shown again: %(secret)s")
            % {"user": obj.user.get_username(), "secret": secret},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the list keeps who had access

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        count = tokens.revoke(queryset)
        messages.success(request, _("%(count)d tokens revoked.") % {"count": count})
