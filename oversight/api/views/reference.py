"""Reference data every signed-in person may read; staff edit it in the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.permissions import IsAuthenticated

from oversight.api.permissions import IsStaffMember
from oversight.api.reference_filters import DeputyFilter, UnitFilter, UserFilter
from oversight.api.serializers.reference import (
    CategorySerializer,
    DeputySerializer,
    SessionSerializer,
    UnitSerializer,
    UserSerializer,
)
from oversight.api.views._base import ApiViewSet
from oversight.models import Deputy, Session, SuggestionCategory, Unit, UnitMember, User


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
    filterset_class = UnitFilter
    ordering_fields = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return Unit.objects.all()


class DeputyViewSet(_ReadOnly):
    serializer_class = DeputySerializer
    filterset_class = DeputyFilter
    ordering_fields = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return Deputy.objects.select_related("delegation")


@extend_schema_view(
    list=extend_schema(summary="用户（供选择参加测评人员等）：?role=reviewer&q=姓名"),
    retrieve=extend_schema(summary="用户"),
)
class UserViewSet(_ReadOnly):
    """Accounts, for staff who must send user ids (voting-round reviewers, token revocation)."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    ordering_fields = ["username", "display_name", "id"]
    permission_classes = [IsAuthenticated, IsStaffMember]

    def get_queryset(self) -> QuerySet[Any]:
        memberships = Prefetch("unit_memberships", UnitMember.objects.select_related("unit").order_by("unit_id"))
        return User.objects.select_related("deputy").prefetch_related(memberships).order_by("username")
