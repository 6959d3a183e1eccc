"""The deputies' feedback window (征询意见期, DESIGN.md: 20 working days from the reply reaching
them, ``FEEDBACK_WINDOW_WORKING_DAYS``). Within it a deputy rates online; after it the reminders
have run their course (overdue rounds, then escalation to staff) and staff record the outcome —
办结 with the deputy's view as the reason, or 重新办理 — so a case never waits for ever."""

from __future__ import annotations

from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition
from oversight.models import Reply
from oversight.services._base import today
from tracker import deadlines


def require_window_open(reply: Reply) -> None:
    window = deadlines.current(reply, kinds.FEEDBACK)
    if window is not None and window.due < today():
        raise IllegalTransition(
            _("评价期已于%(due)s结束，不能在线评价；请联系人大工作人员记录您的意见。")
            % {"due": window.due.isoformat()},
            code="feedback_window_closed",
        )
