"""重点督办 progress reports (DESIGN.md Workflow 1 §8: "Key items get scheduled progress reports
(e.g. April, June, August)"): staff set the schedule, each report is a deadline with reminders,
the unit files it, and both steps are on the suggestion's timeline (read by staff and deputies)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput
from oversight.models import Assignment, ProgressReport, Suggestion, User
from oversight.services._base import lock, now, require_staff, require_state, require_text, require_unit_role, today
from oversight.services.suggestions import OPEN_STATES
from tracker import deadlines, timeline

A = Assignment.Status
# Units that owe the deputies an answer owe the progress reports too; co-handlers report to them.
REPORTING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)
OPEN_ASSIGNMENT = (A.ASSIGNED, A.ACCEPTED, A.RETURN_REQUESTED, A.REPLIED, A.REHANDLING)
# A schedule is for the handling year(s) ahead, not an open-ended list (monthly for two years at most).
MAX_AHEAD = timedelta(days=731)
MAX_REPORTS = 24


def progress_schedule_set(*, suggestion: Suggestion, actor: User, dates: Sequence[date]) -> list[ProgressReport]:
    """Add report dates to a key suggestion's schedule: one report per date for each lead or
    separate unit still handling it, each with a fixed-date deadline (顺延 to a working day).
    Dates already scheduled are kept as they are."""
    require_staff(actor, action=_("安排重点督办进展报告"))
    days = sorted(set(dates))
    if not days:
        raise InvalidInput(_("请至少安排一个报送日期。"), fields={"dates": _("请至少安排一个报送日期。")})
    if days[0] < today():
        message = _("报送日期不能早于今天。")
        raise InvalidInput(message, fields={"dates": message})
    if days[-1] > today() + MAX_AHEAD or len(days) > MAX_REPORTS:
        message = _("报送日期应在两年之内，且不超过%(n)d次。") % {"n": MAX_REPORTS}
        raise InvalidInput(message, fields={"dates": message})
    with transaction.atomic():
        suggestion = lock(suggestion)
        require_state(suggestion, OPEN_STATES, action=_("安排进展报告"))
        if not suggestion.is_key:
            raise IllegalTransition(_("只有重点督办建议才安排进展报告。"), code="not_key")
        owing = list(suggestion.assignments.filter(role__in=REPORTING_ROLES, status__in=OPEN_ASSIGNMENT))
        if not owing:
            raise IllegalTransition(_("该建议没有正在办理的主办或分办单位。"), code="no_unit")
        created: list[ProgressReport] = []
        for assignment in owing:
            for day in days:
                report, new = ProgressReport.objects.get_or_create(
                    assignment=assignment, due_on=day, defaults={"scheduled_by": actor}
                )
                if not new:
                    continue
                deadlines.open_deadline(
                    case=suggestion,
                    subject=report,
                    kind=kinds.KEY_PROGRESS,
                    start=today(),
                    rule={"fixed": day.isoformat()},
                    start_label="安排",
                )
                created.append(report)
        timeline.record(
            case=suggestion,
            action="progress.schedule",
            actor=actor,
            note="、".join(d.strftime("%Y年%m月%d日") for d in days),
            data={"dates": [d.isoformat() for d in days], "reports": len(created)},
        )
    return created


def progress_report_file(*, report: ProgressReport, actor: User, content: str) -> ProgressReport:
    """The unit files a scheduled report; the deadline is met (on time or late, recorded)."""
    require_unit_role(actor, report.assignment.unit_id, None, action=_("报送进展情况"))
    content = require_text(content, field="content", label=_("进展情况"))
    with transaction.atomic():
        report = lock(report)
        from_state = require_state(report, [ProgressReport.Status.SCHEDULED], action=_("报送进展情况"))
        day = today()
        due = deadlines.current(report, kinds.KEY_PROGRESS)
        report.status = ProgressReport.Status.FILED
        report.content = content
        report.filed_by = actor
        report.filed_at = now()
        report.on_time = due is None or day <= due.due
        report.save(update_fields=["status", "content", "filed_by", "filed_at", "on_time"])
        deadlines.meet(subject=report, kind=kinds.KEY_PROGRESS, on=day)
        suggestion = report.assignment.suggestion
        timeline.record(
            case=suggestion,
            subject=report,
            action="progress.file",
            actor=actor,
            from_state=from_state,
            to_state=report.status,
            note=content,
            data={"due_on": report.due_on.isoformat(), "on_time": report.on_time, "unit": report.assignment.unit_id},
        )
    return report
