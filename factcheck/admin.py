"""The admin site, set up for daily use: useful columns, filters, search, inlines and actions.

Statuses are read-only here: they change only through the workflow's steps (the actions below
call factcheck.workflow), so the admin cannot skip a review.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import anchoring, workflow
from .models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    EvidenceRule,
    Rating,
    Source,
    Speaker,
    Tag,
    Verdict,
)

admin.site.site_header = _("Fact-check workbench")
admin.site.site_title = _("Fact-check workbench")
admin.site.index_title = _("Administration")


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["quote", "speaker", "kind", "status", "assignee"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    ordering = ["start_offset"]

    def has_add_permission(self, request, obj=None):
        # A claim needs its position in the body: add it from the claim form, which finds it.
        return False


class ArticleVersionInline(admin.TabularInline):
    """Every body the article has had; a new one comes from the workbench's "New version of the
    text", which finds the claims again (body_versions.replace_body)."""

    model = ArticleVersion
    fields = ["number", "created_at", "created_by", "origin", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "published", "language", "claim_count", "imported_at"]
    list_filter = ["language", "published_precision", "outlet"]
    search_fields = ["title", "outlet", "url", "body"]
    date_hierarchy = "imported_at"
    readonly_fields = ["origin", "imported_by", "imported_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "language"]}),
        (_("Publication date"), {"fields": ["published_on", "published_precision"]}),
        (None, {"fields": ["body"]}),
        (_("Import"), {"fields": ["origin", "imported_by", "imported_at", "updated_at"]}),
    ]
    inlines = [ClaimInline, ArticleVersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    def get_readonly_fields(self, request, obj=None):
        # Changing the body here would leave the claims' offsets pointing at the old text.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "body"] if obj is not None else fields

    @admin.display(description=_("claims"), ordering="claim_total")
    def claim_count(self, article):
        return article.claim_total

    @admin.display(description=_("published"), ordering="published_on")
    def published(self, article):
        return article.published or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.imported_by = request.user
            obj.origin = obj.origin or "admin"
        super().save_model(request, obj, form, change)


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "description", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_total")
    def claim_count(self, speaker):
        return speaker.claim_total


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class ClaimAdminForm(forms.ModelForm):
    """The offsets and context come from finding the quote in the article, never from input."""

    class Meta:
        model = Claim
        fields = [
            "article",
            "quote",
            "claim_reviewed",
            "speaker",
            "kind",
            "claimed_on",
            "claimed_precision",
            "tags",
            "assignee",
        ]

    def clean(self):
        data = super().clean()
        article, quote = data.get("article"), data.get("quote")
        if article and quote:
            hint = self.instance.start_offset if self.instance.pk else None
            anchor = anchoring.find_quote(
                article.body,
                quote,
                prefix=self.instance.prefix or "",
                suffix=self.instance.suffix or "",
                hint=hint,
            )
            if anchor is None:
                self.add_error("quote", _("These words are not in the article’s text."))
            else:
                self.instance.start_offset, self.instance.end_offset = anchor.start, anchor.end
                self.instance.prefix, self.instance.suffix = anchor.prefix, anchor.suffix
                data["quote"] = anchor.quote
        return data


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimAdminForm
    list_display = ["short_quote", "speaker", "article", "kind", "status", "assignee", "created_at"]
    list_filter = ["status", "kind", "tags", "article__language"]
    list_select_related = ["speaker", "article", "assignee"]
    search_fields = ["quote", "claim_reviewed", "speaker__name", "article__title"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["speaker", "article", "tags"]
    readonly_fields = [
        "status",
        "not_checkable_reason",
        "start_offset",
        "end_offset",
        "prefix",
        "suffix",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["article", "quote", "claim_reviewed", "speaker", "kind", "tags"]}),
        (_("When it was said"), {"fields": ["claimed_on", "claimed_precision"]}),
        (_("Work"), {"fields": ["status", "not_checkable_reason", "assignee"]}),
        (
            _("Position in the article"),
            {"fields": ["start_offset", "end_offset", "prefix", "suffix"], "classes": ["collapse"]},
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    actions = ["assign_to_me"]

    @admin.display(description=_("quote"), ordering="quote")
    def short_quote(self, claim):
        return str(claim)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Assign the selected claims to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        for claim in queryset:
            workflow.assign(claim, assignee=request.user, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d claim assigned to you.", "%d claims assigned to you.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["order", "slug", "label_en", "label_fr", "colour", "value"]
    list_display_links = ["slug"]
    ordering = ["order"]
    search_fields = ["slug", "label_en", "label_fr"]


@admin.register(EvidenceRule)
class EvidenceRuleAdmin(SimpleHistoryAdmin):
    """What a verdict needs before approval (factcheck/evidence.py): one rule for all ratings,
    and one per rating where the desk wants more (or less)."""

    list_display = ["__str__", "min_sources", "require_archive", "updated_at"]
    list_editable = ["min_sources", "require_archive"]
    list_select_related = ["rating"]
    fields = ["rating", "min_sources", "require_archive"]


class SourceInline(admin.StackedInline):
    model = Source
    fields = [
        ("url", "title"),
        ("publisher", "kind", "consulted_on"),
        "archived_url",
        "excerpt",
        "note",
    ]
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "rating", "summary", "status", "author", "reviewer", "reviewed_at"]
    list_filter = ["status", "rating"]
    list_select_related = ["claim", "rating", "author", "reviewer"]
    search_fields = ["summary", "rationale", "claim__quote", "claim__claim_reviewed"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["claim"]
    readonly_fields = [
        "status",
        "author",
        "reviewer",
        "review_comment",
        "supersedes",
        "created_at",
        "updated_at",
        "submitted_at",
        "reviewed_at",
    ]
    fieldsets = [
        (None, {"fields": ["claim", "rating", "summary", "rationale"]}),
        (
            _("Review"),
            {
                "fields": [
                    "status",
                    "author",
                    "reviewer",
                    "review_comment",
                    "supersedes",
                    "submitted_at",
                    "reviewed_at",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [SourceInline]
    actions = ["approve_selected"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def has_review_permission(self, request):
        return request.user.has_perm("factcheck.review_verdict")

    @admin.action(description=_("Approve the selected verdicts"), permissions=["review"])
    def approve_selected(self, request, queryset):
        approved = 0
        for verdict in queryset:
            try:
                workflow.approve(verdict, reviewer=request.user)
            except workflow.WorkflowError as refusal:
                self.message_user(request, f"{verdict.claim}: {refusal.message}", messages.WARNING)
            else:
                approved += 1
        if approved:
            self.message_user(
                request,
                ngettext("%d verdict approved.", "%d verdicts approved.", approved) % approved,
                messages.SUCCESS,
            )


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "url", "consulted_on", "verdict"]
    list_filter = ["kind", "publisher"]
    list_select_related = ["verdict__claim", "verdict__rating"]
    search_fields = ["title", "publisher", "url", "excerpt", "note"]
    date_hierarchy = "added_at"
    autocomplete_fields = ["verdict"]
    readonly_fields = ["added_by", "added_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


# Issue 6: links between claims.


class ClaimLinkAdminForm(forms.ModelForm):
    class Meta:
        model = ClaimLink
        fields = ["claim", "relation", "target", "note"]

    def clean(self):
        cleaned = super().clean()
        claim, target = cleaned.get("claim"), cleaned.get("target")
        # One link per pair, whichever way round (the database holds one direction only).
        if claim and target and ClaimLink.objects.filter(claim=target, target=claim).exists():
            raise forms.ValidationError(_("These two claims are already linked."))
        return cleaned


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    form = ClaimLinkAdminForm
    list_display = ["claim", "relation", "target", "created_by", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["claim", "target", "created_by"]
    search_fields = ["claim__quote", "target__quote", "note"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["claim", "target"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
