"""The 审议意见 rows of the API permission table (tests/api/matrix.py appends them).

Case A's opinion has one item owned by unit A, case B's one owned by unit B; so for a liaison or
head of unit A, case A is their own and case B another body's. Deputies have nothing to do here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.api.matrix import Row, every_signed_in, read, staff_only, unit_step
from tests.api.world import Case, World

NO_DEPUTIES = {"deputy": (404, 404), "cosigner": (404, 404)}


def _opinions(*, issued: bool = True) -> Callable[[World], None]:
    def prepare(world: World) -> None:
        from django.utils import timezone

        from oversight.services.deliberation import ItemInput, opinion_create, opinion_issue

        for case in world.cases.values():
            opinion = opinion_create(
                actor=world.actors.staff,
                title=f"关于{case.label}报告的审议意见",
                meeting_name="第二十次会议",
                meeting_date=timezone.localdate(),
                report_type="special_work",
                committee="城建环资工委",
                items=[ItemInput(unit=case.unit, content="加快推进相关工作。")],
            )
            if issued:
                opinion_issue(opinion=opinion, actor=world.actors.staff)
            case.objects["opinion"] = opinion
            case.objects["item"] = opinion.items.get()

    return prepare


def _reports(until: str) -> Callable[[World], None]:
    """Each case's item with a report taken to ``until``: submitted, signed, commented, council."""

    def prepare(world: World) -> None:
        from oversight.services.deliberation import report_record_outcome
        from oversight.services.deliberation_reports import report_comment, report_sign, report_submit

        _opinions()(world)
        staff = world.actors.staff
        for case in world.cases.values():
            item = case.objects["item"]
            rounds = 2 if until == "council" else 1
            for _ in range(rounds):
                report = report_submit(item=item, actor=case.liaison, content="已推进。")
                if until != "submitted":
                    report = report_sign(report=report, actor=case.head)
                if until in ("commented", "council"):
                    report = report_comment(report=report, actor=staff, comment="仍需加强。")
                if until == "council":
                    report_record_outcome(report=report, passed=False, actor=staff)
                    item.refresh_from_db()
            case.objects["report"] = report

    return prepare


def _report_attachment(world: World) -> None:
    """Each case's item with a submitted report carrying one PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.services.deliberation_reports import report_submit

    _opinions()(world)
    for case in world.cases.values():
        pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        report = report_submit(item=case.objects["item"], actor=case.liaison, content="已推进。", attachments=[pdf])
        case.objects["attachment"] = report.attachments.get()


def _opinion(case: Case) -> Any:
    return case.objects["opinion"]


def _item(case: Case) -> Any:
    return case.objects["item"]


def _report(case: Case) -> Any:
    return case.objects["report"]


DELIBERATION_ROWS: list[Row] = [
    Row("opinion-list GET", every_signed_in()),
    Row("opinion-item-list GET", every_signed_in()),
    Row("followup-report-list GET", every_signed_in()),
    Row(
        "opinion-list POST",
        staff_only(201),
        payload=lambda w, c: {
            "title": "关于执法检查报告的审议意见",
            "meeting_name": "第二十次会议",
            "meeting_date": "2026-03-02",
            "report_type": "law_enforcement",
            "committee": "内务司法工委",
            "items": [{"unit": c.unit.pk, "content": "加大执法力度。"}],
        },
    ),
    Row("opinion-detail GET", read(**NO_DEPUTIES), prepare=_opinions(), target=_opinion),
    Row("opinion-timeline GET", read(**NO_DEPUTIES), prepare=_opinions(), target=_opinion),
    Row("opinion-issue POST", staff_only(), prepare=_opinions(issued=False), target=_opinion, payload=lambda w, c: {}),
    Row(
        "opinion-publish POST",
        staff_only(),
        prepare=_opinions(),
        target=_opinion,
        payload=lambda w, c: {"published": True},
    ),
    Row("opinion-item-detail GET", read(**NO_DEPUTIES), prepare=_opinions(), target=_item),
    Row(
        "opinion-item-plan POST",
        unit_step(201),
        prepare=_opinions(),
        target=_item,
        payload=lambda w, c: {"content": "成立专班推进。"},
    ),
    Row(
        "opinion-item-report POST",
        unit_step(201),
        prepare=_opinions(),
        target=_item,
        payload=lambda w, c: {"content": "已完成阶段目标。"},
    ),
    Row(
        "opinion-item-escalation POST",
        staff_only(201),
        prepare=_reports("council"),
        target=_item,
        payload=lambda w, c: {"kind": "inquiry", "decided_on": "2026-03-02", "note": "专题询问。"},
    ),
    Row("followup-report-detail GET", read(**NO_DEPUTIES), prepare=_reports("submitted"), target=_report),
    # A report's files follow the report; without a login the answer is 404, not 401.
    Row(
        "report-attachment-download GET",
        read(anon=(404, 404), **NO_DEPUTIES),
        prepare=_report_attachment,
        target=lambda c: c.objects["attachment"],
    ),
    Row(
        "followup-report-sign POST",
        unit_step(head_only=True),
        prepare=_reports("submitted"),
        target=_report,
    ),
    Row(
        "followup-report-comment POST",
        staff_only(),
        prepare=_reports("signed"),
        target=_report,
        payload=lambda w, c: {"comment": "进展明显。"},
    ),
    Row("followup-report-send-to-vote POST", staff_only(), prepare=_reports("commented"), target=_report),
]
