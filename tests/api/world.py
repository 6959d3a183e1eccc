"""Two suggestions moved through Workflow 1 by the real services, for the API tests.

Case "A" is led by ``actors.deputy`` with ``actors.cosigner`` and handled by unit A; case "B" is
led by another deputy and handled by unit B. So for a liaison of unit A, A is their own and B
another unit's; for our deputy, B is another deputy's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from oversight.models import Deputy, Unit, User

# Each stage is reached from the one before it; a stage's name says what the case then holds.
STAGES = [
    "submitted",  # suggestion submitted
    "registered",  # 立案
    "assigned",  # 交办 to the case's unit as lead
    "accepted",  # 签收
    "contacted",  # contact with the deputies logged
    "drafted",  # reply drafted (category B with one commitment, or A)
    "signed",  # 签发 by the unit head
    "delivered",  # staff accepted the reply: it reached the deputies; commitments opened
    "rated",  # every deputy of the case rated it satisfied: the assignment is concluded
]


@dataclass
class Case:
    label: str
    deputy: Deputy
    deputy_users: list[User]
    unit: Unit
    liaison: User
    head: User
    # Set as the case moves through the stages (Any: tests read them only after that).
    suggestion: Any = None
    assignment: Any = None
    reply: Any = None
    objects: dict[str, Any] = field(default_factory=dict)


class World:
    def __init__(self, actors: Any) -> None:
        self.actors = actors
        other_user = User.objects.create(username="deputy_b", display_name="钱代表")
        other = Deputy.objects.create(name="钱代表", user=other_user)
        self.unit_c = Unit.objects.create(name="市交通运输局", short_name="交通局")
        self.cases = {
            "A": Case(
                "A",
                actors.deputy_profile,
                [actors.deputy, actors.cosigner],
                actors.unit_a,
                actors.liaison_a,
                actors.head_a,
            ),
            "B": Case("B", other, [other_user], actors.unit_b, actors.liaison_b, actors.head_b),
        }

    # --- stages ---

    def advance(self, stage: str, *, category: str = "B") -> dict[str, Case]:
        """Move both cases to ``stage``."""
        for case in self.cases.values():
            self._advance(case, stage, category=category)
        return self.cases

    def _advance(self, case: Case, stage: str, *, category: str) -> None:
        from oversight.services import assignments as a
        from oversight.services import replies as r
        from oversight.services import suggestions as s

        staff = self.actors.staff
        steps = STAGES[: STAGES.index(stage) + 1]
        for step in steps:
            if step == "submitted":
                co_signers = [self.actors.cosigner_profile] if case.label == "A" else []
                case.suggestion = s.suggestion_submit(
                    actor=staff,
                    session=self.actors.session,
                    title=f"关于增开{case.label}区公交线路的建议",
                    content="早晚高峰公交拥挤，建议增开线路、加密班次。",
                    lead_deputy=case.deputy,
                    co_signers=co_signers,
                    category=self.actors.category,
                )
            elif step == "registered":
                s.suggestion_register(suggestion=case.suggestion, actor=staff)
            elif step == "assigned":
                (case.assignment,) = a.suggestion_assign(
                    suggestion=case.suggestion, actor=staff, units=[(case.unit, "lead")]
                )
            elif step == "accepted":
                a.assignment_accept(assignment=case.assignment, actor=case.liaison)
            elif step == "contacted":
                a.contact_log(
                    assignment=case.assignment,
                    actor=case.liaison,
                    method="meeting",
                    contacted_on=timezone.localdate(),
                    summary="与代表座谈面商，听取意见。",
                )
            elif step == "drafted":
                commitments = (
                    [{"description": "年内新开通两条公交线路", "due_on": timezone.localdate() + timedelta(days=90)}]
                    if category in ("B", "C")
                    else []
                )
                case.reply = r.reply_draft(
                    assignment=case.assignment,
                    actor=case.liaison,
                    category=category,
                    content="经研究，我局已将线路调整列入年度计划。",
                    commitments=commitments,
                )
            elif step == "signed":
                r.reply_sign(reply=case.reply, actor=case.head)
            elif step == "delivered":
                r.reply_accept(reply=case.reply, actor=staff)
            elif step == "rated":
                for user in case.deputy_users:
                    r.feedback_rate(reply=case.reply, actor=_fresh(user), rating="satisfied", comment="满意")
        self._refresh(case)

    def _refresh(self, case: Case) -> None:
        if case.suggestion is not None:
            case.suggestion.refresh_from_db()
        if case.assignment is not None:
            case.assignment.refresh_from_db()
        if case.reply is not None:
            case.reply.refresh_from_db()

    def co_assign(self) -> dict[str, Case]:
        """Each case registered and assigned to unit C as lead and the case's unit as co-handler
        (协办), which has signed for it; ``case.assignment`` is the co-handler's."""
        from oversight.services import assignments as a

        self.advance("registered")
        for case in self.cases.values():
            lead, co = a.suggestion_assign(
                suggestion=case.suggestion,
                actor=self.actors.staff,
                units=[(self.unit_c, "lead"), (case.unit, "co")],
            )
            if lead.unit_id != self.unit_c.pk:
                lead, co = co, lead
            a.assignment_accept(assignment=co, actor=case.liaison)
            case.assignment = co
            self._refresh(case)
        return self.cases


def _fresh(user: User) -> User:
    """A new instance, so cached roles (unit_roles, deputy_id) are read from the database."""
    return User.objects.get(pk=user.pk)
