"""交办 and what hangs off it: extension requests, contact records, co-handler opinions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oversight.api.fields import ChoiceDisplayField, InputSerializer, PastDateField
from oversight.case_visibility import may_read_internal
from oversight.models import Assignment, ContactRecord, CoOpinion, Deputy, ExtensionRequest, Unit


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    suggestion_title = serializers.CharField(source="suggestion.title", read_only=True)
    suggestion_number = serializers.CharField(source="suggestion.display_number", read_only=True)
    status_display = ChoiceDisplayField("status")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "suggestion",
            "suggestion_number",
            "suggestion_title",
            "unit",
            "unit_name",
            "role",
            "status",
            "status_display",
            "assigned_on",
            "accepted_at",
            "round",
            "return_reason",
            "extension_months",
            "contact_waived",
            "co_opinion_waived",
            "concluded_reason",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Assignment) -> dict[str, Any]:
        data = super().to_representation(instance)
        # A unit's 退办理由 is between it and staff (oversight.case_visibility).
        request = self.context.get("request")
        if not may_read_internal(getattr(request, "user", None), instance.unit_id):
            data["return_reason"] = ""
        return data


class DecidedReturnSerializer(AssignmentSerializer):
    """The decided assignment, and the new assignments an approved return handed the work to."""

    reassigned = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "reassigned"]
        read_only_fields = fields

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_reassigned(self, assignment: Assignment) -> list[dict[str, Any]]:
        """改交: the active assignments of the units named in ``reassign_to`` (none when refused)."""
        unit_ids = self.context.get("reassigned_units") or []
        if assignment.status != Assignment.Status.RETURNED or not unit_ids:
            return []
        new = (
            Assignment.objects.filter(suggestion_id=assignment.suggestion_id, unit_id__in=unit_ids)
            .exclude(status=Assignment.Status.RETURNED)
            .select_related("suggestion", "unit")
            .order_by("id")
        )
        return list(AssignmentSerializer(new, many=True, context=self.context).data)


class ExtensionSerializer(serializers.ModelSerializer[ExtensionRequest]):
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "assignment",
            "unit",
            "months",
            "reason",
            "status",
            "requested_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer[ContactRecord]):
    class Meta:
        model = ContactRecord
        fields = ["id", "assignment", "deputy", "method", "contacted_on", "summary", "recorded_at"]
        read_only_fields = fields


class CoOpinionSerializer(serializers.ModelSerializer[CoOpinion]):
    class Meta:
        model = CoOpinion
        fields = ["id", "assignment", "round", "content", "submitted_at"]
        read_only_fields = fields


# --- action inputs ---


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(label=_("理由"))


class OptionalReasonSerializer(InputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", label=_("说明"))


class NoteSerializer(InputSerializer):
    note = serializers.CharField(label=_("说明"))


class DecideReturnSerializer(InputSerializer):
    approve = serializers.BooleanField(label=_("同意退办"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("说明"))
    reassign_to = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, required=False, label=_("改交单位")
    )


class ExtensionRequestSerializer(InputSerializer):
    months = serializers.IntegerField(min_value=1, max_value=6, label=_("延期月数"))
    reason = serializers.CharField(label=_("延期理由"))


class DecideSerializer(InputSerializer):
    approve = serializers.BooleanField(label=_("批准"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("审批意见"))


class ContactInputSerializer(InputSerializer):
    method = serializers.ChoiceField(choices=ContactRecord.Method.choices, label=_("方式"))
    contacted_on = PastDateField(label=_("日期"))
    summary = serializers.CharField(label=_("沟通情况"))
    deputy = serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.all(), required=False, allow_null=True, default=None, label=_("代表")
    )


class CoOpinionInputSerializer(InputSerializer):
    content = serializers.CharField(label=_("协办意见"))
