"""The admin site's pages for notes and notifications. Notes are people's work: an
administrator reads them, never rewrites or deletes them."""

from django.contrib import admin

from factcheck.models import ClaimFollow, ClaimNote, Notification, NotificationSetting


@admin.register(ClaimNote)
class ClaimNoteAdmin(admin.ModelAdmin):
    list_display = ["pk", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__username", "claim__quote"]
    readonly_fields = ["claim", "author", "body", "mentions", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # notes are written on the claim's page, where mentions are told

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["pk", "recipient", "kind", "claim", "actor", "created_at", "read_at"]
    list_select_related = ["recipient", "claim", "actor"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username"]
    readonly_fields = ["recipient", "kind", "claim", "actor", "note", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "email"]
    list_select_related = ["user"]
    list_filter = ["kind", "enabled", "email"]
    search_fields = ["user__username"]


@admin.register(ClaimFollow)
class ClaimFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "claim", "created_at"]
    list_select_related = ["user", "claim"]
    search_fields = ["user__username", "claim__quote"]
    raw_id_fields = ["claim"]
