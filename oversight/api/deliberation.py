"""/api/v1/ for 审议意见: opinions, their items and follow-up reports, and every step as an action.

Reads start from ``visible_to`` (what a person may not see answers 404); each action calls one
service, whose domain errors the API maps to 403/409/400.
"""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.fields import ChoiceDisplayField, InputSerializer, PastDateField
from oversight.api.filters import DeadlineFilterMixin
from oversight.api.parsers import JSONParser
from oversight.api.permissions import IsStaffMember, IsUnitMember
from oversight.api.serializers.replies import download_url
from oversight.api.views._base import ApiViewSet, check_upload_size
from oversight.models import (
    DeliberationOpinion,
    Escalation,
    FollowUpReport,
    HandlingPlan,
    OpinionItem,
    ReportAttachment,
    Unit,
)
from oversight.models.deliberation import opinion_deadlines, opinion_timeline
from tracker.models import Deadline, TimelineEntry

STAFF = [IsAuthenticated, IsStaffMember]
UNIT = [IsAuthenticated, IsUnitMember]


# --- serializers ---


class OpinionDeadlineSerializer(serializers.ModelSerializer[Deadline]):
    status_display = ChoiceDisplayField("status")

    class Meta:
        model = Deadline
        fields = ["id", "kind", "subject_id", "start", "due", "status", "status_display", "met_on", "explanation"]
        read_only_fields = fields


class OpinionTimelineEntrySerializer(serializers.ModelSerializer[TimelineEntry]):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TimelineEntry
        fields = ["id", "at", "action", "actor_name", "subject_id", "from_state", "to_state", "note", "data"]
        read_only_fields = fields

    def get_actor_name(self, entry: TimelineEntry) -> str:
        return str(entry.actor) if entry.actor_id else ""


