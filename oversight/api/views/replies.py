"""答复 review and rating, feedback, and 承诺事项 follow-through."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.filters import CommitmentFilter, FeedbackFilter, ReplyFilter
from oversight.api.parsers import JSONParser
from oversight.api.permissions import IsDeputy, IsStaffMember, IsUnitMember
from oversight.api.reply_rows import page_values, reply_rows
from oversight.api.serializers.handling import ReasonSerializer
from oversight.api.serializers.replies import (
    CommitmentProgressSerializer,
    CommitmentSerializer,
    ExplanationSerializer,
    FeedbackSerializer,
    ProgressInputSerializer,
    RateSerializer,
    ReplyAcceptSerializer,
    ReplyPublishSerializer,
    ReplyReviseSerializer,
    ReplySerializer,
)
from oversight.api.views._base import ApiViewSet, check_upload_size
from oversight.api.visibility import feedback_visible_to
from oversight.models import Commitment, Reply

STAFF = [IsAuthenticated, IsStaffMember]
UNIT = [IsAuthenticated, IsUnitMember]
DEPUTY = [IsAuthenticated, IsDeputy]


class ReplyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ReplySerializer
    filterset_class = ReplyFilter
    ordering_fields = ["id", "drafted_at", "signed_at", "sent_on", "category", "status", "round"]

    def get_queryset(self) -> QuerySet[Any]:
        return Reply.objects.visible_to(self.request.user).select_related("assignment").prefetch_related("attachments")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Values, not instances: the same JSON as ReplySerializer (oversight/api/reply_rows.py).
        qs = self.filter_queryset(self.get_queryset().prefetch_related(None))
        page = self.paginate_queryset(page_values(qs))
        return self.get_paginated_response(reply_rows(list(page or []), request))

    @extend_schema(request=None, responses=ReplySerializer, summary="签发")
    @action(detail=True, methods=["post"], permission_classes=UNIT)
    def sign(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_sign

        reply = reply_sign(reply=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(reply))

    @extend_schema(
        request={"application/json": ReplyReviseSerializer, "multipart/form-data": ReplyReviseSerializer},
        responses=ReplySerializer,
        summary="修改答复（草稿或退回重办后）",
    )
    @action(
        detail=True, methods=["post"], permission_classes=UNIT, parser_classes=[JSONParser, MultiPartParser, FormParser]
    )
    def revise(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_update

        check_upload_size(request)
        reply = self.get_object()
        data = self.validated(ReplyReviseSerializer, request)
        if "commitments" in data:
            data["commitments"] = [dict(c) for c in data["commitments"]]
        data["attachments"] = list(data.get("attachments", []))
        reply = reply_update(reply=reply, actor=self.actor, **data)
        return self.respond(self.fresh(reply))

    @extend_schema(request=ReplyAcceptSerializer, responses=ReplySerializer, summary="审核通过（可改定类别）")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def accept(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_accept

        data = self.validated(ReplyAcceptSerializer, request)
        reply = reply_accept(reply=self.get_object(), actor=self.actor, category=data["category"], note=data["note"])
        return self.respond(self.fresh(reply))

    @extend_schema(request=ReasonSerializer, responses=ReplySerializer, summary="退回重办")
    @action(detail=True, methods=["post"], url_path="send-back", permission_classes=STAFF)
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_send_back

        data = self.validated(ReasonSerializer, request)
        reply = reply_send_back(reply=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(reply))

    @extend_schema(request=ReplyPublishSerializer, responses=ReplySerializer, summary="公开或撤回公开")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def publish(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_set_published

        data = self.validated(ReplyPublishSerializer, request)
        reply = reply_set_published(reply=self.get_object(), actor=self.actor, published=data["published"])
        return self.respond(self.fresh(reply))

    @extend_schema(request=RateSerializer, responses={201: FeedbackSerializer}, summary="代表评价")
    @action(detail=True, methods=["post"], permission_classes=DEPUTY)
    def rate(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import feedback_rate

        data = self.validated(RateSerializer, request)
        feedback = feedback_rate(
            reply=self.get_object(), actor=self.actor, rating=data["rating"], comment=data["comment"]
        )
        return self.respond(feedback, FeedbackSerializer, created=True)


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    ordering_fields = ["id", "rated_at", "rating"]

    def get_queryset(self) -> QuerySet[Any]:
        return feedback_visible_to(self.request.user).select_related("deputy").order_by("-rated_at", "-id")


class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    ordering_fields = ["id", "due_on", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return Commitment.objects.visible_to(self.request.user).select_related("assignment")

    @extend_schema(methods=["GET"], request=None, responses=CommitmentProgressSerializer(many=True), summary="落实进展")
    @extend_schema(
        methods=["POST"],
        request=ProgressInputSerializer,
        responses={201: CommitmentProgressSerializer},
        summary="报告进展",
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            entries = self.get_object().progress.order_by("reported_at", "id")
            page = self.paginate_queryset(entries)
            return self.get_paginated_response(CommitmentProgressSerializer(page, many=True).data)
        # Reporting progress is a unit step: refuse non-members before looking the object up.
        if not IsUnitMember().has_permission(request, self):
            self.permission_denied(request, message=str(IsUnitMember.message))
        from oversight.services.commitments import commitment_report_progress

        commitment = self.get_object()
        data = self.validated(ProgressInputSerializer, request)
        entry = commitment_report_progress(commitment=commitment, actor=self.actor, note=data["note"])
        return self.respond(entry, CommitmentProgressSerializer, created=True)

    @extend_schema(request=None, responses=CommitmentSerializer, summary="确认落实")
    @action(detail=True, methods=["post"])
    def fulfil(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.commitments import commitment_fulfil

        commitment = commitment_fulfil(commitment=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(commitment))

    @extend_schema(request=ExplanationSerializer, responses=CommitmentSerializer, summary="说明后关闭")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def close(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.commitments import commitment_close

        data = self.validated(ExplanationSerializer, request)
        commitment = commitment_close(commitment=self.get_object(), actor=self.actor, explanation=data["explanation"])
        return self.respond(self.fresh(commitment))
