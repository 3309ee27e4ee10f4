"""The admin site, set up for daily use: useful columns, filters, search, inlines and actions.

Statuses are read-only here: they change only through the workflow's steps (the actions below
call factcheck.workflow), so the admin cannot skip a review. What the desk has published is
read-only too, and never deleted (factcheck.protection): a verdict that went to review and its
sources, a reviewed claim's words, an article with claims (archived instead), a person who did
any work (deactivated instead). History reverts that would skip the workflow are refused.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from factcheck import workflow
from factcheck.articles import anchoring
from factcheck.articles import services as articles
from factcheck.claims import search
from factcheck.core.paging import BoundedPaginator
from factcheck.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    DismissedStatement,
    EvidenceRule,
    Rating,
    Snapshot,
    Source,
    Speaker,
    Tag,
    Verdict,
)
from factcheck.verdicts import protection
from factcheck.workflow import rules

admin.site.site_header = _("Fact-check workbench")
admin.site.site_title = _("Fact-check workbench")
admin.site.index_title = _("Administration")


class WorkflowAdmin(SimpleHistoryAdmin):
    """An admin that keeps published work: ``kept_reason`` says why an object may be neither
    deleted nor changed freely (shown on its page; no delete button, and the delete action lists
    it as protected), ``revert_refusal`` why an old version may not be restored."""

    def kept_reason(self, obj) -> str:
        return ""

    def revert_refusal(self, current, version) -> str:
        """Why ``version`` (an old state of ``current``) may not be restored; "" if it may."""
        if getattr(version, "status", None) != getattr(current, "status", None):
            return gettext(
                "Restoring this version would change the status: statuses change only through "
                "the workflow."
            )
        return self.kept_reason(current)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.kept_reason(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [f"{obj}: {reason}" for obj in objs if (reason := self.kept_reason(obj))]
        return to_delete, counts, perms_needed, [*protected, *kept]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        note = self.kept_reason(obj) if obj is not None else ""
        extra_context = {**(extra_context or {}), "kept_note": note}
        return super().change_view(request, object_id, form_url, extra_context)

    def revert_disabled(self, request, obj=None):
        if obj is not None:
            current = self.model._default_manager.filter(pk=obj.pk).first()
            if current is not None and self.revert_refusal(current, obj):
                return True
        return super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not all(part.isascii() and part.isdigit() for part in (object_id, version_id)):
            raise Http404  # simple-history would pass any text to the query: a 500
        current = self.model._default_manager.filter(pk=object_id).first()
        version = self.model.history.filter(pk=version_id, id=object_id).first()
        if current is not None and version is not None:
            refusal = self.revert_refusal(current, version.instance)
            if refusal and request.method == "POST":
                messages.error(request, refusal)
                opts = self.model._meta
                return redirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[current.pk])
                )
            if refusal:
                messages.warning(request, refusal)
        return super().history_form_view(request, object_id, version_id, extra_context)


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


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Not archived")), ("yes", _("Archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    list_display = [
        "title",
        "outlet",
        "published",
        "language",
        "claim_count",
        "imported_at",
        "archived_at",
    ]
    list_filter = [ArchivedFilter, "language", "published_precision", "outlet"]
    search_fields = ["title", "outlet", "url", "body"]
    date_hierarchy = "imported_at"
    readonly_fields = ["origin", "imported_by", "imported_at", "updated_at", "archived_at"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "language"]}),
        (_("Publication date"), {"fields": ["published_on", "published_precision"]}),
        (None, {"fields": ["body"]}),
        (
            _("Import"),
            {"fields": ["origin", "imported_by", "imported_at", "updated_at", "archived_at"]},
        ),
    ]
    inlines = [ClaimInline, ArticleVersionInline]
    actions = ["archive_selected", "restore_selected"]

    def kept_reason(self, article):
        if article.pk and article.claims.exists():
            return gettext(
                "This article has claims: it is archived, never deleted, so that its claims "
                "stay in the exports and the history. Use the “Archive” action."
            )
        return ""

    def revert_refusal(self, current, version):
        if version.body != current.body or version.archived_at != current.archived_at:
            return gettext(
                "Restoring this version would change the text or the archiving: a new text goes "
                "through “New version of the text”, archiving through the actions."
            )
        return ""

    @admin.action(description=_("Archive the selected articles"), permissions=["change"])
    def archive_selected(self, request, queryset):
        for article in queryset:
            articles.archive_article(article, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d article archived.", "%d articles archived.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Restore the selected articles"), permissions=["change"])
    def restore_selected(self, request, queryset):
        for article in queryset:
            articles.restore_article(article, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d article restored.", "%d articles restored.", count) % count,
            messages.SUCCESS,
        )

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


@admin.register(DismissedStatement)
class DismissedStatementAdmin(admin.ModelAdmin):
    """Proposals an editor dismissed; deleting one proposes those words again."""

    list_display = ["quote", "article", "dismissed_by", "dismissed_at"]
    list_filter = ["dismissed_at"]
    list_select_related = ["article", "dismissed_by"]
    search_fields = ["quote", "article__title"]
    autocomplete_fields = ["article"]
    readonly_fields = ["dismissed_at"]
    raw_id_fields = ["dismissed_by"]


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


class ArticleLanguageFilter(admin.SimpleListFilter):
    """The article's language, its choices read from the articles (the default filter reads the
    distinct languages of every claim, a join over the whole claims table)."""

    title = _("article language")
    parameter_name = "article__language"

    def lookups(self, request, model_admin):
        languages = Article.objects.order_by("language").values_list("language", flat=True)
        return [(code, code) for code in languages.distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__language=self.value())
        return queryset


@admin.register(Claim)
class ClaimAdmin(WorkflowAdmin):
    form = ClaimAdminForm
    list_display = ["short_quote", "speaker", "article", "kind", "status", "assignee", "created_at"]
    # No date_hierarchy: its year links read the distinct years of every claim.
    list_filter = ["status", "kind", "tags", ArticleLanguageFilter, "created_at"]
    list_select_related = ["speaker", "article", "assignee"]
    # Searched through the claims' full-text index (search.search_claims), accents folded.
    search_fields = ["search_text"]
    search_help_text = _("Words of the quote, the wording, the speaker or the article’s title.")
    # Neither an exact count of every claim nor one of every match: see get_paginator.
    show_full_result_count = False
    # Newest first, read from the primary key (the model's order, by article and position,
    # sorts every claim).
    ordering = ["-pk"]
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

    def _published(self, claim) -> bool:
        return claim.verdicts.filter(status__in=protection.FROZEN_SOURCE_STATUSES).exists()

    def kept_reason(self, claim):
        if not claim.pk:
            return ""
        if self._published(claim):
            return gettext(
                "This claim’s verdict went to review: its words and its article are read-only "
                "here and change only through a correction in the workbench, and the claim is "
                "never deleted."
            )
        if claim.verdicts.exists():
            return gettext("This claim has a verdict: it is never deleted.")
        return ""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and self._published(obj):
            # What its ClaimReview publishes changes only through a correction (workflow.py).
            published = ["speaker", "kind", "claimed_on", "claimed_precision", "claim_reviewed"]
            return [*fields, "article", "quote", *published]
        return fields

    @admin.display(description=_("quote"), ordering="quote")
    def short_quote(self, claim):
        return str(claim)

    def get_search_results(self, request, queryset, search_term):
        if not search.fold(search_term):
            return queryset, False
        return search.search_claims(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return BoundedPaginator(queryset, per_page, page=request.GET.get("p"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Assign the selected claims to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for claim in queryset:
            # The workflow's rule, asked first so a refused claim is reported, not an error page.
            refusal = rules.assign(request.user, claim) or rules.assignee(request.user)
            if refusal:
                self.message_user(request, f"{claim}: {refusal}", messages.WARNING)
                continue
            workflow.assign(claim, assignee=request.user, by=request.user)
            count += 1
        if count:
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
    """What a verdict needs before approval (factcheck/verdicts/evidence.py): one rule for all ratings,
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

    # ``obj`` is the verdict: a frozen verdict's sources are shown, not changed.
    def has_add_permission(self, request, obj=None):
        return (obj is None or not _frozen(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not _frozen(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not _frozen(obj)) and super().has_delete_permission(request, obj)


def _frozen(verdict) -> bool:
    return verdict.status in protection.FROZEN_SOURCE_STATUSES


@admin.register(Verdict)
class VerdictAdmin(WorkflowAdmin):
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

    def kept_reason(self, verdict):
        if verdict.pk and protection.verdict_is_kept(verdict):
            return gettext(
                "This verdict went to review: it is kept, and changes only through the workbench "
                "(a correction once approved, which a reviewer approves)."
            )
        return ""

    def has_change_permission(self, request, obj=None):
        # A submitted, approved or superseded verdict and its sources are shown, not changed.
        if obj is not None and _frozen(obj):
            return False
        return super().has_change_permission(request, obj)

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
            refusal = rules.review(request.user, verdict)
            if refusal:
                self.message_user(request, f"{verdict.claim}: {refusal}", messages.WARNING)
                continue
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


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "verdict",
            "url",
            "title",
            "publisher",
            "kind",
            "consulted_on",
            "archived_url",
            "excerpt",
            "note",
        ]

    def clean_verdict(self):
        verdict = self.cleaned_data.get("verdict")
        if verdict is not None and _frozen(verdict):
            raise forms.ValidationError(
                _("This verdict went to review: its sources change only through a correction.")
            )
        return verdict


@admin.register(Source)
class SourceAdmin(WorkflowAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "kind", "url", "consulted_on", "verdict"]
    list_filter = ["kind", "publisher"]
    list_select_related = ["verdict__claim", "verdict__rating"]
    search_fields = ["title", "publisher", "url", "excerpt", "note"]
    date_hierarchy = "added_at"
    autocomplete_fields = ["verdict"]
    readonly_fields = ["added_by", "added_at"]

    def kept_reason(self, source):
        if source.pk and protection.source_is_kept(source):
            return gettext(
                "This source belongs to a verdict that went to review: it is kept, and changes "
                "only through a correction in the workbench."
            )
        return ""

    def revert_refusal(self, current, version):
        if version.verdict_id != current.verdict_id:
            return gettext("Restoring this version would move the source to another verdict.")
        return self.kept_reason(current)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.kept_reason(obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """The desk's copies of pages, as the fetcher kept them: read here, never written by hand
    (a copy typed in would not be what the page said)."""

    list_display = ["url", "state", "status_code", "content_type", "fetched_at", "source"]
    list_filter = ["state", "content_type"]
    list_select_related = ["source"]
    search_fields = ["url", "final_url", "error", "sha256"]
    date_hierarchy = "requested_at"
    exclude = ["raw"]  # bytes: downloaded from the workbench's copy page, never shown here

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Links between claims.


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


# People: deactivated, never deleted, once their name is on the desk's work.

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with "Deactivate" where deleting would lose who did the work."""

    change_form_template = "admin/factcheck/user_change_form.html"
    actions = ["deactivate_selected"]

    def kept_reason(self, user) -> str:
        if user.pk and protection.user_has_done_work(user):
            return gettext(
                "This person’s name is on the desk’s work (claims, verdicts, sources, history): "
                "the account is deactivated, never deleted, so that the record keeps who did what."
            )
        return ""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.kept_reason(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [f"{obj}: {reason}" for obj in objs if (reason := self.kept_reason(obj))]
        return to_delete, counts, perms_needed, [*protected, *kept]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and "_deactivate" in request.POST:
            user = get_object_or_404(User, pk=object_id)
            if not self.has_change_permission(request, user):
                return redirect(reverse("admin:index"))
            self._deactivate(request, [user])
            return redirect(reverse("admin:auth_user_change", args=[user.pk]))
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "kept_note": self.kept_reason(obj) if obj is not None else "",
            "can_deactivate": obj is not None and obj.is_active,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _deactivate(self, request, users) -> None:
        count = 0
        for user in users:
            if user.is_active:
                user.is_active = False
                user.save(update_fields=["is_active"])
                count += 1
        self.message_user(
            request,
            ngettext("%d account deactivated.", "%d accounts deactivated.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate_selected(self, request, queryset):
        self._deactivate(request, queryset)


# Each area's own admin pages, registered on import.
import factcheck.api.admin  # noqa: E402, F401
import factcheck.collab.admin  # noqa: E402, F401
import factcheck.external.admin  # noqa: E402, F401
import factcheck.webhooks.admin  # noqa: E402, F401
