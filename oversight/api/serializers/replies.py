"""答复, 征询意见 (feedback) and 承诺事项 (commitments)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oversight.api.fields import ChoiceDisplayField, InputSerializer
from oversight.case_visibility import may_read_internal
from oversight.models import Attachment, Commitment, CommitmentProgress, Feedback, Reply
from oversight.policy_rules import reply_categories


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    """A file on a reply; ``download_url`` is the permission-checked download (the only way in)."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return download_url(self, "api:attachment-download", obj.pk)


def download_url(serializer: serializers.BaseSerializer[Any], route: str, pk: int) -> str:
    url = reverse(route, kwargs={"pk": pk})
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class ReplySerializer(serializers.ModelSerializer[Reply]):
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)
    status_display = ChoiceDisplayField("status")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "assignment",
            "suggestion",
            "unit",
            "round",
            "category",
            "original_category",
            "content",
            "is_public",
            "published",
            "status",
            "status_display",
            "drafted_at",
            "signed_at",
            "reviewed_at",
            "review_note",
            "sent_on",
            "on_time",
            "attachments",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Reply) -> dict[str, Any]:
        data = super().to_representation(instance)
        # The reviewer's 审核意见 is for the unit, never for deputies (oversight.case_visibility).
        if not may_read_internal(_viewer(self), instance.assignment.unit_id):
            data["review_note"] = ""
        return data


def _viewer(serializer: serializers.BaseSerializer[Any]) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "reply", "deputy", "deputy_name", "rating", "comment", "rated_at"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "assignment",
            "suggestion",
            "unit",
            "reply",
            "description",
            "due_on",
            "status",
            "fulfilled_at",
            "deputy_confirmed",
            "close_explanation",
        ]
        read_only_fields = fields


class CommitmentProgressSerializer(serializers.ModelSerializer[CommitmentProgress]):
    class Meta:
        model = CommitmentProgress
        fields = ["id", "commitment", "note", "reported_at"]
        read_only_fields = fields


# --- action inputs ---


def _category_choices(categories: Any = None) -> list[tuple[str, str]]:
    """At import: the start-up set from settings (no database yet; what the schema shows); per
    request: the administrator's current set (tracker.policy)."""
    pairs = settings.REPLY_CATEGORIES if categories is None else categories
    return [(code, f"{code}类（{label}）") for code, label in pairs]


class _LiveCategories(InputSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices(reply_categories())  # type: ignore[attr-defined]


class CommitmentInputSerializer(InputSerializer):
    description = serializers.CharField(label=_("承诺内容"))
    due_on = serializers.DateField(label=_("承诺完成日期"))


class ReplyDraftSerializer(_LiveCategories):
    category = serializers.ChoiceField(choices=_category_choices(), label=_("答复类别"))
    content = serializers.CharField(label=_("答复内容"))
    is_public = serializers.BooleanField(default=True, label=_("可公开"))
    commitments = CommitmentInputSerializer(many=True, required=False, label=_("承诺事项"))
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, allow_empty=True, label=_("附件")
    )


class ReplyReviseSerializer(_LiveCategories):
    """Only the fields sent are changed; commitments, when sent, replace the proposed ones."""

    category = serializers.ChoiceField(choices=_category_choices(), required=False, label=_("答复类别"))
    content = serializers.CharField(required=False, label=_("答复内容"))
    is_public = serializers.BooleanField(required=False, label=_("可公开"))
    commitments = CommitmentInputSerializer(many=True, required=False, label=_("承诺事项"))
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, allow_empty=True, label=_("附件")
    )


class ReplyAcceptSerializer(_LiveCategories):
    category = serializers.ChoiceField(
        choices=_category_choices(), required=False, allow_null=True, default=None, label=_("改定类别")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("审核意见"))


class ReplyPublishSerializer(InputSerializer):
    published = serializers.BooleanField(label=_("公开"))


class RateSerializer(InputSerializer):
    rating = serializers.ChoiceField(choices=Feedback.Rating.choices, label=_("评价"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", label=_("意见"))


class ProgressInputSerializer(InputSerializer):
    note = serializers.CharField(label=_("进展情况"))


class ExplanationSerializer(InputSerializer):
    explanation = serializers.CharField(label=_("关闭说明"))
