"""Webhooks in the admin site: an administrator registers endpoints (the secret is generated on
creation and stays readable on the endpoint's page, to set up the receiving side), reads every
delivery with its attempts, and redelivers."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from factcheck.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from factcheck.webhooks import delivery


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "wants_approved", "wants_corrected", "active"]
    list_filter = ["active", "wants_approved", "wants_corrected"]
    search_fields = ["url", "description"]
    fields = ["url", "description", "wants_approved", "wants_corrected", "active", "secret"]
    readonly_fields = ["secret", "created_at"]
    actions = ["rotate_secrets"]

    def get_fields(self, request, obj=None):
        # The secret exists once the endpoint is saved.
        return self.fields if obj else [f for f in self.fields if f != "secret"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                _(
                    "Give this secret to the receiving side, which checks every event's "
                    "signature with it (it stays on the endpoint’s page): %(secret)s"
                )
                % {"secret": obj.secret},
            )

    @admin.action(
        description=gettext_lazy("Give the selected endpoints a new secret"),
        permissions=["change"],
    )
    def rotate_secrets(self, request, queryset):
        for endpoint in delivery.rotate_secrets(endpoints=queryset):
            messages.warning(
                request,
                _("New secret for %(endpoint)s, to give to the receiving side: %(secret)s")
                % {"endpoint": endpoint, "secret": endpoint.secret},
            )


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = [
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "succeeded",
        "error",
        "response_excerpt",
        "next_attempt_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "url",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["url", "event_id", "delivery_id"]
    date_hierarchy = "created_at"
    fields = [
        "endpoint",
        "url",
        "event",
        "event_id",
        "delivery_id",
        "claim",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "payload",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["redeliver_selected"]

    @admin.display(description=gettext_lazy("payload"))
    def payload(self, obj):
        try:
            text = json.dumps(json.loads(obj.body), ensure_ascii=False, indent=2)
        except ValueError:
            text = obj.body
        return format_html("<pre>{}</pre>", text)

    def has_add_permission(self, request):
        return False  # made by the workflow's events only

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        return request.user.has_perm("factcheck.change_webhookdelivery")

    @admin.action(
        description=gettext_lazy("Deliver the selected events again"), permissions=["redeliver"]
    )
    def redeliver_selected(self, request, queryset):
        count = delivery.redeliver(deliveries=queryset)
        messages.success(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
        )
