"""Reference data every signed-in person may read; staff edit it in the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins

from oversight.api.serializers.reference import (
    CategorySerializer,
    DeputySerializer,
    SessionSerializer,
    UnitSerializer,
)
from oversight.api.views._base import ApiViewSet
from oversight.models import Deputy, Session, SuggestionCategory, Unit


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    pass


class SessionViewSet(_ReadOnly):
    serializer_class = SessionSerializer
    filterset_fields = ["term"]
    ordering_fields = ["opens_on", "number", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return Session.objects.select_related("term")


class CategoryViewSet(_ReadOnly):
    serializer_class = CategorySerializer
    filterset_fields = ["is_active"]
    ordering_fields = ["order", "name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return SuggestionCategory.objects.all()


class UnitViewSet(_ReadOnly):
    serializer_class = UnitSerializer
    filterset_fields = ["kind", "is_active"]
    ordering_fields = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return Unit.objects.all()


class DeputyViewSet(_ReadOnly):
    serializer_class = DeputySerializer
    filterset_fields = ["delegation", "is_active"]
    ordering_fields = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return Deputy.objects.select_related("delegation")
