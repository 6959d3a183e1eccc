"""The owning body's steps (plan, report, sign-off) and the committee's comment: who may, and when."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.deliberation_kinds import FOLLOW_UP_REPORT
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem
from oversight.services.deliberation_reports import (
    plan_submit,
    report_comment,
    report_send_to_vote,
    report_sign,
    report_submit,
)
from tests.oversight.deliberation.conftest import at, commented_report, issue, item_of
from tracker import timeline
from tracker.models import Deadline

OUTSIDERS_OF_A = ["liaison_b", "head_b", "deputy", "reviewer", "outsider", "staff"]


@pytest.fixture
def issued(opinion: DeliberationOpinion, actors: Any, clock: Any) -> DeliberationOpinion:
    return issue(opinion, actors, clock)


@pytest.fixture
def item_a(issued: DeliberationOpinion) -> OpinionItem:
    return item_of(issued, 1)


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_owning_unit_submits_a_handling_plan(item_a: OpinionItem, actors: Any) -> None:
    plan = plan_submit(item=item_a, actor=actors.liaison_a, content="成立专班，分三批推进。")
    assert plan.item == item_a
    assert timeline.for_case(item_a.opinion).filter(action="plan.submit").count() == 1


@pytest.mark.parametrize("who", OUTSIDERS_OF_A)
def test_plan_from_anyone_but_the_owning_unit_is_refused(item_a: OpinionItem, actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        plan_submit(item=item_a, actor=getattr(actors, who), content="方案")
    assert not item_a.plans.exists()


def test_no_plan_or_report_before_the_opinion_is_issued(opinion: DeliberationOpinion, actors: Any) -> None:
    item = item_of(opinion, 1)
    with pytest.raises(IllegalTransition):
        plan_submit(item=item, actor=actors.liaison_a, content="方案")
    with pytest.raises(IllegalTransition):
        report_submit(item=item, actor=actors.liaison_a, content="报告")


def test_liaison_submits_report_with_attachment(item_a: OpinionItem, actors: Any, media: Any) -> None:
    upload = SimpleUploadedFile("整改台账.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    report = report_submit(item=item_a, actor=actors.liaison_a, content="已完成改造。", attachments=[upload])
    assert (report.status, report.round) == (FollowUpReport.Status.SUBMITTED, 1)
    attachment = report.attachments.get()
    assert (attachment.name, attachment.size) == ("整改台账.pdf", 13)
    assert attachment.file.read() == b"%PDF-1.4 test"


def test_resubmitting_before_sign_off_replaces_the_text(item_a: OpinionItem, actors: Any) -> None:
    first = report_submit(item=item_a, actor=actors.liaison_a, content="初稿")
    second = report_submit(item=item_a, actor=actors.liaison_a, content="修改稿")
    assert first.pk == second.pk
    assert FollowUpReport.objects.get().content == "修改稿"


def test_attachment_of_a_forbidden_type_or_too_large_is_refused(
    item_a: OpinionItem, actors: Any, media: Any, settings: Any
) -> None:
    with pytest.raises(InvalidInput):
        report_submit(
            item=item_a,
            actor=actors.liaison_a,
            content="报告",
            attachments=[SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")],
        )
    settings.ATTACHMENT_MAX_BYTES = 4
    with pytest.raises(InvalidInput):
        report_submit(
            item=item_a,
            actor=actors.liaison_a,
            content="报告",
            attachments=[SimpleUploadedFile("big.pdf", b"12345", content_type="application/pdf")],
        )
    assert not FollowUpReport.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS_OF_A)
def test_report_from_anyone_but_the_owning_unit_is_refused(item_a: OpinionItem, actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        report_submit(item=item_a, actor=getattr(actors, who), content="报告")
    assert not FollowUpReport.objects.exists()


def test_head_signs_report_on_time_and_meets_the_deadline(item_a: OpinionItem, actors: Any, clock: Any) -> None:
    report = report_submit(item=item_a, actor=actors.liaison_a, content="报告")
    clock.move_to(at(date(2026, 5, 6)))
    report = report_sign(report=report, actor=actors.head_a)
    assert (report.status, report.on_time, report.signed_by) == ("signed", True, actors.head_a)
    item_a.refresh_from_db()
    assert item_a.status == OpinionItem.Status.REPORTED
    deadline = Deadline.objects.for_subject(item_a).get(kind=FOLLOW_UP_REPORT)
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MET, date(2026, 5, 6))


def test_report_signed_after_the_deadline_is_marked_late(item_a: OpinionItem, actors: Any, clock: Any) -> None:
    report = report_submit(item=item_a, actor=actors.liaison_a, content="报告")
    clock.move_to(at(date(2026, 5, 7)))
    assert report_sign(report=report, actor=actors.head_a).on_time is False


@pytest.mark.parametrize("who", ["liaison_a", "head_b", "liaison_b", "staff", "deputy", "outsider"])
def test_only_the_owning_units_head_signs(item_a: OpinionItem, actors: Any, who: str) -> None:
    report = report_submit(item=item_a, actor=actors.liaison_a, content="报告")
    with pytest.raises(NotAllowed):
        report_sign(report=report, actor=getattr(actors, who))
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.SUBMITTED


def test_signed_report_cannot_be_signed_again_or_rewritten(item_a: OpinionItem, actors: Any) -> None:
    report = report_sign(report=report_submit(item=item_a, actor=actors.liaison_a, content="报告"), actor=actors.head_a)
    with pytest.raises(IllegalTransition):
        report_sign(report=report, actor=actors.head_a)
    with pytest.raises(IllegalTransition):
        report_submit(item=item_a, actor=actors.liaison_a, content="改写")


def test_staff_comment_on_a_signed_report(item_a: OpinionItem, actors: Any) -> None:
    report = commented_report(item_a, actors)
    assert (report.status, report.comment) == (FollowUpReport.Status.COMMENTED, "进展明显，但仍需加快。")
    item_a.refresh_from_db()
    assert item_a.status == OpinionItem.Status.COMMENTED


def test_comment_before_sign_off_or_by_a_unit_is_refused(item_a: OpinionItem, actors: Any) -> None:
    report = report_submit(item=item_a, actor=actors.liaison_a, content="报告")
    with pytest.raises(IllegalTransition):
        report_comment(report=report, actor=actors.staff, comment="意见")
    report = report_sign(report=report, actor=actors.head_a)
    for who in ("liaison_a", "head_a", "reviewer", "outsider"):
        with pytest.raises(NotAllowed):
            report_comment(report=report, actor=getattr(actors, who), comment="意见")
    with pytest.raises(InvalidInput):
        report_comment(report=report, actor=actors.staff, comment="  ")


def test_send_to_vote_needs_a_commented_report_and_staff(item_a: OpinionItem, actors: Any) -> None:
    report = report_sign(report=report_submit(item=item_a, actor=actors.liaison_a, content="报告"), actor=actors.head_a)
    with pytest.raises(IllegalTransition):
        report_send_to_vote(report=report, actor=actors.staff)
    report = report_comment(report=report, actor=actors.staff, comment="意见")
    with pytest.raises(NotAllowed):
        report_send_to_vote(report=report, actor=actors.liaison_a)
    report = report_send_to_vote(report=report, actor=actors.staff)
    item_a.refresh_from_db()
    assert (report.status, item_a.status) == ("voting", "voting")


def test_timeline_shows_every_step_in_order(item_a: OpinionItem, actors: Any) -> None:
    plan_submit(item=item_a, actor=actors.liaison_a, content="方案")
    commented_report(item_a, actors)
    actions = [e.action for e in timeline.for_case(item_a.opinion)]
    assert actions == [
        "opinion.create",
        "opinion.issue",
        "plan.submit",
        "report.submit",
        "report.sign",
        "report.comment",
    ]
