"""A paginator that never counts more than COUNT_CAP rows, shared by the API and the list pages.

Django's Paginator runs ``SELECT COUNT(*)`` over the whole filtered list for every page; at
200,000 suggestions that count costs more than the page itself (docs/benchmarks.md). Here the
count reads at most ``COUNT_CAP + 1`` rows (``COUNT(*)`` over a ``LIMIT`` subquery), so it is
exact up to the cap; past it, the total is PostgreSQL's planner estimate (never below the cap),
which a person reading "第 1 / 4,210 页" cannot tell from the exact figure. Whether a next page
exists never depends on that estimate: each page reads one row more than it shows.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import F, IntegerField, Model, QuerySet
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable

COUNT_CAP = 1_000


def with_tiebreak(ordering: Sequence[str], pk: str = "id") -> list[str]:
    """``ordering`` made total: ``pk`` appended in the direction of its last term, unless it names
    the primary key already (``id`` or ``pk``, either direction). Ordered by a column many rows
    share, the database may return a tie in any order, and in another one for the next page (a row
    on two pages, another on none). In the last term's direction, ``-sent_on`` reads
    ``sent_on DESC, id DESC``: the backward walk of one ``(sent_on, id)`` index, so one index serves
    a column's both directions (docs/benchmarks.md "Every ordering")."""
    terms = list(ordering)
    if not terms or any(term.lstrip("-") in (pk, "pk") for term in terms):
        return terms
    return [*terms, f"-{pk}" if terms[-1].startswith("-") else pk]


def _field(model: type[Model], name: str) -> Any:
    """The model's own field ``name``, or None for a lookup across a relation or an annotation."""
    if "__" in name or name == "pk":
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation the view's queryset adds
        return None


def total_order(
    model: type[Model], ordering: Sequence[str], *, narrow: bool = False, copies: Mapping[str, str] | None = None
) -> list[str | OrderBy]:
    """What a list chosen by a person is ordered by (``?ordering=`` of the API, ``?sort=`` of the
    staff list): ``with_tiebreak``, and a column that may be empty (a suggestion not yet assigned, a
    reply not yet sent) keeps its empty rows last in both directions, where a list read newest first
    would otherwise open with them. A foreign key groups the rows by the related row's key (the
    assignments by unit, in the order the units were entered) rather than by the related model's
    own ordering: that would join and sort every row of the first group before the first page (and
    a unit's Chinese name sorts by code point, not by pinyin). PostgreSQL reads each such order from
    an index made for it (``(col, id)`` and ``(col DESC NULLS LAST, id DESC)``, migration oversight
    0013).

    ``narrow``: the list is one person's share of the table (a unit's suggestions). Ordered by a
    column of a few values (one with ``choices``: a status), PostgreSQL would walk that column's
    index for the whole table and keep the person's rows, taking them for evenly spread — but whole
    groups of the walk may hold none of them (no unit has a suggestion still ``submitted``): 188 ms
    at 200,000 suggestions, 1.6 s at 2,000,000. Such a column is then sorted through an expression no
    index matches (``COALESCE(col, col)``, the same values), so PostgreSQL reads the person's rows
    and sorts them (28 ms and 300 ms; docs/benchmarks.md "Every ordering").

    ``copies``: columns the list reads from a copy of them on a joined row, whose index serves the
    person's share in that order (a unit's suggestions, ``unit_order_copies``): ordered by the copy,
    same values, same empty rows, no sort."""
    copies = copies or {}
    # A column unique and never empty (a username) orders totally on its own.
    fields = [_field(model, term.lstrip("-")) for term in ordering]
    unique = any(getattr(field, "unique", False) and not getattr(field, "null", True) for field in fields)
    order: list[str | OrderBy] = []
    for term in list(ordering) if unique else with_tiebreak(ordering, model._meta.pk.name):
        descending, name = term.startswith("-"), term.lstrip("-")
        field = _field(model, name)
        if getattr(field, "many_to_one", False) and getattr(field, "concrete", False):
            name = field.attname
        copied = name in copies
        if copied:
            name = copies[name]
        if narrow and not copied and getattr(field, "choices", None):
            expression: Any = Coalesce(F(name), F(name))
        elif getattr(field, "null", False):
            expression = F(name)
        else:
            order.append(f"-{name}" if descending else name)
            continue
        order.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    return order


