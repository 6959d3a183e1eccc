"""督办 records, deadlines and the personal inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.deadline_rows import deadline_rows, page_values
from oversight.api.filters import DeadlineFilter, NotificationFilter, SupervisionFilter
from oversight.api.permissions import IsStaffMember
from oversight.api.serializers.tracking import (
    DeadlineSerializer,
    MarkedReadSerializer,
    NotificationSerializer,
    SupervisionInputSerializer,
    SupervisionSerializer,
)
from oversight.api.views._base import ApiViewSet
from oversight.api.visibility import deadlines_visible_to, supervision_visible_to
from oversight.errors import InvalidInput
from oversight.models import Suggestion
from tracker.models import Notification


class SupervisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = SupervisionSerializer
    filterset_class = SupervisionFilter
    ordering_fields = ["id", "happened_on", "kind"]

    def get_queryset(self) -> QuerySet[Any]:
        return supervision_visible_to(self.request.user)

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [IsAuthenticated(), IsStaffMember()]
        return super().get_permissions()

    @extend_schema(request=SupervisionInputSerializer, responses={201: SupervisionSerializer}, summary="记录督办")
    def create(self, request: Request) -> Response:
        from oversight.services.supervision import supervision_record

        data = self.validated(SupervisionInputSerializer, request)
        suggestion: Suggestion = data.pop("suggestion")
        assignment = data.get("assignment")
        if assignment is not None and assignment.suggestion_id != suggestion.pk:
            message = _("该交办不属于所选建议。")
            raise InvalidInput(message, code="invalid", fields={"assignment": message})
        action_record = supervision_record(suggestion=suggestion, actor=self.actor, **data)
        return self.respond(action_record, created=True)


class DeadlineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    ordering_fields = ["id", "due", "start", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return deadlines_visible_to(self.request.user).select_related("case_type", "subject_type")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Values, not instances: the same JSON as DeadlineSerializer (oversight/api/deadline_rows.py).
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(page_values(qs))
        return self.get_paginated_response(deadline_rows(list(page or [])))


class InboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Each person's own in-app messages; nobody, staff included, reads another's inbox."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self) -> QuerySet[Any]:
        return Notification.objects.filter(recipient_id=self.request.user.pk)

    @extend_schema(request=None, responses=NotificationSerializer, summary="标为已读")
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        from tracker.services import notification_mark_read

        notification = notification_mark_read(notification=self.get_object(), actor=self.actor)
        return self.respond(notification)

    @extend_schema(request=None, responses=MarkedReadSerializer, summary="全部标为已读")
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request: Request) -> Response:
        from tracker.services import notifications_mark_all_read

        marked = notifications_mark_all_read(actor=self.actor)
        return Response({"marked": marked})
