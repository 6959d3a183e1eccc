"""/api/v1/voting-rounds/: 满意度测评 for staff (set up, open, close, publish, live turnout) and for
reviewers (their rounds, their ballot, published results).

Reads start from ``VotingRound.objects.visible_to`` — a reviewer not on a round's list gets 404.
Choices are never shown per person; counts only once the round is counted (staff) or published,
and never per choice for an item with fewer ballots than ``VOTING_MIN_BALLOTS``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.fields import ChoiceDisplayField, InputSerializer
from oversight.api.permissions import IsStaffMember, is_staff_member
from oversight.api.views._base import ApiViewSet
from oversight.api.voting_responses import (
    BallotResultSerializer,
    ItemResultSerializer,
    RoundResultsSerializer,
    TurnoutSerializer,
)
from oversight.errors import IllegalTransition
from oversight.models import User, VoteChoice, VotingItem, VotingRound
from oversight.models.voting import PassRule, QuorumRule
from oversight.services import voting

STAFF = [IsAuthenticated, IsStaffMember]

# What a round may vote on (DESIGN.md "Voting rounds"), by model label.
SUBJECT_MODELS = (
    "oversight.followupreport",
    "oversight.unit",
    "oversight.deliberationopinion",
    "oversight.opinionitem",
    "oversight.suggestion",
    "oversight.assignment",
)


class IsReviewer(BasePermission):
    message = gettext_lazy("只有常委会组成人员可以投票。")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_reviewer", False))


def may_see_results(user: Any, voting_round: VotingRound) -> bool:
    """Staff once the round is closed; everyone who can see the round once it is published."""
    if voting_round.status == VotingRound.Status.PUBLISHED:
        return True
    return voting_round.status == VotingRound.Status.CLOSED and is_staff_member(user)


# --- serializers ---


class ItemSerializer(serializers.ModelSerializer[VotingItem]):
    kind_display = ChoiceDisplayField("kind")
    subject_type = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = VotingItem
        fields = ["id", "position", "kind", "kind_display", "title", "subject_type", "subject_id", "year", "result"]
        read_only_fields = fields

    def get_subject_type(self, item: VotingItem) -> str | None:
        ct = item.subject_type
        return f"{ct.app_label}.{ct.model}" if ct is not None else None

    @extend_schema_field(ItemResultSerializer(allow_null=True))
    def get_result(self, item: VotingItem) -> dict[str, Any] | None:
        if not self.context.get("show_results"):
            return None
        return result_of(item)


def result_of(item: VotingItem) -> dict[str, Any]:
    def rate(value: Any) -> str | None:
        return None if value is None else f"{value:.2f}"

    return {
        "participants": item.participants,
        # Fewer ballots than VOTING_MIN_BALLOTS: the per-choice figures and rates are null.
        "figures_withheld": item.figures_withheld,
        "satisfied": item.satisfied,
        "basic": item.basic,
        "unsatisfied": item.unsatisfied,
        "satisfied_rate": rate(item.satisfied_rate),
        "basic_rate": rate(item.basic_rate),
        "unsatisfied_rate": rate(item.unsatisfied_rate),
        "approval_rate": rate(item.approval_rate),
        "quorum_met": item.quorum_met,
        "passed": item.passed,
        "accountability_flagged": item.accountability_flagged,
    }


class RoundSerializer(serializers.ModelSerializer[VotingRound]):
    status_display = ChoiceDisplayField("status")
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VotingRound
        fields = [
            "id",
            "title",
            "meeting_name",
            "meeting_date",
            "opens_at",
            "closes_at",
            "status",
            "status_display",
            "quorum_rule",
            "pass_rule",
            "eligible_count",
            "item_count",
            "opened_at",
            "closed_at",
            "published_at",
        ]
        read_only_fields = fields


class RoundDetailSerializer(RoundSerializer):
    items = serializers.SerializerMethodField()
    reviewers = serializers.SerializerMethodField()
    my_voted_items = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "items", "reviewers", "my_voted_items"]
        read_only_fields = fields

    def get_items(self, voting_round: VotingRound) -> list[dict[str, Any]]:
        user = self.context["request"].user
        context = {**self.context, "show_results": may_see_results(user, voting_round)}
        return list(ItemSerializer(voting_round.items.all(), many=True, context=context).data)

    def get_reviewers(self, voting_round: VotingRound) -> list[dict[str, Any]] | None:
        """Who may vote: staff only (reviewers need not know each other's eligibility)."""
        if not is_staff_member(self.context["request"].user):
            return None
        return [{"id": u.pk, "name": str(u)} for u in voting_round.reviewers.all()]

    def get_my_voted_items(self, voting_round: VotingRound) -> list[int]:
        return sorted(voting_round.voted_item_ids(self.context["request"].user))


class RoundCreateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200)
    meeting_name = serializers.CharField(max_length=100)
    meeting_date = serializers.DateField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    quorum_rule = serializers.ChoiceField(choices=QuorumRule.choices, required=False, default="")
    pass_rule = serializers.ChoiceField(choices=PassRule.choices, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A meeting of this standing committee, not a date from another millennium (whose local
        # time zone offsets even carry seconds and cannot be written back as RFC 3339).
        for name in ("meeting_date", "opens_at", "closes_at"):
            if not 2000 <= attrs[name].year <= 2100:
                raise serializers.ValidationError({name: _("日期应在2000年至2100年之间。")})
        return attrs


class ItemInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=VotingItem.Kind.choices)
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    subject_type = serializers.ChoiceField(choices=[(m, m) for m in SUBJECT_MODELS], required=False)
    subject_id = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        label, pk = attrs.pop("subject_type", None), attrs.pop("subject_id", None)
        if (label is None) != (pk is None):
            raise serializers.ValidationError({"subject_id": _("请同时指定测评对象的类型和编号。")})
        if label is not None:
            model = apps.get_model(label)
            subject = model._default_manager.filter(pk=pk).first()
            if subject is None:
                raise serializers.ValidationError({"subject_id": _("测评对象不存在。")})
            attrs["subject"] = subject
        return attrs


class ReviewersSerializer(InputSerializer):
    reviewers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)


