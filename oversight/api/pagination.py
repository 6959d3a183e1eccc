from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination

from oversight.paging import PageFirstPaginator, forget_estimates

__all__ = ["ApiPaginator", "Pagination", "forget_estimates"]

# The pages' paginator (oversight/paging.py): the page first, its capped count riding in it.
ApiPaginator = PageFirstPaginator


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
