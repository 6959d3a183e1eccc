"""``?ordering=`` for every list endpoint: DRF's filter, with the order made total by the primary
key and empty values last (``oversight.paging.total_order``), so that a page never repeats or skips
a row of a tie and each ordering a list offers is one index walk on PostgreSQL (docs/benchmarks.md
"Every ordering")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import filters

from oversight.models.suggestions import unit_order_copies
from oversight.paging import total_order


class OrderingFilter(filters.OrderingFilter):
    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        if self.ordering_param not in request.query_params:
            return queryset.order_by(*ordering)  # the view's own default order, as it is written
        copies = unit_order_copies(queryset)  # a list narrowed to one unit reads its order from a copy
        return queryset.order_by(*total_order(queryset.model, ordering, narrow=narrow(request, view), copies=copies))


def narrow(request: Any, view: Any) -> bool:
    """Whether the list is the requester's share of its table: everyone's but staff's, except on a
    list that is the same for everyone (``whole_table = True`` on the view: the public replies)."""
    user = request.user
    if getattr(view, "whole_table", False) or not getattr(user, "is_authenticated", False):
        return False
    return not user.is_staff_member
