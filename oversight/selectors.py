"""Use-case reads with their joins, shared by the pages and the API (writes live in services)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from oversight.models import Assignment, ContactRecord, Feedback, Reply, Suggestion
from tracker.models import TimelineEntry
from tracker.timeline import for_case


def suggestion_detail(pk: int, user: Any) -> Suggestion:
    """One suggestion the user may see, with everything its page shows loaded in a fixed number of
    queries. Raises ``Suggestion.DoesNotExist`` (a 404) when it does not exist or is not visible."""
    replies = Reply.objects.select_related("signed_by", "reviewed_by").prefetch_related(
        Prefetch("feedback", queryset=Feedback.objects.select_related("deputy")),
        "commitments__progress",
        "attachments",
    )
    assignments = Assignment.objects.select_related("unit").prefetch_related(
        Prefetch("replies", queryset=replies),
        Prefetch("contacts", queryset=ContactRecord.objects.select_related("deputy")),
        "co_opinions",
        "extension_requests",
    )
    return (
        Suggestion.objects.visible_to(user)
        .select_related("session__term", "category", "lead_deputy", "created_by")
        .prefetch_related(
            "co_signers",
            "handled_with",
            Prefetch("assignments", queryset=assignments),
            "supervision_actions",
        )
        .get(pk=pk)
    )


def suggestion_timeline(suggestion: Suggestion) -> QuerySet[TimelineEntry]:
    """The suggestion's 办理轨迹, oldest first, with actors joined."""
    return for_case(suggestion)
