from __future__ import annotations

from rest_framework import serializers

from oversight.api.serializers.replies import AttachmentSerializer
from oversight.models import Reply


class PublicReplySerializer(serializers.ModelSerializer[Reply]):
    suggestion_number = serializers.CharField(source="assignment.suggestion.display_number", read_only=True)
    suggestion_title = serializers.CharField(source="assignment.suggestion.title", read_only=True)
    session_name = serializers.CharField(source="assignment.suggestion.session.name", read_only=True)
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "suggestion_number",
            "suggestion_title",
            "session_name",
            "unit_name",
            "category",
            "content",
            "sent_on",
            "attachments",
        ]
        read_only_fields = fields
