"""/api/v1/stats/… and /api/v1/exports/…: the figures of oversight/stats as JSON, and the same
.xlsx downloads as the pages (same visibility, same tables)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.api.fields import InputSerializer
from oversight.api.permissions import IsStaffMember
from oversight.stats import xlsx
from oversight.stats.exports import LISTS, ListExport
from oversight.stats.metrics import COUNT_FIELDS, Figures, category_label, compute
from oversight.stats.scope import Role, Scope, ScopeForm
from oversight.stats.tables import TABLES

DIMENSIONS = ("unit", "session", "year", "category")


def _rate(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


class ShareSerializer(InputSerializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="A类 / 甲类 …")
    count = serializers.IntegerField()
    share = serializers.CharField(allow_null=True, help_text="percent, 2 decimals; shares of a row sum to 100.00")


class FiguresSerializer(InputSerializer):
    """One group's counts and rates. Rates are percent strings with two decimals ("58.07"), null
    where there is nothing to divide. Definitions: docs/statistics.md."""

    key = serializers.CharField(allow_null=True, help_text="unit / session / category id, or the year")
    name = serializers.CharField(help_text="单位、会议、分类名称或“2026年”")
    assigned = serializers.IntegerField()
    answered = serializers.IntegerField()
    replied = serializers.IntegerField()
    first_replied = serializers.IntegerField()
    on_time = serializers.IntegerField()
    face = serializers.IntegerField()
    overdue = serializers.IntegerField()
    ratings = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    basic = serializers.IntegerField()
    unsatisfied = serializers.IntegerField()
    first_ratings = serializers.IntegerField()
    first_satisfied = serializers.IntegerField()
    first_basic = serializers.IntegerField()
    commitments = serializers.IntegerField()
    commitments_due = serializers.IntegerField()
    commitments_fulfilled = serializers.IntegerField()
    commitments_overdue = serializers.IntegerField()
    answer_rate = serializers.CharField(allow_null=True, help_text="办复率")
    on_time_rate = serializers.CharField(allow_null=True, help_text="按时答复率")
    satisfied_rate = serializers.CharField(allow_null=True, help_text="满意率")
    approval_rate = serializers.CharField(allow_null=True, help_text="满意+基本满意率")
    first_satisfied_rate = serializers.CharField(allow_null=True, help_text="初次满意率")
    face_rate = serializers.CharField(allow_null=True, help_text="面复率")
    fulfilment_rate = serializers.CharField(allow_null=True, help_text="落实率")
    categories = ShareSerializer(many=True, help_text="答复类别 A/B/C/D (largest remainder)")


class StatsSerializer(InputSerializer):
    by = serializers.CharField()
    as_of = serializers.DateField()
    total = FiguresSerializer()
    rows = FiguresSerializer(many=True)


def figures_data(f: Figures) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(f, name) for name in COUNT_FIELDS}
    data["key"] = None if f.key is None else str(f.key)
    data["name"] = f.label
    for name in (
        "answer_rate",
        "on_time_rate",
        "satisfied_rate",
        "approval_rate",
        "first_satisfied_rate",
        "face_rate",
        "fulfilment_rate",
    ):
        data[name] = _rate(getattr(f, name))
    data["categories"] = [
        {"code": code, "name": category_label(code), "count": n, "share": _rate(share)}
        for code, n, share in f.category_shares
    ]
    return data


SCOPE_PARAMETERS = [
    OpenApiParameter("session", int, description="会议 id"),
    OpenApiParameter("year", int, description="年度（会议开幕年份）"),
    OpenApiParameter("unit", int, description="承办单位 id"),
    OpenApiParameter("category", int, description="建议分类 id"),
    OpenApiParameter(
        "role", str, enum=[c for c, _label in Role.CHOICES], description="办理方式：all / lead（主办含分办）/ co"
    ),
    OpenApiParameter("is_key", bool, description="仅重点督办"),
]
BY_PARAMETER = OpenApiParameter("by", str, enum=[*DIMENSIONS, "total"], description="分组，默认 unit")
XLSX_RESPONSE = {(200, xlsx.XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=".xlsx 文件")}


def _scope(params: QueryDict, **extra: Any) -> Scope:
    form = ScopeForm(params)
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form.scope(**extra)


def _stats(request: Request, **extra: Any) -> Response:
    by = request.query_params.get("by") or "unit"
    if by not in (*DIMENSIONS, "total"):
        raise ValidationError({"by": [_("分组只能是 unit、session、year、category 或 total。")]})
    scope = _scope(request.query_params, **extra)
    cells = compute(scope)
    rows = [] if by == "total" else cells.by(by)
    return Response(
        {
            "by": by,
            "as_of": scope.day,
            "total": figures_data(cells.total()),
            "rows": [figures_data(f) for f in rows],
        }
    )


class StatsView(APIView):
    """Figures by unit, session, year or category for staff (docs/statistics.md)."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(parameters=[BY_PARAMETER, *SCOPE_PARAMETERS], responses=StatsSerializer, summary="办理情况统计")
    def get(self, request: Request) -> Response:
        return _stats(request)


class PublicStatsView(APIView):
    """The published figures for everyone: suggestions with a 不公开 reply are left out."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[BY_PARAMETER, *SCOPE_PARAMETERS], responses=StatsSerializer, auth=[], summary="公开的办理情况统计"
    )
    def get(self, request: Request) -> Response:
        return _stats(request, public_only=True)


class StatsTableExportView(APIView):
    """A dashboard table as .xlsx (the same table as on /stats/)."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(
        parameters=[OpenApiParameter("table", str, enum=list(TABLES), default="units"), *SCOPE_PARAMETERS],
        responses=XLSX_RESPONSE,
        summary="导出统计表",
    )
    def get(self, request: Request) -> HttpResponseBase:
        from oversight.stats.tables import Builder
        from oversight.views.exports import table_sheet

        name = request.query_params.get("table") or "units"
        if name not in TABLES:
            raise ValidationError({"table": [_("没有这个统计表。")]})
        scope = _scope(request.query_params)
        everything = compute(scope.but(session_id=None, year=None))
        cells = everything.restrict(session_id=scope.session_id, year=scope.year)
        table = getattr(Builder(everything if name in ("sessions", "years") else cells), name)()
        return xlsx.response(f"{table.title}.xlsx", [table_sheet(table)])


def list_export_view(kind: str, export: ListExport) -> type[APIView]:
    """One view per list (/api/v1/exports/<kind>.xlsx): the rows the caller may see, filtered."""

    class ListExportView(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            parameters=[
                OpenApiParameter("session", int),
                OpenApiParameter("year", int),
                OpenApiParameter("unit", int),
                OpenApiParameter("status", str),
            ],
            responses=XLSX_RESPONSE,
            summary=f"导出{export.title}",
            operation_id=f"exports_{kind}",
        )
        def get(self, request: Request) -> HttpResponseBase:
            return xlsx.response(f"{export.title}.xlsx", [export.sheet(request.user, request.query_params)])

    ListExportView.__name__ = f"{kind.title()}ExportView"
    ListExportView.__doc__ = f"{export.title}（.xlsx），与页面相同的可见范围和筛选条件。"
    return ListExportView


EXPORT_VIEWS = {kind: list_export_view(kind, export) for kind, export in LISTS.items()}