# Past the cap the total is the planner's estimate, which only moves when PostgreSQL's statistics
# do; asking for it again on every page cost a query per request (docs/benchmarks.md). Each worker
# remembers it per query (SQL and parameters) for five minutes, and with it the fact that the list
# ran past the cap: for that time its pages skip the capped count too (counting 1,001 matches of a
# common search word is a bitmap of every match — 40 ms at 2,000,000 suggestions, most of the
# page's time; at one minute that recount reached the searches' p95). The exact count up to the cap
# is never remembered: a list under the cap is counted on every page that needs it.
ESTIMATE_TTL = 300.0
_ESTIMATES_MAX = 512
_estimates: dict[tuple[str, str, str, int], tuple[float, int]] = {}


def _estimate_key(qs: QuerySet[Any], cap: int) -> tuple[tuple[str, str, str, int], str, Any]:
    """Per query and per cap (what was remembered is "more rows than ``cap``")."""
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return (qs.db, sql, repr(params), cap), sql, params


def known_estimate(qs: QuerySet[Any], cap: int = COUNT_CAP) -> int | None:
    """The estimate remembered for ``qs`` in the last five minutes (so the list ran past the cap), if any."""
    if connections[qs.db].vendor != "postgresql":
        return None
    try:
        key, _sql, _params = _estimate_key(qs, cap)
    except EmptyResultSet:
        return None
    known = _estimates.get(key)
    return known[1] if known is not None and known[0] > time.monotonic() else None


def remembered_estimate(qs: QuerySet[Any], cap: int = COUNT_CAP) -> int | None:
    if connections[qs.db].vendor != "postgresql":
        return None
    key, sql, params = _estimate_key(qs, cap)
    now = time.monotonic()
    known = _estimates.get(key)
    if known is not None and known[0] > now:
        return known[1]
    estimate = explain_rows(qs.db, sql, params)
    if len(_estimates) >= _ESTIMATES_MAX:
        _estimates.clear()
    _estimates[key] = (now + ESTIMATE_TTL, estimate)
    return estimate


def forget_estimates() -> None:
    _estimates.clear()


def explain_rows(using: str, sql: str, params: Any) -> int:
    """The planner's row estimate for one SELECT on PostgreSQL."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def capped_total(qs: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """How many rows ``qs`` has: exact up to ``cap`` (a count that reads at most ``cap + 1`` rows),
    past it the planner's estimate remembered per query (``remembered_estimate``), never below
    ``cap + 1``; elsewhere than on PostgreSQL the exact count. What the pager and the staff board's
    tiles show."""
    known = known_estimate(qs, cap)
    if known is not None:  # past the cap lately: not counted again
        return max(known, cap + 1)
    capped = qs.order_by().values_list("pk")[: cap + 1].count()
    if capped <= cap:
        return capped
    estimate = remembered_estimate(qs, cap)
    return max(estimate, capped) if estimate is not None else qs.count()


class CappedPage(Page):  # type: ignore[type-arg]
    """A page that knows from its own extra row whether another page follows."""

    def __init__(self, rows: list[Any], number: int, paginator: CappedCountPaginator, *, more: bool) -> None:
        self._more = more
        super().__init__(rows, number, paginator)

    def has_next(self) -> bool:
        return self._more


class CappedCountPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        qs = self.object_list
        return capped_total(qs, self.count_cap) if isinstance(qs, QuerySet) else len(qs)

    @property
    def count_is_exact(self) -> bool:
        qs = self.object_list
        return self.count <= self.count_cap or not isinstance(qs, QuerySet) or connections[qs.db].vendor != "postgresql"

    def page_number(self, number: Any) -> int:
        """``number`` as a page number from 1, or Django's paging errors."""
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def validate_number(self, number: Any) -> int:
        number = self.page_number(number)
        # Past an estimated total, a page is only refused when it turns out empty (page()).
        if number > self.num_pages and self.count_is_exact and not (number == 1 and self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number: Any) -> CappedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.count_is_exact:
            # An exact count says where the list ends: no extra row, no query for an empty page.
            top = min(bottom + self.per_page, self.count)
            rows = list(self.object_list[bottom:top]) if top > bottom else []
            page = CappedPage(rows, number, self, more=top < self.count)
        else:
            rows = list(self.object_list[bottom : bottom + self.per_page + 1])
            page = CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        if number > 1 and not page.object_list:
            raise EmptyPage(self.error_messages["no_results"])
        return page

    def get_page(self, number: Any) -> CappedPage:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(max(1, min(self.num_pages, int(number)))) if self.count_is_exact else self.page(1)


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


class PageFirstPaginator(CappedCountPaginator):
    """The pager of the list pages and the API: it reads the page first (one row more than it
    shows) and counts only when the list goes on past it. A page that ends the list tells its own
    exact total, so short lists (a deputy's, a unit's) cost no count at all; on PostgreSQL the
    capped count rides in the page query itself."""

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
