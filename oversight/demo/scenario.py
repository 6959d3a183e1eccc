"""The demo's story: one session's suggestions taken through every state by the services.

Most suggestions were made at the session (2026-01-10…13), assigned at the 交办会 on 2026-02-03
and answered in spring; a smaller set were made between sessions, at dates counted back from
today, so that "waiting for sign-off", "return requested" or "extension pending" are fresh.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from oversight.demo.later import fulfil_commitments, report_progress, supervise
from oversight.demo.steps import Case, Director
from oversight.demo.texts import DemoText, suggestion_texts
from oversight.models import Deputy, Suggestion
from oversight.services import replies as reply_services

ASSIGNED_ON = date(2026, 2, 3)  # 交办会
KEY_LEADERS = ("常委会副主任 张建华", "常委会副主任 李秀兰", "常委会主任 王立新", "常委会秘书长 刘志国")
RETURN_REASONS = ("所提内容属于企业经营行为，不属于代表建议范围。", "该建议内容为个人诉求，建议通过信访渠道反映。")


@dataclass(frozen=True)
class Path:
    name: str
    count: int
    run: Callable[[Director, Case, int], None]


def _day(d: Director, start: date, spread: int) -> date:
    return start + timedelta(days=d.rng.randint(0, spread))


def _handle(d: Director, c: Case, i: int, *, shape: str | None = None, contact_on: date | None = None) -> None:
    shape = shape or d.rng.choice(["lead", "lead", "lead_co"])
    d.assign(c, ASSIGNED_ON, shape=shape)
    d.accept(c, ASSIGNED_ON + timedelta(days=1))
    d.co_opinions(c, _day(d, date(2026, 2, 24), 6))
    d.contact(c, contact_on or _day(d, date(2026, 3, 2), 20))


def _replied(d: Director, c: Case, i: int, category: str = "A", due: date | None = None) -> None:
    _handle(d, c, i)
    replies = d.reply(c, _day(d, date(2026, 4, 1), 22), category=category, commitment_due=due, send_back=i % 9 == 4)
    d.rate(c, replies, _day(d, date(2026, 4, 28), 14))


def closed_a(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "A")
    d.close_off(c, _day(d, date(2026, 6, 10), 40), "代表满意，办结销号。")


def closed_d(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "D")
    d.close_off(c, _day(d, date(2026, 6, 10), 40), "留作参考，代表表示理解。")


def closed_b_fulfilled(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "B", date(2026, 9, 30))
    report_progress(d, c, _day(d, date(2026, 7, 10), 20))
    fulfil_commitments(d, c, _day(d, date(2026, 9, 1), 25))
    d.close_off(c, _day(d, date(2026, 10, 8), 15), "承诺事项已全部落实。")


def concluded_a(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "A")


def concluded_b_open(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "B", date(2026, 12, 31))
    report_progress(d, c, _day(d, date(2026, 8, 10), 40))


def concluded_c_overdue(d: Director, c: Case, i: int) -> None:
    _replied(d, c, i, "C" if i % 2 else "B", date(2026, 9, 30))


def rehandled(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i, shape="lead")
    first = d.reply(c, _day(d, date(2026, 4, 1), 20), category="A")
    d.rate(c, first, date(2026, 5, 8), lead="unsatisfied")
    d.contact(c, _day(d, date(2026, 5, 15), 7))
    second = d.reply(c, _day(d, date(2026, 5, 28), 5), category="B", commitment_due=date(2026, 12, 31))
    d.rate(c, second, date(2026, 6, 10), lead="basic")


def rehandling_overdue(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i, shape="lead")
    first = d.reply(c, _day(d, date(2026, 4, 1), 20), category="C", commitment_due=date(2027, 6, 30))
    d.rate(c, first, _day(d, date(2026, 5, 6), 10), lead="unsatisfied")


def staff_concluded(d: Director, c: Case, i: int) -> None:
    from oversight.services import assignments as services

    _handle(d, c, i, shape="lead")
    d.rate(c, d.reply(c, date(2026, 4, 10), category="D"), date(2026, 4, 25), lead="unsatisfied")
    d.rate(c, d.reply(c, date(2026, 5, 15), category="D"), date(2026, 5, 28), lead="unsatisfied")
    for a in c.answering:
        with d.at(date(2026, 6, 20)):
            services.assignment_conclude(
                assignment=a,
                actor=d.w.staff,
                reason="已两轮重新办理，受上级政策限制确实无法解决，经主任会议同意作办结处理。",
            )
    d.close_off(c, date(2026, 7, 2), "经主任会议研究同意销号。")


def feedback_overdue(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i)
    d.reply(c, _day(d, date(2026, 4, 10), 12), category="A")


def late_reply(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i)
    replies = d.reply(c, _day(d, date(2026, 5, 12), 8), category="A")
    d.rate(c, replies, date(2026, 6, 5), lead="basic")
    d.close_off(c, date(2026, 7, 8))


def extension_then_reply(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i, shape="lead")
    lead = c.answering[0]
    d.decide_extension(d.request_extension(lead, date(2026, 4, 20), months=2), date(2026, 4, 22))
    replies = d.reply(c, date(2026, 6, 22), category="B", commitment_due=date(2026, 12, 31))
    d.rate(c, replies, date(2026, 7, 6))


def extension_overdue(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i, shape="lead")
    lead = c.answering[0]
    d.decide_extension(d.request_extension(lead, date(2026, 4, 20), months=3), date(2026, 4, 23))
    supervise(d, c, date(2026, 9, 15), "notice", "答复期限已过，发出催办通知，要求十日内答复。")


def return_reassigned(d: Director, c: Case, i: int) -> None:
    wrong, right = c.text.units[-1], c.text.units[0]
    if wrong == right:
        wrong = "fgw" if right != "fgw" else "czj"
    d.assign(c, ASSIGNED_ON, shape="lead", lead=wrong)
    d.request_return(c.assignments[0], ASSIGNED_ON + timedelta(days=2), "该事项不属于我单位职责范围。")
    d.decide_return(c, c.assignments[0], ASSIGNED_ON + timedelta(days=6), approve=True, to=right)
    d.accept(c, ASSIGNED_ON + timedelta(days=7))
    d.contact(c, date(2026, 3, 10))
    d.rate(c, d.reply(c, date(2026, 4, 20), category="A"), date(2026, 5, 10))
    d.close_off(c, date(2026, 6, 18))


def separate_closed(d: Director, c: Case, i: int) -> None:
    _handle(d, c, i, shape="separate")
    d.rate(c, d.reply(c, _day(d, date(2026, 4, 1), 20), category="A"), _day(d, date(2026, 5, 5), 10))
    d.close_off(c, _day(d, date(2026, 6, 15), 20))


SESSION_PATHS = (
    Path("closed_a", 70, closed_a),
    Path("closed_d", 6, closed_d),
    Path("closed_b_fulfilled", 14, closed_b_fulfilled),
    Path("concluded_a", 12, concluded_a),
    Path("concluded_b_open", 8, concluded_b_open),
    Path("concluded_c_overdue", 8, concluded_c_overdue),
    Path("rehandled", 8, rehandled),
    Path("rehandling_overdue", 4, rehandling_overdue),
    Path("staff_concluded", 2, staff_concluded),
    Path("feedback_overdue", 5, feedback_overdue),
    Path("late_reply", 6, late_reply),
    Path("extension_then_reply", 4, extension_then_reply),
    Path("extension_overdue", 3, extension_overdue),
    Path("return_reassigned", 2, return_reassigned),
    Path("separate_closed", 5, separate_closed),
)
SESSION_RETURNED = 3


class TextPicker:
    """Hands out the 200 texts; the named demo units get one of each path where a text fits."""

    def __init__(self) -> None:
        self.texts = suggestion_texts()

    def take(self, prefer_unit: str | None = None) -> DemoText:
        if prefer_unit:
            for i, text in enumerate(self.texts):
                if text.units[0] == prefer_unit:
                    return self.texts.pop(i)
        return self.texts.pop(0)


def people_for(d: Director, i: int) -> tuple[Deputy, list[Deputy]]:
    """The first suggestion of every path is the demo deputy's, co-signed by the demo co-signer."""
    named_lead, named_cosigner, *others = d.w.deputies
    if i == 0:
        return named_lead, [named_cosigner, *d.rng.sample(others, d.rng.randint(0, 1))]
    lead = d.rng.choice(others)
    pool = [p for p in others if p.pk != lead.pk]
    cosigners = d.rng.sample(pool, d.rng.choice((0, 0, 1, 1, 2, 3)))
    if i % 7 == 3:
        cosigners.append(named_cosigner)
    return lead, cosigners


