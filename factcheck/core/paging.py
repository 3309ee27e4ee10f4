"""A paginator that never counts a whole table: it counts as far as the requested page and a
margin beyond, and no page lies deeper than ``max_rows`` (an OFFSET that stays fast).

``capped`` tells the template the count is a floor ("more than 10,000 claims"); the last page
is then unknown, so templates show "Page 3" and a next link rather than "Page 3 of 200".
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet


class BoundedPaginator(Paginator):
    def __init__(
        self, object_list, per_page, *, page=None, counted=None, margin=10_000, max_rows=50_000
    ):
        """``counted``: the same rows in the same order without the joins the page shows,
        cheaper to count and to walk to a deep page."""
        super().__init__(object_list, per_page)
        self.counted = object_list if counted is None else counted
        self.max_rows = max_rows
        try:
            number = min(int(page), max_rows // per_page)
        except (TypeError, ValueError, OverflowError):
            number = 1
        # Count up to the requested page plus a margin, never past max_rows.
        self.limit = min(max(number, 1) * per_page + margin, max_rows)
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.counted.order_by()[: self.limit + 1].count()
        if found > self.limit:
            self.capped = True
            return self.limit
        return found

    def page(self, number):
        """The page's rows in two steps when ``counted`` was given: the ids from the narrow
        query, walked through its OFFSET without joining what the page shows, then the shown
        rows of those ids alone (at page 1,000 the joins run for 50 rows, not 50,000)."""
        if self.counted is self.object_list or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.counted.values_list("pk", flat=True)[bottom:top])
        shown = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([shown[pk] for pk in ids if pk in shown], number, self)