class BallotChoiceSerializer(InputSerializer):
    item = serializers.IntegerField(min_value=1)
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class BallotSerializer(InputSerializer):
    choices = BallotChoiceSerializer(many=True, allow_empty=False)

    def validate_choices(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len({c["item"] for c in value}) != len(value):
            raise serializers.ValidationError(_("每个事项只能选择一次。"))
        return value


# --- viewset ---


class VotingRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """满意度测评. Staff: everything; reviewers: the rounds they are on (not drafts)."""

    def get_queryset(self) -> QuerySet[Any]:
        # Meta.ordering is dropped from GROUP BY queries: order explicitly so pages are stable.
        qs = (
            VotingRound.objects.visible_to(self.request.user)
            .annotate(item_count=Count("items", distinct=True))
            .order_by("-meeting_date", "-id")
        )
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("items", queryset=VotingItem.objects.select_related("subject_type")), "reviewers"
            )
        return qs

    def get_serializer_class(self) -> Any:
        return RoundSerializer if self.action == "list" else RoundDetailSerializer

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [permission() for permission in STAFF]
        return super().get_permissions()

    @extend_schema(request=RoundCreateSerializer, responses={201: RoundDetailSerializer}, summary="创建满意度测评")
    def create(self, request: Request) -> Response:
        data = self.validated(RoundCreateSerializer, request)
        voting_round = voting.round_create(actor=self.actor, **data)
        return self.respond(self.fresh(voting_round), created=True)

    @extend_schema(request=ItemInputSerializer, responses={201: ItemSerializer}, summary="添加测评事项")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def items(self, request: Request, pk: str | None = None) -> Response:
        voting_round = self.get_object()
        data = self.validated(ItemInputSerializer, request)
        item = voting.round_add_item(voting_round=voting_round, actor=self.actor, **data)
        return self.respond(item, ItemSerializer, created=True)

    @extend_schema(request=ReviewersSerializer, responses=RoundDetailSerializer, summary="设置参加测评人员")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def reviewers(self, request: Request, pk: str | None = None) -> Response:
        voting_round = self.get_object()
        data = self.validated(ReviewersSerializer, request)
        voting.round_set_reviewers(voting_round=voting_round, actor=self.actor, reviewers=data["reviewers"])
        return self.respond(self.fresh(voting_round))

    @extend_schema(request=None, responses=RoundDetailSerializer, summary="开始投票")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def open(self, request: Request, pk: str | None = None) -> Response:
        voting_round = voting.round_open(voting_round=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(voting_round))

    @extend_schema(request=None, responses=RoundDetailSerializer, summary="结束投票并计票")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def close(self, request: Request, pk: str | None = None) -> Response:
        voting_round = voting.round_close(voting_round=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(voting_round))

    @extend_schema(request=None, responses=RoundDetailSerializer, summary="公布测评结果")
    @action(detail=True, methods=["post"], permission_classes=STAFF)
    def publish(self, request: Request, pk: str | None = None) -> Response:
        voting_round = voting.round_publish(voting_round=self.get_object(), actor=self.actor)
        return self.respond(self.fresh(voting_round))

    @extend_schema(request=BallotSerializer, responses={201: BallotResultSerializer}, summary="投票")
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsReviewer])
    def ballot(self, request: Request, pk: str | None = None) -> Response:
        voting_round = self.get_object()
        data = self.validated(BallotSerializer, request)
        choices = {c["item"]: c["choice"] for c in data["choices"]}
        count = voting.ballot_cast(voting_round=voting_round, actor=self.actor, choices=choices)
        return Response({"voted_items": count, "message": _("投票成功，感谢您的参与。")}, status=201)

    @extend_schema(request=None, responses=TurnoutSerializer, summary="投票进度（仅人数，不含选择）")
    @action(detail=True, methods=["get"], permission_classes=STAFF)
    def turnout(self, request: Request, pk: str | None = None) -> Response:
        voting_round = self.get_object()
        eligible = voting_round.eligible_count or voting_round.reviewers.count()
        return Response(
            {
                "status": voting_round.status,
                "eligible": eligible,
                "items": [
                    {"id": item.pk, "title": item.title, "participants": n} for item, n in voting_round.turnout()
                ],
            }
        )

    @extend_schema(request=None, responses=RoundResultsSerializer, summary="测评结果")
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        voting_round = self.get_object()
        if not may_see_results(request.user, voting_round):
            raise IllegalTransition(_("测评结果尚未公布。"), code="results_not_available")
        return Response(
            {
                "id": voting_round.pk,
                "title": voting_round.title,
                "status": voting_round.status,
                "eligible": voting_round.eligible_count,
                "quorum_rule": voting_round.quorum_rule,
                "pass_rule": voting_round.pass_rule,
                "items": [{"id": item.pk, "title": item.title, **result_of(item)} for item in voting_round.items.all()],
            }
        )