def preferred_unit(i: int) -> str | None:
    return {1: "zjj", 2: "jyj"}.get(i)


def run_session(d: Director, picker: TextPicker) -> list[Case]:
    """Submit every session suggestion first, then register them in order (so numbers follow
    submission), then take each along its path."""
    planned: list[tuple[Path | None, int, Case]] = []
    plan: list[tuple[Path | None, int]] = [(p, i) for p in SESSION_PATHS for i in range(p.count)]
    plan += [(None, i) for i in range(SESSION_RETURNED)]
    order = list(range(len(plan)))
    random.Random(3).shuffle(order)
    for n in order:
        path, i = plan[n]
        lead, cosigners = people_for(d, i)
        text = picker.take(preferred_unit(i))
        day = date(2026, 1, 10) + timedelta(days=n % 4)
        case = d.submit(text, day, lead=lead, cosigners=cosigners, by_staff=n % 5 == 0)
        planned.append((path, i, case))
    for k, (path, i, case) in enumerate(planned):
        if path is None:
            d.return_(case, date(2026, 1, 21), RETURN_REASONS[i % len(RETURN_REASONS)])
        else:
            d.register(case, date(2026, 1, 19) + timedelta(days=k // 45))
    cases = []
    for path, i, case in planned:
        if path is not None:
            path.run(d, case, i)
            cases.append(case)
    _key_supervision(d, cases)
    return cases


def _key_supervision(d: Director, cases: list[Case]) -> None:
    """Ten open or concluded cases are 重点督办, with a 专题督办 meeting in spring."""
    eligible = [
        c
        for c in cases
        if Suggestion.objects.filter(pk=c.suggestion.pk).exclude(status=Suggestion.Status.CLOSED_OFF).exists()
    ]
    for n, case in enumerate(eligible[:10]):
        d.set_key(case, ASSIGNED_ON + timedelta(days=1), KEY_LEADERS[n % len(KEY_LEADERS)])
        supervise(d, case, date(2026, 4, 16), "topical", "召开专题督办会，听取承办单位办理进展汇报。")
    if len(eligible) > 12:
        d.link(eligible[10], eligible[11], ASSIGNED_ON + timedelta(days=1))


# --- between sessions: dates counted back from today ---


def _interim_case(d: Director, picker: TextPicker, i: int, submitted_ago: int) -> Case:
    lead, cosigners = people_for(d, i)
    text = picker.take(preferred_unit(i))
    return d.submit(text, d.days_ago(submitted_ago), lead=lead, cosigners=cosigners, period=Suggestion.Period.INTERIM)


def _assigned(d: Director, picker: TextPicker, i: int, ago: int, *, accept: bool = True) -> Case:
    c = _interim_case(d, picker, i, ago + 15)
    d.register(c, d.days_ago(ago + 8))
    d.assign(c, d.days_ago(ago), shape="lead_co" if i % 3 == 1 else "lead")
    if accept:
        d.accept(c, d.days_ago(ago - 1))
    return c


def run_interim(d: Director, picker: TextPicker) -> None:
    ago = d.days_ago
    for i in range(5):  # submitted, waiting for staff review
        _interim_case(d, picker, i, 1 + i % 4)
    c = _interim_case(d, picker, 0, 20)
    d.return_(c, ago(18), RETURN_REASONS[1])
    for i in range(4):  # registered, waiting for 交办
        d.register(_interim_case(d, picker, i, 15), ago(10))
    for i in range(4):  # assigned, waiting for the unit to sign
        _assigned(d, picker, i, 2, accept=False)
    for i in range(2):  # return requested
        c = _assigned(d, picker, i, 4, accept=False)
        d.request_return(c.assignments[0], ago(2), "该事项主要涉及其他部门职责，申请调整承办单位。")
    c = _assigned(d, picker, 0, 30)  # return refused, handling goes on
    d.request_return(c.assignments[0], ago(28), "我单位仅负责其中部分工作。")
    d.decide_return(c, c.assignments[0], ago(25), approve=False)
    for i in range(6):  # in handling, contact made
        c = _assigned(d, picker, i, 45)
        d.co_opinions(c, ago(30))
        d.contact(c, ago(20))
    for i in range(3):  # extension pending
        c = _assigned(d, picker, i, 85)
        d.contact(c, ago(60))
        d.request_extension(c.answering[0], ago(3), months=2)
    for i in range(2):  # reply overdue, nothing sent
        c = _assigned(d, picker, i, 110)
        d.contact(c, ago(90))
        supervise(d, c, ago(10), "notice", "答复已逾期，电话催办。")
    for i in range(2):  # reply drafted, waiting for the head's sign-off
        c = _assigned(d, picker, i, 60)
        d.co_opinions(c, ago(40))
        d.contact(c, ago(30))
        d.reply(c, ago(2), category="A", until="draft")
    for i in range(3):  # reply signed, waiting for staff review
        c = _assigned(d, picker, i, 60)
        d.co_opinions(c, ago(40))
        d.contact(c, ago(30))
        d.reply(c, ago(5), category="B", commitment_due=date(2027, 3, 31), until="signed")
    c = _assigned(d, picker, 2, 50)  # reply sent back by staff (退回重办), the unit revises it
    d.contact(c, ago(30))
    (reply,) = d.reply(c, ago(6), category="A", until="signed")
    with d.at(ago(3)):
        reply_services.reply_send_back(reply=reply, actor=d.w.staff, reason="答复过于简单，请补充具体措施和完成时限。")
    for i in range(5):  # reply delivered, waiting for the deputies' ratings
        c = _assigned(d, picker, i, 75)
        d.co_opinions(c, ago(50))
        d.contact(c, ago(40))
        d.reply(c, ago(14), category="A" if i % 2 else "B", commitment_due=date(2027, 6, 30))
    c = _assigned(d, picker, 1, 90)  # re-handling after 不满意
    d.co_opinions(c, ago(75))
    d.contact(c, ago(70))
    d.rate(c, d.reply(c, ago(40), category="D"), ago(20), lead="unsatisfied")


def interim_count() -> int:
    return 5 + 1 + 4 + 4 + 2 + 1 + 6 + 3 + 2 + 2 + 3 + 1 + 5 + 1


def session_count() -> int:
    return sum(p.count for p in SESSION_PATHS) + SESSION_RETURNED


def build(d: Director) -> None:
    picker = TextPicker()
    run_session(d, picker)
    run_interim(d, picker)
