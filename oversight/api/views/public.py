"""What citizens may read without logging in: replies staff accepted and published, nothing
marked not for publication (涉密/不公开), and no personal data beyond the unit's name."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from oversight.api.filters import PublicReplyFilter
from oversight.api.reply_rows import public_page_values, public_reply_rows
from oversight.api.serializers.public import PublicReplySerializer
from oversight.api.views._base import ApiViewSet
from oversight.models import Reply


class PublicReplyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    permission_classes = [AllowAny]
    # The same published replies for everyone: ordered through the indexes (oversight.api.ordering).
    whole_table = True
    serializer_class = PublicReplySerializer
    filterset_class = PublicReplyFilter
    ordering_fields = ["id", "sent_on", "category"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Reply.objects.published()
            .select_related("assignment__unit", "assignment__suggestion__session")
            .prefetch_related("attachments")
            .order_by("-sent_on", "-id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Values, not instances: the same JSON as PublicReplySerializer (oversight/api/reply_rows.py).
        qs = self.filter_queryset(self.get_queryset().prefetch_related(None))
        page = self.paginate_queryset(public_page_values(qs))
        return self.get_paginated_response(public_reply_rows(list(page or []), request))
