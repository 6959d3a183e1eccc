"""The demo's moves, each one service call placed on a past day with time_machine.

Travelling in time is what makes the demo honest: deadlines are computed by the services from the
day each step happened, so what is overdue "today" is overdue by the same rules as in real use.
Steps never land on today or later (clamped to yesterday), so no timestamp lies in the future.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from oversight.demo import replies_text as words
from oversight.demo.seed import World
from oversight.demo.texts import DemoText
from oversight.models import Assignment, Deputy, Reply, Suggestion, User
from oversight.policy_rules import commitment_categories
from oversight.services import assignments as assignment_services
from oversight.services import replies as reply_services
from oversight.services import suggestions as suggestion_services


@dataclass
class Case:
    text: DemoText
    suggestion: Suggestion
    assignments: list[Assignment] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    @property
    def answering(self) -> list[Assignment]:
        return [a for a in self.assignments if a.role != Assignment.Role.CO and a.status != Assignment.Status.RETURNED]

    @property
    def co_handlers(self) -> list[Assignment]:
        return [a for a in self.assignments if a.role == Assignment.Role.CO]


class Director:
    def __init__(self, world: World, *, today: date, seed: int = 7) -> None:
        self.w = world
        self.today = today
        self.rng = random.Random(seed)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.codes = {unit.pk: code for code, unit in world.units.items()}

    # --- time ---

    @contextmanager
    def at(self, day: date) -> Iterator[date]:
        day = min(day, self.today - timedelta(days=1))
        moment = datetime(
            day.year, day.month, day.day, self.rng.randint(9, 16), self.rng.randint(0, 59), tzinfo=self.tz
        )
        with time_machine.travel(moment, tick=False):
            yield day

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    # --- people ---

    def user_of(self, deputy: Deputy) -> User:
        return self.w.deputy_users[deputy.pk]

    def liaison(self, assignment: Assignment) -> User:
        return self.w.liaisons[self.codes[assignment.unit_id]]

    def head(self, assignment: Assignment) -> User:
        return self.w.heads[self.codes[assignment.unit_id]]

    def short(self, assignment: Assignment) -> str:
        unit = self.w.units[self.codes[assignment.unit_id]]
        return unit.short_name or unit.name

    def deputies_of(self, case: Case) -> list[Deputy]:
        s = case.suggestion
        return [s.lead_deputy, *s.co_signers.order_by("pk")]

    # --- 代表建议 ---

    def submit(
        self,
        text: DemoText,
        day: date,
        *,
        lead: Deputy,
        cosigners: Sequence[Deputy] = (),
        period: str = Suggestion.Period.SESSION,
        by_staff: bool = False,
    ) -> Case:
        with self.at(day):
            suggestion = suggestion_services.suggestion_submit(
                actor=self.w.staff if by_staff else self.user_of(lead),
                session=self.w.session,
                title=text.title,
                content=text.content,
                lead_deputy=lead,
                co_signers=cosigners,
                category=self.w.categories[text.category],
                period=period,
            )
        return Case(text=text, suggestion=suggestion)

    def register(self, case: Case, day: date) -> None:
        with self.at(day):
            case.suggestion = suggestion_services.suggestion_register(suggestion=case.suggestion, actor=self.w.staff)

    def return_(self, case: Case, day: date, reason: str) -> None:
        with self.at(day):
            suggestion_services.suggestion_return(suggestion=case.suggestion, actor=self.w.staff, reason=reason)

    def assign(self, case: Case, day: date, *, shape: str = "lead", lead: str | None = None) -> None:
        """shape: "lead" (主办 only), "lead_co" (主办 + 协办) or "separate" (two 分办)."""
        codes = list(dict.fromkeys([lead or case.text.units[0], *case.text.units]))
        if shape == "lead_co" and len(codes) > 1:
            pairs = [(codes[0], "lead"), (codes[1], "co")]
        elif shape == "separate" and len(codes) > 1:
            pairs = [(codes[0], "separate"), (codes[1], "separate")]
        else:
            pairs = [(codes[0], "lead")]
        with self.at(day):
            case.assignments = assignment_services.suggestion_assign(
                suggestion=case.suggestion, actor=self.w.staff, units=[(self.w.units[c], r) for c, r in pairs]
            )

    def set_key(self, case: Case, day: date, leader: str) -> None:
        with self.at(day):
            suggestion_services.suggestion_set_key(
                suggestion=case.suggestion, actor=self.w.staff, is_key=True, leader=leader
            )

    def link(self, case: Case, other: Case, day: date) -> None:
        with self.at(day):
            suggestion_services.suggestion_link(suggestion=case.suggestion, other=other.suggestion, actor=self.w.staff)

    def close_off(self, case: Case, day: date, reason: str = "") -> None:
        with self.at(day):
            suggestion_services.suggestion_close_off(suggestion=case.suggestion, actor=self.w.staff, reason=reason)

    # --- the unit's handling ---

    def accept(self, case: Case, day: date) -> None:
        for i, a in enumerate(case.assignments):
            if a.status == Assignment.Status.ASSIGNED:
                with self.at(day + timedelta(days=i % 2)):
                    assignment_services.assignment_accept(assignment=a, actor=self.liaison(a))
                a.refresh_from_db()

    def request_return(self, a: Assignment, day: date, reason: str) -> None:
        with self.at(day):
            assignment_services.assignment_request_return(assignment=a, actor=self.liaison(a), reason=reason)
        a.refresh_from_db()

    def decide_return(self, case: Case, a: Assignment, day: date, *, approve: bool, to: str | None = None) -> None:
        with self.at(day):
            assignment_services.assignment_decide_return(
                assignment=a,
                actor=self.w.staff,
                approve=approve,
                note="经研究，同意退办，改由职能对口单位办理。"
                if approve
                else "该事项属于你单位职责范围，请认真办理。",
                reassign_to=[self.w.units[to]] if approve and to else (),
            )
        a.refresh_from_db()
        case.assignments = list(case.suggestion.assignments.order_by("pk"))

    def request_extension(self, a: Assignment, day: date, months: int = 2) -> object:
        with self.at(day):
            return assignment_services.assignment_request_extension(
                assignment=a,
                actor=self.liaison(a),
                months=months,
                reason="涉及多个部门协调和资金安排，需待年度预算调整后才能明确答复。",
            )

    def decide_extension(self, extension: object, day: date, *, approve: bool = True) -> None:
        with self.at(day):
            assignment_services.extension_decide(
                extension=extension,  # type: ignore[arg-type]
                actor=self.w.staff,
                approve=approve,
                note="同意延期，请抓紧办理。" if approve else "理由不充分，请按期答复。",
            )

    def contact(self, case: Case, day: date) -> None:
        for a in case.answering:
            method = self.rng.choice(["phone", "visit", "meeting", "inspection", "phone"])
            with self.at(day) as on:
                assignment_services.contact_log(
                    assignment=a,
                    actor=self.liaison(a),
                    method=method,
                    contacted_on=on,
                    summary=words.contact_summary(self.rng),
                    deputy=case.suggestion.lead_deputy,
                )

    def co_opinions(self, case: Case, day: date) -> None:
        for a in case.co_handlers:
            with self.at(day):
                assignment_services.co_opinion_submit(
                    assignment=a, actor=self.liaison(a), content=words.co_opinion_text(case.text, self.short(a))
                )

    def reply(
        self,
        case: Case,
        day: date,
        *,
        category: str = "A",
        commitment_due: date | None = None,
        until: str = "accepted",
        send_back: bool = False,
    ) -> list[Reply]:
        """Draft, sign off and (unless ``until`` stops earlier) accept one reply per answering unit."""
        made: list[Reply] = []
        for a in case.answering:
            a.refresh_from_db()
            commitments = []
            if category in commitment_categories():
                due = commitment_due or date(2026, 12, 31)
                commitments = [{"description": words.commitment_text(case.text), "due_on": due}]
            content = words.reply_content(self.rng, case.text, self.short(a), category, commitment_due)
            with self.at(day):
                reply = reply_services.reply_draft(
                    assignment=a, actor=self.liaison(a), category=category, content=content, commitments=commitments
                )
            made.append(reply)
            if until == "draft":
                continue
            with self.at(day + timedelta(days=1)):
                reply = reply_services.reply_sign(reply=reply, actor=self.head(a))
            if send_back:
                with self.at(day + timedelta(days=2)):
                    reply_services.reply_send_back(
                        reply=reply, actor=self.w.staff, reason="答复未回应代表提出的第二项建议，请补充后重新报送。"
                    )
                with self.at(day + timedelta(days=4)):
                    reply_services.reply_update(reply=reply, actor=self.liaison(a), content=content + "（已补充）")
                with self.at(day + timedelta(days=5)):
                    reply = reply_services.reply_sign(reply=reply, actor=self.head(a))
            if until == "signed":
                continue
            with self.at(day + timedelta(days=6 if send_back else 2)):
                reply = reply_services.reply_accept(reply=reply, actor=self.w.staff)
            made[-1] = reply
        case.replies.extend(made)
        return made

    def rate(self, case: Case, replies: Sequence[Reply], day: date, *, lead: str = "satisfied") -> None:
        """Every deputy rates every reply; the lead deputy gives ``lead``, co-signers mostly agree."""
        from oversight import deadline_kinds
        from tracker import deadlines

        deputies = list(self.deputies_of(case))
        lead_deputy = deputies[0]
        if lead == "unsatisfied":
            # 不满意 opens re-handling and supersedes the reply (no rating after it): the co-signers
            # give their view first, the lead deputy last.
            deputies = [*deputies[1:], lead_deputy]
        for reply in replies:
            # Deputies rate within the feedback window (it is enforced): at the latest on its last day.
            window = deadlines.current(reply, deadline_kinds.FEEDBACK)
            for i, deputy in enumerate(deputies):
                rating = lead if deputy == lead_deputy else self.rng.choice(["satisfied", "satisfied", "basic"])
                when = day + timedelta(days=i)
                if window is not None and when > window.due:
                    when = window.due
                with self.at(when):
                    reply_services.feedback_rate(
                        reply=reply,
                        actor=self.user_of(deputy),
                        rating=rating,
                        comment=words.feedback_comment(self.rng, rating),
                    )
        for a in case.assignments:
            a.refresh_from_db()