class ReportAttachmentSerializer(serializers.ModelSerializer[ReportAttachment]):
    """``download_url`` is the permission-checked download; files are never served as media."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "name", "size", "content_type", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: ReportAttachment) -> str:
        return download_url(self, "api:report-attachment-download", obj.pk)


class FollowUpReportSerializer(serializers.ModelSerializer[FollowUpReport]):
    opinion = serializers.IntegerField(source="item.opinion_id", read_only=True)
    unit = serializers.IntegerField(source="item.unit_id", read_only=True)
    status_display = ChoiceDisplayField("status")
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUpReport
        fields = [
            "id",
            "item",
            "opinion",
            "unit",
            "round",
            "content",
            "status",
            "status_display",
            "submitted_at",
            "signed_at",
            "on_time",
            "comment",
            "commented_at",
            "decided_at",
            "attachments",
        ]
        read_only_fields = fields


class OpinionItemSerializer(serializers.ModelSerializer[OpinionItem]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_display = ChoiceDisplayField("status")

    class Meta:
        model = OpinionItem
        fields = [
            "id",
            "opinion",
            "number",
            "content",
            "unit",
            "unit_name",
            "status",
            "status_display",
            "round",
            "failures",
            "needs_council",
            "closed_at",
        ]
        read_only_fields = fields


class OpinionSerializer(serializers.ModelSerializer[DeliberationOpinion]):
    status_display = ChoiceDisplayField("status")
    report_type_display = ChoiceDisplayField("report_type")

    class Meta:
        model = DeliberationOpinion
        fields = [
            "id",
            "title",
            "meeting_name",
            "meeting_date",
            "report_type",
            "report_type_display",
            "report_title",
            "committee",
            "status",
            "status_display",
            "published",
            "issued_on",
            "closed_at",
        ]
        read_only_fields = fields


class OpinionDetailSerializer(OpinionSerializer):
    content = serializers.CharField(read_only=True)
    items = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    class Meta(OpinionSerializer.Meta):
        fields = [*OpinionSerializer.Meta.fields, "content", "items", "deadlines"]
        read_only_fields = fields

    def _user(self) -> Any:
        return self.context["request"].user

    @extend_schema_field(OpinionItemSerializer(many=True))
    def get_items(self, opinion: DeliberationOpinion) -> list[dict[str, Any]]:
        items = OpinionItem.objects.visible_to(self._user()).filter(opinion=opinion).select_related("unit")
        return list(OpinionItemSerializer(items, many=True).data)

    @extend_schema_field(OpinionDeadlineSerializer(many=True))
    def get_deadlines(self, opinion: DeliberationOpinion) -> list[dict[str, Any]]:
        return list(OpinionDeadlineSerializer(opinion_deadlines(opinion, self._user()), many=True).data)


class OpinionItemInputSerializer(InputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), label=_("责任单位"))
    content = serializers.CharField(label=_("意见内容"))


class OpinionCreateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200, label=_("标题"))
    meeting_name = serializers.CharField(max_length=100, label=_("常委会会议"))
    meeting_date = PastDateField(label=_("会议日期"))
    report_type = serializers.ChoiceField(choices=DeliberationOpinion.ReportType.choices, label=_("报告类型"))
    report_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    committee = serializers.CharField(max_length=100, label=_("起草委员会"))
    content = serializers.CharField(required=False, allow_blank=True, default="", label=_("意见总述"))
    items = OpinionItemInputSerializer(many=True, label=_("意见事项"))


class OpinionIssueSerializer(InputSerializer):
    issued_on = PastDateField(required=False, allow_null=True, default=None, label=_("交办日期"))


class OpinionPublishSerializer(InputSerializer):
    published = serializers.BooleanField(label=_("公开"))


class PlanInputSerializer(InputSerializer):
    content = serializers.CharField(label=_("内容"))


class FollowUpReportInputSerializer(InputSerializer):
    content = serializers.CharField(label=_("报告内容"))
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, allow_empty=True, label=_("附件")
    )


class ReportCommentSerializer(InputSerializer):
    comment = serializers.CharField(label=_("评议意见"))


class EscalationInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=Escalation.Kind.choices, label=_("措施"))
    decided_on = PastDateField(label=_("主任会议决定日期"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("说明"))


class EscalationSerializer(serializers.ModelSerializer[Escalation]):
    kind_display = ChoiceDisplayField("kind")

    class Meta:
        model = Escalation
        fields = ["id", "item", "kind", "kind_display", "decided_on", "note", "recorded_at"]
        read_only_fields = fields


class HandlingPlanSerializer(serializers.ModelSerializer[HandlingPlan]):
    class Meta:
        model = HandlingPlan
        fields = ["id", "item", "content", "submitted_at"]
        read_only_fields = fields


# --- filters ---


class OpinionFilter(DeadlineFilterMixin):
    deadline_model = "deliberationopinion"
    deadline_field = "case"

    status = df.ChoiceFilter(choices=DeliberationOpinion.Status.choices)
    report_type = df.ChoiceFilter(choices=DeliberationOpinion.ReportType.choices)
    unit = df.NumberFilter(method="filter_unit", label=_("责任单位"))

    class Meta:
        model = DeliberationOpinion
        fields = ["status", "report_type", "published"]

    def filter_unit(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(pk__in=OpinionItem.objects.filter(unit_id=value).values("opinion_id"))


class ItemFilter(DeadlineFilterMixin):
    deadline_model = "opinionitem"
    deadline_field = "subject"

    status = df.ChoiceFilter(choices=OpinionItem.Status.choices)
    report_type = df.ChoiceFilter(field_name="opinion__report_type", choices=DeliberationOpinion.ReportType.choices)

    class Meta:
        model = OpinionItem
        fields = ["status", "unit", "opinion", "needs_council"]


class ReportFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=FollowUpReport.Status.choices)
    unit = df.NumberFilter(field_name="item__unit_id")
    opinion = df.NumberFilter(field_name="item__opinion_id")

    class Meta:
        model = FollowUpReport
        fields = ["status", "item", "round"]


# --- viewsets ---


class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    filterset_class = OpinionFilter
    ordering_fields = ["id", "meeting_date", "issued_on", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return DeliberationOpinion.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> Any:
        return OpinionDetailSerializer if self.action != "list" else OpinionSerializer

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [permission() for permission in STAFF]
        return super().get_permissions()

    @extend_schema(request=OpinionCreateSerializer, responses={201: OpinionDetailSerializer}, summary="起草审议意见")
    def create(self, request: Request) -> Response:
        from oversight.services.deliberation import ItemInput, opinion_create

        data = self.validated(OpinionCreateSerializer, request)
        opinion = opinion_create(
            actor=self.actor,
            title=data["title"],
            meeting_name=data["meeting_name"],
            meeting_date=data["meeting_date"],
            report_type=data["report_type"],
            report_title=data["report_title"],
            committee=data["committee"],
            content=data["content"],
            items=[ItemInput(unit=i["unit"], content=i["content"]) for i in data["items"]],
        )
        return self.respond(opinion, OpinionDetailSerializer, created=True)

    @extend_schema(request=OpinionIssueSerializer, responses=OpinionDetailSerializer, summary="交办")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def issue(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation import opinion_issue

        data = self.validated(OpinionIssueSerializer, request)
        opinion = opinion_issue(opinion=self.get_object(), actor=self.actor, issued_on=data["issued_on"])
        return self.respond(self.fresh(opinion))

    @extend_schema(request=OpinionPublishSerializer, responses=OpinionDetailSerializer, summary="公开或撤回公开")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def publish(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation import opinion_set_published

        data = self.validated(OpinionPublishSerializer, request)
        opinion = opinion_set_published(opinion=self.get_object(), actor=self.actor, published=data["published"])
        return self.respond(self.fresh(opinion))

    @extend_schema(request=None, responses=OpinionTimelineEntrySerializer(many=True), summary="办理轨迹")
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        entries = opinion_timeline(self.get_object(), request.user)  # oldest first
        page: Any = self.paginate_queryset(entries)  # type: ignore[arg-type]  # DRF pages lists too
        return self.get_paginated_response(OpinionTimelineEntrySerializer(page, many=True).data)


class OpinionItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = OpinionItemSerializer
    filterset_class = ItemFilter
    ordering_fields = ["id", "number", "status", "failures"]

    def get_queryset(self) -> QuerySet[Any]:
        return OpinionItem.objects.visible_to(self.request.user).select_related("unit")

    @extend_schema(request=PlanInputSerializer, responses={201: HandlingPlanSerializer}, summary="提交研究处理方案")
    @action(detail=True, methods=["post"], permission_classes=UNIT)
    def plan(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation_reports import plan_submit

        data = self.validated(PlanInputSerializer, request)
        plan = plan_submit(item=self.get_object(), actor=self.actor, content=data["content"])
        return self.respond(plan, HandlingPlanSerializer, created=True)

    @extend_schema(
        request=FollowUpReportInputSerializer, responses={201: FollowUpReportSerializer}, summary="提交研究处理情况报告"
    )
    @action(
        detail=True, methods=["post"], permission_classes=UNIT, parser_classes=[JSONParser, MultiPartParser, FormParser]
    )
    def report(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation_reports import report_submit

        check_upload_size(request)
        item = self.get_object()
        data = self.validated(FollowUpReportInputSerializer, request)
        report = report_submit(
            item=item, actor=self.actor, content=data["content"], attachments=list(data.get("attachments", []))
        )
        return self.respond(report, FollowUpReportSerializer, created=True)

    @extend_schema(request=EscalationInputSerializer, responses={201: EscalationSerializer}, summary="记录主任会议决定")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def escalation(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation import escalation_record

        data = self.validated(EscalationInputSerializer, request)
        escalation = escalation_record(
            item=self.get_object(),
            actor=self.actor,
            kind=data["kind"],
            decided_on=data["decided_on"],
            note=data["note"],
        )
        return self.respond(escalation, EscalationSerializer, created=True)


class FollowUpReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = FollowUpReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["id", "round", "submitted_at", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            FollowUpReport.objects.visible_to(self.request.user)
            .select_related("item")
            .prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("id")))
        )

    @extend_schema(request=None, responses=FollowUpReportSerializer, summary="签发")
    @action(detail=True, methods=["post"], permission_classes=UNIT)
    def sign(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation_reports import report_sign

        report = report_sign(report=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(report))

    @extend_schema(request=ReportCommentSerializer, responses=FollowUpReportSerializer, summary="委员会评议")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def comment(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation_reports import report_comment

        data = self.validated(ReportCommentSerializer, request)
        report = report_comment(report=self.get_object(), actor=self.actor, comment=data["comment"])
        return self.respond(self.fresh(report))

    @extend_schema(request=None, responses=FollowUpReportSerializer, summary="提交满意度测评")
    @action(detail=True, methods=["post"], url_path="send-to-vote", permission_classes=STAFF)
    def send_to_vote(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.deliberation_reports import report_send_to_vote

        report = report_send_to_vote(report=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(report))
