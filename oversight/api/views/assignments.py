"""交办: sign for, return, extension, contact, co-handler opinion, waivers, conclusion, reply draft."""

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

from oversight.api.filters import AssignmentFilter, ExtensionFilter
from oversight.api.parsers import JSONParser
from oversight.api.permissions import IsStaffMember, IsUnitMember
from oversight.api.serializers.handling import (
    AssignmentSerializer,
    ContactInputSerializer,
    ContactSerializer,
    CoOpinionInputSerializer,
    CoOpinionSerializer,
    DecidedReturnSerializer,
    DecideReturnSerializer,
    DecideSerializer,
    ExtensionRequestSerializer,
    ExtensionSerializer,
    NoteSerializer,
    ReasonSerializer,
)
from oversight.api.serializers.replies import ReplyDraftSerializer, ReplySerializer
from oversight.api.views._base import ApiViewSet, check_upload_size
from oversight.api.visibility import contacts_visible_to, extensions_visible_to
from oversight.models import Assignment

STAFF = [IsAuthenticated, IsStaffMember]
UNIT = [IsAuthenticated, IsUnitMember]


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["id", "assigned_on", "status", "unit", "round"]

    def get_queryset(self) -> QuerySet[Any]:
        return Assignment.objects.visible_to(self.request.user).select_related("suggestion", "unit")

    @extend_schema(request=None, responses=AssignmentSerializer, summary="签收")
    @action(detail=True, methods=["post"], permission_classes=UNIT)
    def accept(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_accept

        assignment = assignment_accept(assignment=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(assignment))

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer, summary="申请退办")
    @action(detail=True, methods=["post"], url_path="request-return", permission_classes=UNIT)
    def request_return(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_request_return

        data = self.validated(ReasonSerializer, request)
        assignment = assignment_request_return(assignment=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(assignment))

    @extend_schema(
        request=DecideReturnSerializer,
        responses=DecidedReturnSerializer,
        summary="审批退办申请（同意并改交时，reassigned 为新的交办）",
    )
    @action(detail=True, methods=["post"], url_path="decide-return", permission_classes=STAFF)
    def decide_return(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_decide_return

        data = self.validated(DecideReturnSerializer, request)
        reassign_to = tuple(data.get("reassign_to", ()))
        assignment = assignment_decide_return(
            assignment=self.get_object(),
            actor=self.actor,
            approve=data["approve"],
            note=data["note"],
            reassign_to=reassign_to,
        )
        context = self.get_serializer_context() | {"reassigned_units": [unit.pk for unit in reassign_to]}
        return Response(DecidedReturnSerializer(self.get_queryset().get(pk=assignment.pk), context=context).data)

    @extend_schema(request=ExtensionRequestSerializer, responses={201: ExtensionSerializer}, summary="申请延期")
    @action(detail=True, methods=["post"], url_path="request-extension", permission_classes=UNIT)
    def request_extension(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_request_extension

        data = self.validated(ExtensionRequestSerializer, request)
        extension = assignment_request_extension(
            assignment=self.get_object(), actor=self.actor, months=data["months"], reason=data["reason"]
        )
        return self.respond(extension, ExtensionSerializer, created=True)

    @extend_schema(methods=["GET"], request=None, responses=ContactSerializer(many=True), summary="沟通记录")
    @extend_schema(
        methods=["POST"], request=ContactInputSerializer, responses={201: ContactSerializer}, summary="记录沟通"
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def contacts(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            assignment = self.get_object()
            records = contacts_visible_to(request.user).filter(assignment=assignment).order_by("contacted_on", "id")
            page = self.paginate_queryset(records)
            return self.get_paginated_response(ContactSerializer(page, many=True).data)
        # Logging contact is a unit step: refuse non-members before looking the object up.
        if not IsUnitMember().has_permission(request, self):
            self.permission_denied(request, message=str(IsUnitMember.message))
        from oversight.services.assignments import contact_log

        assignment = self.get_object()

        data = self.validated(ContactInputSerializer, request)
        record = contact_log(assignment=assignment, actor=self.actor, **data)
        return self.respond(record, ContactSerializer, created=True)

    @extend_schema(request=CoOpinionInputSerializer, responses={201: CoOpinionSerializer}, summary="提交协办意见")
    @action(detail=True, methods=["post"], url_path="co-opinion", permission_classes=UNIT)
    def co_opinion(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import co_opinion_submit

        data = self.validated(CoOpinionInputSerializer, request)
        opinion = co_opinion_submit(assignment=self.get_object(), actor=self.actor, content=data["content"])
        return self.respond(opinion, CoOpinionSerializer, created=True)

    @extend_schema(request=NoteSerializer, responses=AssignmentSerializer, summary="免于沟通")
    @action(detail=True, methods=["post"], url_path="waive-contact", permission_classes=STAFF)
    def waive_contact(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_waive_contact

        data = self.validated(NoteSerializer, request)
        assignment = assignment_waive_contact(assignment=self.get_object(), actor=self.actor, note=data["note"])
        return self.respond(self.fresh(assignment))

    @extend_schema(request=NoteSerializer, responses=AssignmentSerializer, summary="不等协办意见")
    @action(detail=True, methods=["post"], url_path="waive-co-opinion", permission_classes=STAFF)
    def waive_co_opinion(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_waive_co_opinion

        data = self.validated(NoteSerializer, request)
        assignment = assignment_waive_co_opinion(assignment=self.get_object(), actor=self.actor, note=data["note"])
        return self.respond(self.fresh(assignment))

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer, summary="办结")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def conclude(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import assignment_conclude

        data = self.validated(ReasonSerializer, request)
        assignment = assignment_conclude(assignment=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(assignment))

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer, summary="重新办理")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def rehandle(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import rehandling_open

        data = self.validated(ReasonSerializer, request)
        assignment = rehandling_open(assignment=self.get_object(), actor=self.actor, reason=data["reason"])
        return self.respond(self.fresh(assignment))

    @extend_schema(
        request={"application/json": ReplyDraftSerializer, "multipart/form-data": ReplyDraftSerializer},
        responses={201: ReplySerializer},
        summary="起草答复",
    )
    @action(
        detail=True, methods=["post"], permission_classes=UNIT, parser_classes=[JSONParser, MultiPartParser, FormParser]
    )
    def reply(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.replies import reply_draft

        check_upload_size(request)
        assignment = self.get_object()
        data = self.validated(ReplyDraftSerializer, request)
        reply = reply_draft(
            assignment=assignment,
            actor=self.actor,
            category=data["category"],
            content=data["content"],
            is_public=data["is_public"],
            commitments=[dict(c) for c in data.get("commitments", [])],
            attachments=list(data.get("attachments", [])),
        )
        return self.respond(reply, ReplySerializer, created=True)


class ExtensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ExtensionSerializer
    filterset_class = ExtensionFilter
    ordering_fields = ["id", "requested_at", "status"]

    def get_queryset(self) -> QuerySet[Any]:
        return extensions_visible_to(self.request.user).select_related("assignment")

    @extend_schema(request=DecideSerializer, responses=ExtensionSerializer, summary="审批延期申请")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def decide(self, request: Request, pk: str | None = None) -> Response:
        from oversight.services.assignments import extension_decide

        data = self.validated(DecideSerializer, request)
        extension = extension_decide(
            extension=self.get_object(), actor=self.actor, approve=data["approve"], note=data["note"]
        )
        return self.respond(self.fresh(extension))
