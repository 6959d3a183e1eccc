"""Use-case reads with their joins, shared by the pages and the API (writes live in services)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from oversight.models import Assignment, ContactRecord, Feedback, Reply, Suggestion
from tracker.models import TimelineEntry


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


def suggestion_timeline(suggestion: Suggestion, user: Any) -> list[TimelineEntry]:
    """The suggestion's 办理轨迹 as ``user`` may read it (oversight.case_visibility.timeline_for)."""
    from oversight.case_visibility import timeline_for

    return timeline_for(user, suggestion)
