"""Supervision actions, deadlines, the timeline and the inbox."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oversight.api.fields import ChoiceDisplayField, InputSerializer, PastDateField
from oversight.models import Assignment, Suggestion, SupervisionAction
from tracker.models import Deadline, Notification, TimelineEntry


class SupervisionSerializer(serializers.ModelSerializer[SupervisionAction]):
    kind_display = ChoiceDisplayField("kind")

    class Meta:
        model = SupervisionAction
        fields = [
            "id",
            "suggestion",
            "assignment",
            "kind",
            "kind_display",
            "led_by",
            "leader_name",
            "happened_on",
            "note",
            "next_check_on",
            "recorded_at",
        ]
        read_only_fields = fields


class SupervisionInputSerializer(InputSerializer):
    suggestion = serializers.PrimaryKeyRelatedField(queryset=Suggestion.objects.all(), label=_("建议"))
    assignment = serializers.PrimaryKeyRelatedField(
        queryset=Assignment.objects.all(), required=False, allow_null=True, default=None, label=_("交办")
    )
    kind = serializers.ChoiceField(choices=SupervisionAction.Kind.choices, label=_("督办方式"))
    led_by = serializers.ChoiceField(
        choices=SupervisionAction.LedBy.choices, default=SupervisionAction.LedBy.STAFF, label=_("牵头")
    )
    leader_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    happened_on = PastDateField(label=_("日期"))
    note = serializers.CharField(label=_("督办情况"))
    next_check_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("下次跟踪日期"))


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    case_kind = serializers.SerializerMethodField()
    subject_kind = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "case_kind",
            "case_id",
            "subject_kind",
            "subject_id",
            "start",
            "due",
            "explanation",
            "status",
            "met_on",
            "calendar_provisional",
        ]
        read_only_fields = fields

    # Views select_related both content types, so these cost no query.
    def get_case_kind(self, obj: Deadline) -> str:
        return str(obj.case_type.model)

    def get_subject_kind(self, obj: Deadline) -> str:
        return str(obj.subject_type.model)


class CaseTimelineSerializer(serializers.ModelSerializer[TimelineEntry]):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TimelineEntry
        fields = ["id", "at", "action", "actor", "actor_name", "from_state", "to_state", "note", "subject_id"]
        read_only_fields = fields

    def get_actor_name(self, obj: TimelineEntry) -> str:
        return str(obj.actor) if obj.actor_id else ""


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class MarkedReadSerializer(InputSerializer):
    marked = serializers.IntegerField()
