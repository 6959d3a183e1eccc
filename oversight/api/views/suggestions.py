"""代表建议: submit, register, return, assign, key supervision, close off, import, timeline."""

from __future__ import annotations

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

from oversight.api.errors import error_body
from oversight.api.filters import SuggestionFilter
from oversight.api.permissions import IsStaffMember
from oversight.api.serializers.handling import (
    AssignmentSerializer,
    CoOpinionSerializer,
    OptionalReasonSerializer,
    ReasonSerializer,
)
from oversight.api.serializers.suggestions import (
    ImportReportSerializer,
    ImportSerializer,
    LinkSerializer,
    SetKeySerializer,
    SuggestionAssignSerializer,
    SuggestionSerializer,
    SuggestionSubmitSerializer,
)
from oversight.api.serializers.tracking import CaseTimelineSerializer
from oversight.api.suggestion_rows import page_values, suggestion_rows
from oversight.api.views._base import ApiViewSet, check_upload_size
from oversight.api.visibility import co_opinions_visible_to
from oversight.case_visibility import timeline_for
from oversight.models import Assignment, Suggestion

STAFF = [IsAuthenticated, IsStaffMember]


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    ordering_fields = ["id", "number", "submitted_at", "registered_at", "assigned_on", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        qs = Suggestion.objects.visible_to(self.request.user)
        if self.action in ("timeline", "co_opinions"):
            return qs  # these only need the suggestion's id and visibility
        return qs.select_related("session", "category", "lead_deputy").prefetch_related(
            "co_signers", Prefetch("assignments", Assignment.objects.select_related("unit"))
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Values, not instances: the same JSON as SuggestionSerializer at a fraction of the cost
        # (oversight/api/suggestion_rows.py). A unit liaison's list is read from the unit's
        # assignments in list order (SuggestionQuerySet.listed_for).
        qs = self.filter_queryset(Suggestion.objects.listed_for(request.user))
        page = self.paginate_queryset(page_values(qs))
        return self.get_paginated_response(suggestion_rows(list(page or [])))

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
    @action(detail=True, methods=["post"], url_path="return", url_name="return", permission_classes=STAFF)
    def return_(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_return

        data = self.validated(ReasonSerializer, request)
        suggestion = suggestion_return(suggestion=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=SuggestionAssignSerializer, responses={201: AssignmentSerializer(many=True)}, summary="交办")
    @action(detail=True, methods=["post"], permission_classes=STAFF, pagination_class=None, filter_backends=[])
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

    @extend_schema(request=LinkSerializer, responses=SuggestionSerializer, summary="并案办理")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def link(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.suggestions import suggestion_link

        suggestion = self.get_object()
        data = self.validated(LinkSerializer, request)
        suggestion_link(suggestion=suggestion, other=data["other"], actor=self.actor)
        return self.respond(self.fresh(suggestion))

    @extend_schema(request=None, responses=CoOpinionSerializer(many=True), summary="协办意见")
    @action(detail=True, methods=["get"], url_path="co-opinions", filter_backends=[])
    def co_opinions(self, request: Request, pk: str | None = None) -> Response:
        suggestion = self.get_object()
        opinions = co_opinions_visible_to(request.user).filter(assignment__suggestion=suggestion)
        opinions = opinions.select_related("assignment").order_by("assignment_id", "round", "id")
        page = self.paginate_queryset(opinions)
        return self.get_paginated_response(CoOpinionSerializer(page, many=True).data)

    @extend_schema(request=None, responses=CaseTimelineSerializer(many=True), summary="办理轨迹")
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=None)
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        # Paginated over the filtered, redacted entries (a case's timeline is a few dozen rows).
        entries = timeline_for(request.user, self.get_object())
        page: Any = self.paginate_queryset(entries)  # type: ignore[arg-type]  # DRF pages lists too
        serializer = CaseTimelineSerializer(page, many=True, context=self.get_serializer_context())
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
        url_name="import",
        permission_classes=STAFF,
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_(self, request: Request) -> Response:
        from oversight.services.suggestions import suggestion_import

        check_upload_size(request)
        data = self.validated(ImportSerializer, request)
        report = suggestion_import(actor=self.actor, session=data["session"], rows=data["file"])
        body = _report_dict(report)
        if not report.ok:
            # All or nothing: nothing was imported; the row-by-row list says what to fix.
            message = _("导入失败，未导入任何建议：%(first)s") % {"first": body["errors"][0]["message"]}
            error = error_body(status_code=400, code="import_rejected", message=message, fields={"file": message})
            return Response(error | {"errors": body["errors"]}, status=400)
        return Response(body, status=201)


def _report_dict(report: Any) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "rows": report.rows,
        "created": [{"id": s.pk, "title": s.title} for s in report.created],
        "errors": [{"row": e.row, "field": e.field, "message": str(e)} for e in report.errors],
    }
