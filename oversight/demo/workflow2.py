"""审议意见 and 满意度测评 for the demo, through the deliberation and voting services.

Four opinions from the year's standing-committee meetings: one closed after a passed vote, one
with an item that failed twice and went to the chairmen's council (询问 decided, rectification
again), one whose reports are due or overdue, and one still in draft. Voting rounds follow the
meetings; the year-end 代表建议办理票决 is open today and the three demo reviewers have not voted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import time_machine
from django.db import models
from django.utils.translation import gettext as _

from oversight.demo.steps import Director
from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem, User
from oversight.models.voting import VotingItem, VotingRound
from oversight.services import deliberation as opinions
from oversight.services import deliberation_reports as reports
from oversight.services import voting

REPORT_TEXT = (
    "收到审议意见后，我{unit}党组专题研究，逐条制定整改措施，明确责任领导和完成时限。"
    "一是健全工作机制，二是加大资金投入，三是强化督查考核。目前各项措施正有序推进，"
    "部分指标已提前完成年度目标。"
)
COMMENTS = ("报告针对审议意见逐条作了回应，措施较为具体，建议提交常委会会议满意度测评。",)


class Workflow2:
    def __init__(self, d: Director) -> None:
        self.d = d
        self.staff = d.w.staff

    @contextmanager
    def moment(self, day: date, hour: int = 10) -> Iterator[None]:
        with time_machine.travel(datetime.combine(day, time(hour, 0), tzinfo=self.d.tz), tick=False):
            yield

    def opinion(
        self, title: str, meeting: str, meeting_date: date, kind: str, codes: Sequence[str]
    ) -> DeliberationOpinion:
        contents = (
            "进一步压实责任，建立问题清单、任务清单和责任清单，确保审议意见落到实处。",
            "加大财政投入力度，优化资金使用结构，提高资金使用绩效。",
            "加强部门协同和信息共享，建立常态化监测预警机制。",
        )
        with self.moment(meeting_date + timedelta(days=1)):
            return opinions.opinion_create(
                actor=self.staff,
                title=title,
                meeting_name=meeting,
                meeting_date=meeting_date,
                report_type=kind,
                committee="市人大常委会有关工作委员会",
                items=[
                    opinions.ItemInput(unit=self.d.w.units[c], content=contents[i % len(contents)])
                    for i, c in enumerate(codes)
                ],
                report_title=title.removeprefix("关于").removesuffix("的审议意见"),
                content="常委会组成人员在审议中充分肯定了有关工作，同时指出了存在的问题，提出如下意见。",
            )

    def issue(self, opinion: DeliberationOpinion, day: date) -> None:
        with self.moment(day):
            opinions.opinion_issue(opinion=opinion, actor=self.staff, issued_on=day)

    def item(self, opinion: DeliberationOpinion, code: str) -> OpinionItem:
        return opinion.items.get(unit=self.d.w.units[code])

    def report(self, item: OpinionItem, day: date, *, comment: bool = True) -> FollowUpReport:
        code = self.d.codes[item.unit_id]
        unit = self.d.w.units[code]
        with self.moment(day):
            report = reports.report_submit(
                item=item, actor=self.d.w.liaisons[code], content=REPORT_TEXT.format(unit=unit.short_name)
            )
        with self.moment(day + timedelta(days=1)):
            report = reports.report_sign(report=report, actor=self.d.w.heads[code])
        if comment:
            with self.moment(day + timedelta(days=5)):
                report = reports.report_comment(report=report, actor=self.staff, comment=COMMENTS[0])
        return report

    def vote(
        self,
        title: str,
        meeting: str,
        day: date,
        subjects: Sequence[tuple[str, models.Model, str]],
        *,
        close: bool = True,
        abstain: Sequence[User] = (),
    ) -> VotingRound:
        """subjects: (kind, subject, outcome) with outcome "pass" or "fail"; year-end unit items
        take the Unit as subject. Everyone not in ``abstain`` votes."""
        opens = datetime.combine(day, time(9, 0), tzinfo=self.d.tz)
        closes = opens + (timedelta(days=10) if not close else timedelta(hours=3))
        with self.moment(day - timedelta(days=2)):
            rnd = voting.round_create(
                actor=self.staff, title=title, meeting_name=meeting, meeting_date=day, opens_at=opens, closes_at=closes
            )
            items = [
                voting.round_add_item(
                    voting_round=rnd,
                    actor=self.staff,
                    kind=kind,
                    subject=subject,
                    year=day.year if kind.startswith("unit") else None,
                )
                for kind, subject, _outcome in subjects
            ]
            voting.round_set_reviewers(voting_round=rnd, actor=self.staff, reviewers=self.d.w.reviewers)
            rnd = voting.round_open(voting_round=rnd, actor=self.staff)
        outcomes = {item.pk: outcome for item, (_k, _s, outcome) in zip(items, subjects, strict=True)}
        voters = [r for r in self.d.w.reviewers if r not in abstain]
        with time_machine.travel(opens + timedelta(minutes=30), tick=False):
            for n, reviewer in enumerate(voters):
                choices = {pk: self._choice(outcome, n) for pk, outcome in outcomes.items()}
                voting.ballot_cast(voting_round=rnd, actor=reviewer, choices=choices)
        if close:
            with time_machine.travel(closes + timedelta(minutes=5), tick=False):
                rnd = voting.round_close(voting_round=rnd, actor=self.staff)
                rnd = voting.round_publish(voting_round=rnd, actor=self.staff)
        return rnd

    @staticmethod
    def _choice(outcome: str, n: int) -> str:
        # A pass: mostly 满意/基本满意; a fail: a clear majority 不满意.
        if outcome == "pass":
            return ("satisfied", "satisfied", "basic", "satisfied", "unsatisfied")[n % 5]
        return ("unsatisfied", "unsatisfied", "basic", "unsatisfied", "satisfied")[n % 5]


def build_workflow2(d: Director) -> list[str]:
    w = Workflow2(d)
    today = d.today
    kinds = DeliberationOpinion.ReportType

    env = w.opinion(
        "关于市人民政府2025年度环境状况和环境保护目标完成情况报告的审议意见",
        "市第十七届人大常委会第二十一次会议",
        date(2026, 4, 28),
        kinds.SPECIAL_WORK,
        ["sthjj", "slj"],
    )
    w.issue(env, date(2026, 5, 6))
    env_reports = [w.report(w.item(env, c), date(2026, 6, 8)) for c in ("sthjj", "slj")]
    w.vote(
        "第二十二次会议审议意见研究处理情况满意度测评",
        "市第十七届人大常委会第二十二次会议",
        date(2026, 6, 26),
        [(VotingItem.Kind.FOLLOW_UP, r, "pass") for r in env_reports],
    )

    edu = w.opinion(
        "关于全市义务教育优质均衡发展情况报告的审议意见",
        "市第十七届人大常委会第二十三次会议",
        date(2026, 6, 24),
        kinds.SPECIAL_WORK,
        ["jyj", "czj"],
    )
    w.issue(edu, date(2026, 6, 30))
    first = [w.report(w.item(edu, c), date(2026, 8, 10)) for c in ("jyj", "czj")]
    w.vote(
        "第二十四次会议审议意见研究处理情况满意度测评",
        "市第十七届人大常委会第二十四次会议",
        date(2026, 8, 27),
        [(VotingItem.Kind.FOLLOW_UP, first[0], "fail"), (VotingItem.Kind.FOLLOW_UP, first[1], "pass")],
    )
    again = w.report(w.item(edu, "jyj"), date(2026, 10, 12))
    w.vote(
        "第二十六次会议整改情况满意度测评",
        "市第十七届人大常委会第二十六次会议",
        date(2026, 10, 29),
        [(VotingItem.Kind.FOLLOW_UP, again, "fail")],
    )
    with w.moment(date(2026, 11, 9)):
        opinions.escalation_record(
            item=w.item(edu, "jyj"),
            actor=w.staff,
            kind="inquiry",
            decided_on=date(2026, 11, 9),
            note="主任会议决定：在下次常委会会议上就义务教育优质均衡问题开展专题询问，并限期整改。",
        )

    food = w.opinion(
        "关于检查《中华人民共和国食品安全法》实施情况的报告的审议意见",
        "市第十七届人大常委会第二十五次会议",
        date(2026, 8, 26),
        kinds.LAW_ENFORCEMENT,
        ["scjgj", "gaj", "nyncj"],
    )
    w.issue(food, date(2026, 9, 1))
    w.report(w.item(food, "scjgj"), date(2026, 10, 26))  # commented, waiting for a vote
    w.report(w.item(food, "nyncj"), date(2026, 10, 28), comment=False)  # signed, waiting for comment
    # 市公安局 has not reported: its follow-up report deadline has passed.

    draft_day = today - timedelta(days=3)
    w.opinion(
        "关于2026年国民经济和社会发展计划执行情况报告的审议意见",
        "市第十七届人大常委会第二十七次会议",
        draft_day,
        kinds.PLAN_BUDGET_AUDIT,
        ["fgw", "czj"],
    )

    # Year-end 代表建议办理票决: open now; reviewer1–3 have not voted yet, so they can.
    units = [d.w.units[c] for c in ("zjj", "jyj", "jtj", "wjw")]
    d_named = [u for u in d.w.reviewers if u.username in ("reviewer1", "reviewer2", "reviewer3")]
    w.vote(
        f"{today.year}年度代表建议办理情况满意度票决",
        "市第十七届人大常委会第二十八次会议",
        today - timedelta(days=1),
        [(VotingItem.Kind.UNIT_SUGGESTIONS, u, "pass") for u in units],
        close=False,
        abstain=d_named,
    )
    return [
        _("审议意见 %(opinions)s 件（事项 %(items)s 项），满意度测评 %(rounds)s 次（其中 1 次投票进行中）。")
        % {
            "opinions": DeliberationOpinion.objects.count(),
            "items": OpinionItem.objects.count(),
            "rounds": VotingRound.objects.count(),
        }
    ]
