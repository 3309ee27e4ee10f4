"""The claims list's filters, search and sort: one FilterSet the list, the exports and the command share.

The URL holds the whole state (``?q=verite&speaker=3&sort=-reviewed&page=2``) and the FilterSet
is its allow-list: nobody filters or sorts on arbitrary ORM paths.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, FilteredRelation, Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from factcheck.claims import search
from factcheck.collab import queue
from factcheck.models import Article, Claim, Rating, Speaker, Tag, Verdict

# Query parameters that do not narrow the list: an export with none of the others is "reviewed".
NOT_FILTERS = frozenset({"page", "sort", "excel", "all", "layout"})
# Searches matching up to this many claims are listed best match first.
RANK_WINDOW = 2000


def listing_queryset():
    """Claims with ``approved``, the join to their current approved verdict (at most one row)."""
    return Claim.objects.annotate(
        approved=FilteredRelation("verdicts", condition=Q(verdicts__status=Verdict.Status.APPROVED))
    )


class Ordering(django_filters.OrderingFilter):
    """Sort by one column, empty cells last either way (as on both databases alike); the claim
    id breaks ties so pages never overlap."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            if field.startswith("-"):
                ordering.append(F(field[1:]).desc(nulls_last=True))
            else:
                ordering.append(F(field).asc(nulls_last=True))
        return qs.order_by(*ordering, "-pk")


class FastSelect(forms.Select):
    """A select whose options are written in Python: Django renders each option through a
    template, which costs 15 ms for 300 speakers on every page of the list."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(value)} if value not in (None, "") else set()
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def _assignees():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words, speaker…")}),
    )
    # A column of the claim: no join, so no DISTINCT (whose COUNT reads every matching row).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Claim.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    rating = django_filters.ModelMultipleChoiceFilter(
        label=_("Rating"),
        queryset=Rating.objects.all(),
        to_field_name="slug",
        method="filter_rating",
        widget=forms.CheckboxSelectMultiple,
    )
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"), queryset=Speaker.objects.only("pk", "name"), widget=FastSelect
    )
    # Thousands of articles make no menu: the list's article links set this filter.
    article = django_filters.ModelChoiceFilter(
        label=_("Article"), queryset=Article.objects.only("pk", "title"), widget=forms.HiddenInput
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.all(), widget=FastSelect
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assignee"), queryset=_assignees(), null_label=_("Nobody"), widget=FastSelect
    )
    claimed = django_filters.DateFromToRangeFilter(
        label=_("Claimed between"),
        field_name="claimed_on",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    reviewed = django_filters.DateFromToRangeFilter(
        label=_("Reviewed between"),
        field_name="approved_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    # The desk's queue (factcheck.collab.queue): how pressing, and when due.
    priority = django_filters.MultipleChoiceFilter(
        label=_("Priority"), choices=Claim.Priority.choices, widget=forms.CheckboxSelectMultiple
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[
            ("overdue", _("Overdue")),
            ("week", _("Due within a week")),
            ("set", _("With a due date")),
            ("none", _("No due date")),
        ],
        method="filter_due",
        empty_label=_("Any"),
    )
    # The claims list hides the claims of archived articles unless this is ticked; exports
    # keep them (ClaimFilter without ``hide_archived``).
    archived = django_filters.BooleanFilter(
        label=_("Include archived articles"), method="filter_archived", widget=forms.CheckboxInput
    )
    sort = Ordering(
        label=_("Sort"),
        fields=(
            ("pk", "id"),
            ("quote", "quote"),
            ("speaker_name", "speaker"),
            ("article_title", "article"),
            ("status", "status"),
            ("rating_order", "rating"),
            ("assignee_name", "assignee"),
            ("claimed_on", "claimed"),
            ("approved_at", "reviewed"),
            ("due_on", "due"),
            ("priority", "priority"),
        ),
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, hide_archived=False, **kwargs):
        self.hide_archived = hide_archived
        super().__init__(data, queryset if queryset is not None else listing_queryset(), **kwargs)

    def filter_archived(self, queryset, name, value):
        if value or not self.hide_archived:
            return queryset
        # NOT IN the few archived articles (one hashed list), not a join to every claim's
        # article: a deep page then skips its rows inside an index.
        return queryset.exclude(article__in=Article.objects.filter(archived_at__isnull=False))

    def filter_search(self, queryset, name, value):
        return search.search_claims(queryset, value)

    def filter_due(self, queryset, name, value):
        return queue.filter_due(queryset, value)

    def filter_rating(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(approved__rating__in=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            # Best match first when searching, newest claims first otherwise. Ranking reads
            # every match, so a search matching more than RANK_WINDOW claims lists them newest
            # first (read from the primary key backwards, 50 rows a page, however many match).
            if search.fold(self.form.cleaned_data.get("q") or "") and not search.many(
                queryset, RANK_WINDOW
            ):
                return queryset.order_by("-search_rank", "-pk")
            return queryset.order_by("-pk")
        return queryset


def has_filters(params) -> bool:
    """Whether the query string narrows the list (an empty value narrows nothing)."""
    return any(
        key not in NOT_FILTERS and any(value.strip() for value in params.getlist(key))
        for key in params
    )


class CorrectionFilter(django_filters.FilterSet):
    """The corrections page's filter: when the correction was approved."""

    approved = django_filters.DateFromToRangeFilter(
        label=_("Corrected between"),
        field_name="reviewed_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Verdict
        fields = []
