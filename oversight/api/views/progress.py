"""/api/v1/progress-reports/: 重点督办 scheduled progress reports. Staff schedule them
(``POST schedule/``); the unit files each (``POST {id}/file/``); whoever sees the assignment reads them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.fields import ChoiceDisplayField, InputSerializer
from oversight.api.permissions import IsStaffMember, IsUnitMember
from oversight.api.views._base import ApiViewSet
from oversight.models import ProgressReport, Suggestion

STAFF = [IsAuthenticated, IsStaffMember]


class ProgressReportSerializer(serializers.ModelSerializer[ProgressReport]):
    status_display = ChoiceDisplayField("status")
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "suggestion",
            "assignment",
            "unit",
            "due_on",
            "status",
            "status_display",
            "content",
            "filed_at",
            "on_time",
        ]


class ScheduleSerializer(InputSerializer):
    suggestion = serializers.PrimaryKeyRelatedField(queryset=Suggestion.objects.all(), label=_("建议"))
    dates = serializers.ListField(child=serializers.DateField(), allow_empty=False, label=_("报送日期"))


class FileSerializer(InputSerializer):
    content = serializers.CharField(label=_("进展情况"))


class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ProgressReportSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            ProgressReport.objects.visible_to(self.request.user).select_related("assignment").order_by("due_on", "id")
        )

    @extend_schema(
        request=ScheduleSerializer, responses={201: ProgressReportSerializer(many=True)}, summary="安排进展报告"
    )
    @action(detail=False, methods=["post"], permission_classes=STAFF)
    def schedule(self, request: Request) -> Response:
        from oversight.services.progress import progress_schedule_set

        data = self.validated(ScheduleSerializer, request)
        created = progress_schedule_set(suggestion=data["suggestion"], actor=self.actor, dates=data["dates"])
        body = ProgressReportSerializer(created, many=True, context=self.get_serializer_context()).data
        return Response(body, status=201)

    @extend_schema(request=FileSerializer, responses=ProgressReportSerializer, summary="报送进展情况")
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsUnitMember])
    def file(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.progress import progress_report_file

        data = self.validated(FileSerializer, request)
        report = progress_report_file(report=self.get_object(), actor=self.actor, content=data["content"])
        return self.respond(report)
