"""The 审议意见 deadlines are known to tracker with who owes them, so reminders reach the body."""

from __future__ import annotations

from datetime import date
from typing import Any

from oversight.deliberation_kinds import FOLLOW_UP_REPORT, OPINION_ISSUE, RECTIFICATION
from oversight.models import DeliberationOpinion
from tests.oversight.deliberation.conftest import issue, item_of
from tracker.models import Deadline, Reminder
from tracker.registry import get_kind
from tracker.reminders.sweep import sweep


def test_kinds_are_registered_with_labels() -> None:
    labels = {code: get_kind(code) for code in (OPINION_ISSUE, FOLLOW_UP_REPORT, RECTIFICATION)}
    assert all(labels.values())
    assert labels[FOLLOW_UP_REPORT].label == "审议意见研究处理情况报告"  # type: ignore[union-attr]


def test_report_deadline_reminds_the_units_liaison_and_escalates_to_head_and_staff(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    deadline = Deadline.objects.for_subject(item_of(opinion, 1)).get(kind=FOLLOW_UP_REPORT)
    kind = get_kind(FOLLOW_UP_REPORT)
    assert kind is not None
    recipients = kind.recipients(deadline)
    assert list(recipients.primary) == [actors.liaison_a]
    assert set(recipients.escalate) == {actors.head_a, actors.staff}
    assert kind.link is not None
    assert kind.link(deadline) == f"/deliberation/items/{item_of(opinion, 1).pk}/"


def test_issue_window_reminds_staff(opinion: DeliberationOpinion, actors: Any) -> None:
    deadline = Deadline.objects.for_subject(opinion).get(kind=OPINION_ISSUE)
    kind = get_kind(OPINION_ISSUE)
    assert kind is not None
    assert list(kind.recipients(deadline).primary) == [actors.staff]


def test_sweep_on_the_due_date_reminds_each_bodys_liaison(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    sweep(today=date(2026, 5, 6))
    reminded = set(
        Reminder.objects.filter(deadline__kind=FOLLOW_UP_REPORT).values_list("recipient__username", flat=True)
    )
    assert reminded == {"liaison_a", "liaison_b"}
