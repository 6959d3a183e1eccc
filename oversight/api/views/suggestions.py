"""代表建议: submit, register, return, assign, key supervision, close off, import, timeline."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.filters import SuggestionFilter
from oversight.api.permissions import IsStaffMember
from oversight.api.serializers.handling import AssignmentSerializer, OptionalReasonSerializer, ReasonSerializer
from oversight.api.serializers.suggestions import (
    ImportReportSerializer,
    ImportSerializer,
    SetKeySerializer,
    SuggestionAssignSerializer,
    SuggestionSerializer,
    SuggestionSubmitSerializer,
)
from oversight.api.serializers.tracking import TimelineEntrySerializer
from oversight.api.views._base import ApiViewSet, check_upload_size
from oversight.errors import InvalidInput
from oversight.models import Assignment, Suggestion
from tracker import timeline

STAFF = [IsAuthenticated, IsStaffMember]


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    ordering_fields = ["id", "number", "submitted_at", "registered_at", "assigned_on", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Suggestion.objects.visible_to(self.request.user)
            .select_related("session", "category", "lead_deputy")
            .prefetch_related("co_signers", Prefetch("assignments", Assignment.objects.select_related("unit")))
        )

    @extend_schema(request=SuggestionSubmitSerializer, responses={201: SuggestionSerializer}, summary="提交建议")
    def create(self, request: Request) -> Response:
        from oversight.services.suggestions import suggestion_submit

        data = self.validated(SuggestionSubmitSerializer, request)
        suggestion = suggestion_submit(actor=self.actor, **data)
        return self.respond(self.fresh(suggestion), created=True)

    @extend_schema(request=None, responses=SuggestionSerializer, summary="立案")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def register(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_register

        suggestion = suggestion_register(suggestion=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=ReasonSerializer, responses=SuggestionSerializer, summary="退回")
    @action(detail=True, methods=["post"], url_path="return", permission_classes=STAFF)
    def return_(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_return

        data = self.validated(ReasonSerializer, request)
        suggestion = suggestion_return(suggestion=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=SuggestionAssignSerializer, responses={201: AssignmentSerializer(many=True)}, summary="交办")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def assign(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import suggestion_assign

        suggestion = self.get_object()
        data = self.validated(SuggestionAssignSerializer, request)
        units = [(row["unit"], row["role"]) for row in data["units"]]
        assignments = suggestion_assign(suggestion=suggestion, actor=self.actor, units=units)
        body = AssignmentSerializer(assignments, many=True, context=self.get_serializer_context()).data
        return Response(body, status=201)

    @extend_schema(request=SetKeySerializer, responses=SuggestionSerializer, summary="设置重点督办")
    @action(detail=True, methods=["post"], url_path="set-key", permission_classes=STAFF)
    def set_key(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_set_key

        data = self.validated(SetKeySerializer, request)
        suggestion = suggestion_set_key(
            suggestion=self.get_object(), actor=self.actor, is_key=data["is_key"], leader=data["leader"]
        )
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=OptionalReasonSerializer, responses=SuggestionSerializer, summary="销号")
    @action(detail=True, methods=["post"], url_path="close-off", permission_classes=STAFF)
    def close_off(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_close_off

        data = self.validated(OptionalReasonSerializer, request)
        suggestion = suggestion_close_off(suggestion=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=None, responses=TimelineEntrySerializer(many=True), summary="办理轨迹")
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=None)
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        entries = timeline.for_case(self.get_object()).order_by("at", "id")
        page = self.paginate_queryset(entries)
        serializer = TimelineEntrySerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={201: ImportReportSerializer},
        summary="从 Excel 批量导入（全部成功或全部不导入）",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        permission_classes=STAFF,
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_(self, request: Request) -> Response:
        from oversight.services.suggestions import suggestion_import

        check_upload_size(request)
        data = self.validated(ImportSerializer, request)
        rows = read_xlsx_rows(data["file"])
        report = suggestion_import(actor=self.actor, session=data["session"], rows=rows)
        return Response(_report_dict(report), status=201)


def read_xlsx_rows(upload: Any) -> list[dict[str, Any]]:
    """The first sheet as one dict per row, keyed by the header row's text. Only the file format
    is handled here; which columns mean what is the import service's business."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        message = _("无法读取该文件，请上传 Excel（.xlsx）文件。")
        raise InvalidInput(message, code="invalid_file", fields={"file": message}) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    result = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append({key: value for key, value in zip(header, values, strict=False) if key})
    book.close()
    return result


def _report_dict(report: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    if isinstance(report, dict):
        return report
    return dict(vars(report))
