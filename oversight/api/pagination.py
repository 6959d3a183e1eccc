from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage
from django.db import connections
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable
from rest_framework.pagination import PageNumberPagination

from oversight.paging import (
    CappedCountPaginator,
    CappedPage,
    forget_estimates,
    known_estimate,
    remembered_estimate,
)

__all__ = ["ApiPaginator", "Pagination", "forget_estimates"]

COUNTED = "paginator_capped_count"


def _count_in_page(qs: Any, cap: int) -> Any:
    """On PostgreSQL, the page query of a plain queryset also carries the capped count, as an
    uncorrelated scalar subquery that PostgreSQL runs once (an InitPlan): one round trip for the
    page and its total instead of two; on ``values_list`` rows it is the last item of each tuple.
    Querysets whose rows the annotation would change (flat or named ``values_list``, aggregates,
    unions) are paged as they are."""
    if not isinstance(qs, QuerySet) or connections[qs.db].vendor != "postgresql":
        return None
    query = qs.query
    plain = qs._iterable_class in (ModelIterable, ValuesIterable, ValuesListIterable) and query.group_by is None
    if not plain or query.combinator or query.is_sliced:
        return None
    try:
        sql, params = qs.order_by().values("pk")[: cap + 1].query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to read, no query at all
        return None
    return qs.annotate(**{COUNTED: RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS capped", params, IntegerField())})


class ApiPaginator(CappedCountPaginator):
    """The API's pager reads the page first (one row more than it shows) and counts only when the
    list goes on past it: a page that ends the list tells its own exact total, so short lists (a
    deputy's, a unit's) cost no count at all; on PostgreSQL the capped count rides in the page
    query itself."""

    def _rows(self, bottom: int) -> list[Any]:
        top = bottom + self.per_page + 1
        qs: Any = self.object_list
        known = known_estimate(qs, self.count_cap) if isinstance(qs, QuerySet) else None
        if known is not None:  # past the cap in the last five minutes: the page alone, the remembered total
            rows = list(qs[bottom:top])
            if len(rows) > self.per_page and "count" not in self.__dict__:
                self.__dict__["count"] = max(known, bottom + len(rows), self.count_cap + 1)
            return rows
        counted = _count_in_page(qs, self.count_cap)
        if counted is None:
            return list(qs[bottom:top])
        rows = list(counted[bottom:top])
        capped = 0
        if rows and isinstance(rows[0], tuple):  # values_list: the count is each tuple's last item
            capped = rows[0][-1]
            rows = [row[:-1] for row in rows]
        else:
            for row in rows:
                capped = row.pop(COUNTED) if isinstance(row, dict) else row.__dict__.pop(COUNTED)
        if len(rows) > self.per_page and "count" not in self.__dict__:
            # The same figure as CappedCountPaginator.count, without its query.
            if capped > self.count_cap:
                estimate = remembered_estimate(qs, self.count_cap)
                capped = max(estimate, capped) if estimate is not None else qs.count()
            self.__dict__["count"] = capped
        return rows

    def page(self, number: Any) -> CappedPage:
        number = self.page_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._rows(bottom)
        if number > 1 and not rows:
            raise EmptyPage(self.error_messages["no_results"])
        more = len(rows) > self.per_page
        if not more and "count" not in self.__dict__:
            self.__dict__["count"] = bottom + len(rows)  # the list ends on this page: exact
        return CappedPage(rows[: self.per_page], number, self, more=more)


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; the cap keeps one request from loading a whole session's work."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # ``count`` is exact up to 1,000 rows and an estimate beyond (oversight/paging.py, docs/api.md).
    django_paginator_class = ApiPaginator

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            "Number of matching rows: exact up to 1,000; above that PostgreSQL's estimate "
            "(never below 1,001), remembered for five minutes. `next` is null exactly on the last page."
        )
        return described
