from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from oversight.paging import CappedCountPaginator


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; the cap keeps one request from loading a whole session's work."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # ``count`` is exact up to 10,000 rows and an estimate beyond (oversight/paging.py, docs/api.md).
    django_paginator_class = CappedCountPaginator
