"""The admin site's pages for other desks' fact-checks and the links to them: read and deleted
there, imported and linked on the workbench only (its import keeps their search keys)."""

from django.contrib import admin

from factcheck.external.models import ExternalLink, ExternalReview


@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    list_display = ["claim_reviewed", "publisher", "claimant", "rating", "reviewed_on", "language"]
    list_filter = ["language", "reviewed_on"]
    search_fields = ["claim_reviewed", "publisher", "claimant", "url"]
    exclude = ["search_text", "match_keys"]
    date_hierarchy = "reviewed_on"

    def has_add_permission(self, request):
        return False  # imported from a feed (the Other desks page or import_claimreviews)

    def has_change_permission(self, request, obj=None):
        return False  # importing the feed again updates it


@admin.register(ExternalLink)
class ExternalLinkAdmin(admin.ModelAdmin):
    list_display = ["claim", "relation", "external_review", "created_by", "created_at"]
    list_select_related = ["claim", "external_review", "created_by"]
    search_fields = ["claim__quote", "external_review__claim_reviewed", "external_review__url"]

    def has_add_permission(self, request):
        return False  # made from the claim panel, under the link rule

    def has_change_permission(self, request, obj=None):
        return False
