"""/api/v1/vote-decisions/: what year-end votes decided — bodies listed for 集中表彰
(commendation) or 问责 (accountability). Read-only; rows come from ``VoteDecision.objects.visible_to``.

Nothing here names a reviewer or a choice, nor any per-choice figure (an item too small to hide a
choice must not leak one here): a decision carries only pass/fail's consequence.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers
from rest_framework.permissions import IsAuthenticated

from oversight.api.fields import ChoiceDisplayField
from oversight.api.views._base import ApiViewSet
from oversight.models import VoteDecision


class VoteDecisionSerializer(serializers.ModelSerializer[VoteDecision]):
    decision_display = ChoiceDisplayField("decision")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    item_title = serializers.CharField(source="item.title", read_only=True)
    kind = serializers.CharField(source="item.kind", read_only=True)
    round = serializers.IntegerField(source="item.round_id", read_only=True)
    round_title = serializers.CharField(source="item.round.title", read_only=True)

    class Meta:
        model = VoteDecision
        fields = [
            "id",
            "decision",
            "decision_display",
            "unit",
            "unit_name",
            "year",
            "item",
            "item_title",
            "kind",
            "round",
            "round_title",
            "recorded_at",
        ]


class VoteDecisionFilter(filters.FilterSet):
    class Meta:
        model = VoteDecision
        fields = ["decision", "year", "unit"]


class VoteDecisionViewSet(mixins.ListModelMixin, ApiViewSet):
    """Staff all; reviewers those of published rounds; a unit its own once published."""

    serializer_class = VoteDecisionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = VoteDecisionFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            VoteDecision.objects.visible_to(self.request.user)
            .select_related("unit", "item__round")
            .order_by("-year", "decision", "unit_id", "id")
        )
