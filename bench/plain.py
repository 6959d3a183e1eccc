"""The comparison the issue asks for: what a typical Django project ships for the same list.

A ``ModelViewSet`` with a default ``ModelSerializer`` (``fields = "__all__"``), django-filter's
``filterset_fields``, DRF's ``SearchFilter`` (``icontains`` over title and content), the stock
``PageNumberPagination`` (a full ``COUNT(*)`` per page) and visibility written as an OR over joins
with ``distinct()``. Mounted only by the benchmark's URLconf (bench/urls.py), never in the product.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from oversight.models import Suggestion


class PlainSerializer(serializers.ModelSerializer[Suggestion]):
    class Meta:
        model = Suggestion
        fields = "__all__"


class PlainPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


class PlainSearch(filters.SearchFilter):
    search_param = "q"


class PlainSuggestionViewSet(viewsets.ReadOnlyModelViewSet[Suggestion]):
    serializer_class = PlainSerializer
    pagination_class = PlainPagination
    filter_backends = [
        DjangoFilterBackend,
        PlainSearch,
        filters.OrderingFilter,
    ]
    filterset_fields = ["session", "status", "lead_deputy", "units"]
    search_fields = ["title", "content"]
    ordering_fields = ["id", "number", "submitted_at"]

    def get_queryset(self) -> QuerySet[Any]:
        user: Any = self.request.user
        qs = Suggestion.objects.all()
        if user.is_staff_member:
            return qs
        condition = Q(pk__in=[])
        if user.deputy_id:
            condition |= Q(lead_deputy_id=user.deputy_id) | Q(co_signers__id=user.deputy_id)
        if user.unit_ids():
            condition |= Q(assignments__unit_id__in=user.unit_ids())
        return qs.filter(condition).distinct()
