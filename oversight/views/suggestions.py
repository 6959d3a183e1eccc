"""One suggestion's page: content, units, deadlines with their explanation, replies, ratings and the
whole timeline. Everyone who may see the suggestion uses it; the actions shown depend on the role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from oversight import deadline_kinds as kinds
from oversight import similarity
from oversight.case_visibility import redact_reply, timeline_for
from oversight.forms.deputy import RatingForm
from oversight.models import Assignment, Feedback, Reply, Suggestion
from oversight.views import selectors
from oversight.views.common import load_roles
from tracker import policy

# The suggestion's page shows this many of the newest 办理轨迹 steps; a link shows them all.
TIMELINE_RECENT = 50


def visible_suggestion(user: Any, pk: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.visible_to(user).select_related("session", "session__term", "category", "lead_deputy"),
        pk=pk,
    )


def detail_context(request: HttpRequest, suggestion: Suggestion) -> dict[str, Any]:
    user = load_roles(request.user)
    assignments = list(
        Assignment.objects.visible_to(user).filter(suggestion=suggestion).select_related("unit").order_by("role", "id")
    )
    replies = list(
        Reply.objects.visible_to(user)
        .filter(assignment__suggestion=suggestion)
        .select_related("assignment__unit")
        .prefetch_related("attachments", "commitments", Prefetch("feedback", Feedback.objects.select_related("deputy")))
        .order_by("assignment_id", "round", "id")
    )
    for reply in replies:
        redact_reply(reply, user)
    co_signers = list(suggestion.co_signers.all())
    deputy_id = user.deputy_id  # type: ignore[union-attr]
    is_my_suggestion = bool(deputy_id) and (
        suggestion.lead_deputy_id == deputy_id or any(d.pk == deputy_id for d in co_signers)
    )
    # The latest delivered reply of each unit that this deputy has not rated yet gets a form;
    # an earlier round superseded by re-handling is not offered again.
    latest: dict[int, Reply] = {}
    for reply in replies:
        if reply.status == Reply.Status.ACCEPTED:
            latest[reply.assignment_id] = reply
    to_rate = [
        reply
        for reply in latest.values()
        if is_my_suggestion and all(f.deputy_id != deputy_id for f in reply.feedback.all())
    ]
    unit_ids = user.unit_ids()  # type: ignore[union-attr]
    # A deputy sees when the reply is due and their own rating window, not the unit's internal
    # steps (the one visibility rule: oversight.api.visibility.deadlines_visible_to).
    deadlines = selectors.case_deadlines(suggestion, user=user)
    rating_due = {d.subject_id: d for d in deadlines if d.kind == kinds.FEEDBACK}
    # After the window a deputy no longer rates online (services/feedback_window.py): say so.
    day = timezone.localdate()
    rating_closed = [r for r in to_rate if r.pk in rating_due and rating_due[r.pk].due < day]
    to_rate = [r for r in to_rate if r not in rating_closed]
    return {
        "suggestion": suggestion,
        "co_signers": co_signers,
        "assignments": assignments,
        "my_assignments": [a for a in assignments if a.unit_id in unit_ids],
        "replies": replies,
        "deadlines": deadlines,
        "rating_due": rating_due,
        "rating_closed": rating_closed,
        # The local rule (tracker.policy), e.g. "20个工作日" or "15日".
        "feedback_window": policy.describe_period(policy.period("FEEDBACK_WINDOW")),
        **_timeline_context(request, suggestion),
        "supervision": list(suggestion.supervision_actions.select_related("assignment__unit"))
        if user.is_staff_member  # type: ignore[union-attr]
        else [],
        "is_my_suggestion": is_my_suggestion,
        "to_rate": to_rate,
        "rating_form": RatingForm() if to_rate else None,
        "unit_labels": {a.pk: a.unit.name for a in assignments},
    }


def _timeline_context(request: HttpRequest, suggestion: Suggestion) -> dict[str, Any]:
    """The newest ``TIMELINE_RECENT`` steps, oldest first, and a link to the whole 办理轨迹
    (``?timeline=all``): a file with hundreds of steps keeps its page quick (docs/benchmarks.md)."""
    if request.GET.get("timeline") == "all":
        return {"timeline": timeline_for(request.user, suggestion), "timeline_earlier": False}
    rows = timeline_for(request.user, suggestion, newest=TIMELINE_RECENT + 1)
    return {
        "timeline": rows[-TIMELINE_RECENT:],
        "timeline_earlier": len(rows) > TIMELINE_RECENT,
        "timeline_recent": TIMELINE_RECENT,
    }


def similar_context(user: Any, suggestion: Suggestion) -> dict[str, Any]:
    """Staff see the session's most similar suggestions (并案 help); others never see them.

    Loaded after the page (``staff:similar``, as a fragment or a page of its own without
    JavaScript): the lookup costs more than the rest of the suggestion's page."""
    if not user.is_staff_member:
        return {}
    return {
        "similar": similarity.similar_to(
            session_id=suggestion.session_id,
            title=suggestion.title,
            content=suggestion.content,
            exclude_pk=suggestion.pk,
        ),
        "duplicates": similarity.exact_duplicates(
            session_id=suggestion.session_id,
            title=suggestion.title,
            lead_deputy_id=suggestion.lead_deputy_id,
            exclude_pk=suggestion.pk,
        ),
        "linked_ids": set(suggestion.handled_with.values_list("pk", flat=True)),
        "show_similar": True,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The person's roles, read once for visibility, the page and its header (views.common.load_roles).
    suggestion = visible_suggestion(load_roles(request.user), pk)
    return render(request, "suggestions/detail.html", detail_context(request, suggestion))
