from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oversight.api.fields import ChoiceDisplayField, InputSerializer
from oversight.item_kinds import ItemKind
from oversight.models import Assignment, Deputy, Session, Suggestion, SuggestionCategory, Unit


class AssignmentBriefSerializer(serializers.ModelSerializer[Assignment]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "unit", "unit_name", "role", "status", "assigned_on", "round"]
        read_only_fields = fields


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    display_number = serializers.CharField(read_only=True)
    status_display = ChoiceDisplayField("status")
    session_name = serializers.CharField(source="session.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    lead_deputy_name = serializers.CharField(source="lead_deputy.name", read_only=True)
    assignments = AssignmentBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "kind",
            "details",
            "session",
            "session_name",
            "number",
            "display_number",
            "title",
            "content",
            "category",
            "category_name",
            "period",
            "lead_deputy",
            "lead_deputy_name",
            "co_signers",
            "status",
            "status_display",
            "return_reason",
            "is_key",
            "key_leader",
            "closed_reason",
            "submitted_at",
            "registered_at",
            "assigned_on",
            "closed_at",
            "assignments",
        ]
        read_only_fields = fields


class SuggestionSubmitSerializer(InputSerializer):
    """Input of POST /suggestions/ (suggestion_submit)."""

    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), label=_("会议"))
    title = serializers.CharField(max_length=200, label=_("标题"))
    content = serializers.CharField(label=_("内容"))
    lead_deputy = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), label=_("领衔代表"))
    co_signers = serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.all(), many=True, required=False, label=_("附议代表")
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=SuggestionCategory.objects.all(), required=False, allow_null=True, label=_("分类")
    )
    period = serializers.ChoiceField(choices=Suggestion.Period.choices, default=Suggestion.Period.SESSION)
    kind = serializers.ChoiceField(choices=ItemKind.choices, default=ItemKind.SUGGESTION, label=_("事项类别"))
    details = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict, label=_("类别字段")
    )


class AssignUnitSerializer(InputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label=_("承办单位"))
    role = serializers.ChoiceField(choices=Assignment.Role.choices, label=_("办理方式"))


class SuggestionAssignSerializer(InputSerializer):
    units = AssignUnitSerializer(many=True, allow_empty=False, label=_("承办单位"))


class SetKeySerializer(InputSerializer):
    is_key = serializers.BooleanField(label=_("重点督办"))
    leader = serializers.CharField(max_length=50, required=False, allow_blank=True, default="", label=_("督办领导"))


class LinkSerializer(InputSerializer):
    other = serializers.PrimaryKeyRelatedField(queryset=Suggestion.objects.all(), label=_("并案的建议"))


class ImportSerializer(InputSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), label=_("会议"))
    file = serializers.FileField(label=_("Excel 文件（.xlsx）"))


class ImportedSerializer(InputSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ImportErrorSerializer(InputSerializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(InputSerializer):
    """The all-or-nothing import's report: what was created, or row by row what to fix."""

    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = ImportedSerializer(many=True)
    errors = ImportErrorSerializer(many=True)  # type: ignore[assignment]
