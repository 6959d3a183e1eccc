"""The 审议意见 obligations, registered with tracker with who owes each step."""

from __future__ import annotations

from typing import Any

from oversight import voting_outcomes
from tracker.models import Deadline
from tracker.registry import Recipients, register_kind

OPINION_ISSUE = "opinion_issue"
FOLLOW_UP_REPORT = "follow_up_report"
RECTIFICATION = "rectification"


def _unit_people(unit_id: int, role: str) -> list[Any]:
    from oversight.models import User

    return list(User.objects.filter(unit_memberships__unit_id=unit_id, unit_memberships__role=role, is_active=True))


def _staff() -> list[Any]:
    from oversight.models import User

    return list(User.objects.filter(is_congress_staff=True, is_active=True))


def _issue_recipients(deadline: Deadline) -> Recipients:
    # Issuing is the committee office's job: staff owe it, nobody above them is reminded here.
    return Recipients(primary=_staff())


def _item_recipients(deadline: Deadline) -> Recipients:
    """The owning body's liaisons owe the report; its head and staff hear once it is long overdue."""
    from oversight.models import OpinionItem

    unit_id = OpinionItem.objects.filter(pk=deadline.subject_id).values_list("unit_id", flat=True).first()
    if unit_id is None:
        return Recipients()
    return Recipients(primary=_unit_people(unit_id, "liaison"), escalate=_unit_people(unit_id, "head") + _staff())


def _opinion_link(deadline: Deadline) -> str:
    return f"/deliberation/{deadline.case_id}/"


def _item_link(deadline: Deadline) -> str:
    return f"/deliberation/items/{deadline.subject_id}/"


def _on_report_vote(subject: Any, passed: bool, item: Any, actor: Any) -> None:
    """A voting round closed on a follow-up report: pass closes the item, failure rectifies it."""
    from oversight.services.deliberation import report_record_outcome

    report_record_outcome(report=subject, passed=passed, actor=actor)


register_kind(OPINION_ISSUE, label="审议意见交办", recipients=_issue_recipients, link=_opinion_link)
register_kind(FOLLOW_UP_REPORT, label="审议意见研究处理情况报告", recipients=_item_recipients, link=_item_link)
register_kind(RECTIFICATION, label="审议意见限期整改报告", recipients=_item_recipients, link=_item_link)


def _on_report_added(subject: Any, item: Any, actor: Any) -> None:
    """A round takes the report: item and report show 满意度测评中; an uncommented report is refused."""
    from oversight.services.deliberation_reports import report_send_to_vote

    report_send_to_vote(report=subject, actor=actor)


# The vote on a follow-up report drives the item's next step (voting knows nothing of opinions).
# (The other kinds' outcomes live in oversight/vote_consequences.py.)
voting_outcomes.register_outcome_handler("oversight.followupreport", _on_report_vote, kind="follow_up")
voting_outcomes.register_item_added_handler("oversight.followupreport", _on_report_added, kind="follow_up")
