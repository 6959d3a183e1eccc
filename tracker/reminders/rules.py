"""Which reminder is due on a given day for a deadline due on a given date.

Rules (config/policy.py): before the due date (10, 5, 1 working days), on the due date, while
overdue every N working days, and once — to the escalation recipients — after M working days
overdue. A sweep that missed days (server down) catches up with the most recent reminder only,
never a burst of stale ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker import calendar, policy


@dataclass(frozen=True)
class Firing:
    rule: str  # Reminder.Rule value
    occurrence: str
    escalate: bool = False
    days: int = 0  # working days before (positive) or overdue (positive) for the message


class RuleBook:
    """Evaluates the rules for one sweep day; results are memoised per due date, because many
    deadlines share a due date and working-day arithmetic walks the calendar day by day."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.before = sorted(policy.get("REMIND_BEFORE_WORKING_DAYS"))
        self.every = max(policy.get("REMIND_OVERDUE_EVERY_WORKING_DAYS"), 1)
        self.escalate_after = policy.get("ESCALATE_AFTER_OVERDUE_WORKING_DAYS")
        self._memo: dict[date, tuple[Firing, ...]] = {}

    def horizon(self) -> date:
        """The latest due date any rule can fire for today (the longest "before" offset)."""
        return calendar.add_working_days(self.today, max(self.before, default=0))

    def mark(self, due: date) -> str:
        """A short fingerprint of what fires today for ``due`` (stored on the deadline once written)."""
        return "|".join(f"{f.rule}:{f.occurrence}" for f in self.firings(due))

    def firings(self, due: date) -> tuple[Firing, ...]:
        hit = self._memo.get(due)
        if hit is None:
            hit = self._memo[due] = tuple(self._evaluate(due))
        return hit

    def _evaluate(self, due: date) -> list[Firing]:
        today = self.today
        iso = due.isoformat()
        if today < due:
            # The closest offset whose trigger day has come: 10 → 5 → 1 as the date nears.
            for n in self.before:
                if calendar.add_working_days(due, -n) <= today:
                    return [Firing("before", f"{iso}:-{n}", days=n)]
            return []
        overdue = calendar.working_days_between(due, today)
        rounds = overdue // self.every
        out = [Firing("due", iso)] if rounds == 0 else [Firing("overdue", f"{iso}:+{rounds}", days=overdue)]
        if self.escalate_after and overdue >= self.escalate_after:
            out.append(Firing("escalate", iso, escalate=True, days=overdue))
        return out
