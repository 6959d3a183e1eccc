"""Drafting and issuing an opinion: who may, in which state, and which deadlines follow."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight.deliberation_kinds import FOLLOW_UP_REPORT, OPINION_ISSUE
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import DeliberationOpinion, OpinionItem
from oversight.services.deliberation import ItemInput, opinion_create, opinion_issue, opinion_set_published
from tests.oversight.deliberation.conftest import MEETING, at, issue, item_of
from tracker import timeline
from tracker.models import Deadline

NOT_STAFF = ["liaison_a", "head_a", "deputy", "reviewer", "outsider"]


def test_staff_drafts_opinion_with_numbered_items_and_opens_issue_window(opinion: DeliberationOpinion) -> None:
    assert opinion.status == DeliberationOpinion.Status.DRAFT
    assert [(i.number, i.status) for i in opinion.items.all()] == [(1, "draft"), (2, "draft")]
    window = Deadline.objects.for_subject(opinion).get(kind=OPINION_ISSUE)
    # 5 working days after Monday 2 March 2026 is Monday 9 March.
    assert window.due == date(2026, 3, 9)
    assert window.start == MEETING
    assert "5 个工作日" in window.explanation
    assert [e.action for e in timeline.for_case(opinion)] == ["opinion.create"]


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_may_draft_an_opinion(actors: Any, clock: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        opinion_create(
            actor=getattr(actors, who),
            title="审议意见",
            meeting_name="第二十次会议",
            meeting_date=MEETING,
            report_type="special_work",
            committee="城建环资工委",
            items=[ItemInput(unit=actors.unit_a, content="意见")],
        )
    assert not DeliberationOpinion.objects.exists()


def test_opinion_without_items_or_with_unknown_report_type_is_refused(actors: Any, clock: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        opinion_create(
            actor=actors.staff,
            title="审议意见",
            meeting_name="第二十次会议",
            meeting_date=MEETING,
            report_type="poem",
            committee="城建环资工委",
            items=[],
        )
    assert set(caught.value.fields) == {"items", "report_type"}
    assert not Deadline.objects.exists()


def test_issue_starts_a_two_month_report_deadline_per_item(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock, date(2026, 3, 5))
    opinion.refresh_from_db()
    assert opinion.status == DeliberationOpinion.Status.ISSUED
    assert opinion.issued_on == date(2026, 3, 5)
    assert set(opinion.items.values_list("status", flat=True)) == {OpinionItem.Status.HANDLING}
    window = Deadline.objects.for_subject(opinion).get(kind=OPINION_ISSUE)
    assert (window.status, window.met_on) == (Deadline.Status.MET, date(2026, 3, 5))
    for number in (1, 2):
        due = Deadline.objects.for_subject(item_of(opinion, number)).get(kind=FOLLOW_UP_REPORT)
        # 5 May 2026 falls in the 劳动节 holiday: the period runs on to Wednesday 6 May.
        assert due.due == date(2026, 5, 6)
        assert "依法顺延至 2026-05-06" in due.explanation
    entry = timeline.for_case(opinion).get(action="opinion.issue")
    assert entry.data["on_time"] is True


def test_issue_after_the_window_is_allowed_but_recorded_late(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock, date(2026, 3, 12))
    assert timeline.for_case(opinion).get(action="opinion.issue").data["on_time"] is False
    assert Deadline.objects.for_subject(opinion).get(kind=OPINION_ISSUE).met_on == date(2026, 3, 12)


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_may_issue(opinion: DeliberationOpinion, actors: Any, clock: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        opinion_issue(opinion=opinion, actor=getattr(actors, who))
    opinion.refresh_from_db()
    assert opinion.status == DeliberationOpinion.Status.DRAFT


def test_an_issued_opinion_cannot_be_issued_again(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    issue(opinion, actors, clock)
    with pytest.raises(IllegalTransition):
        opinion_issue(opinion=opinion, actor=actors.staff)
    assert Deadline.objects.filter(kind=FOLLOW_UP_REPORT).count() == 2


def test_issue_date_before_the_meeting_is_refused(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    with pytest.raises(InvalidInput):
        opinion_issue(opinion=opinion, actor=actors.staff, issued_on=date(2026, 3, 1))


def test_draft_cannot_be_published_but_issued_can(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    with pytest.raises(IllegalTransition):
        opinion_set_published(opinion=opinion, actor=actors.staff, published=True)
    issue(opinion, actors, clock)
    with pytest.raises(NotAllowed):
        opinion_set_published(opinion=opinion, actor=actors.liaison_a, published=True)
    opinion_set_published(opinion=opinion, actor=actors.staff, published=True)
    assert DeliberationOpinion.objects.visible_to(actors.outsider).get() == opinion


def test_units_see_only_issued_opinions_and_their_own_items(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    assert not DeliberationOpinion.objects.visible_to(actors.liaison_a).exists()
    assert not OpinionItem.objects.visible_to(actors.liaison_a).exists()
    clock.move_to(at(date(2026, 3, 5)))
    opinion_issue(opinion=opinion, actor=actors.staff)
    assert list(DeliberationOpinion.objects.visible_to(actors.liaison_a)) == [opinion]
    assert [i.unit_id for i in OpinionItem.objects.visible_to(actors.liaison_a)] == [actors.unit_a.pk]
    assert [i.unit_id for i in OpinionItem.objects.visible_to(actors.head_b)] == [actors.unit_b.pk]
    for who in ("outsider", "deputy", "reviewer"):
        assert not DeliberationOpinion.objects.visible_to(getattr(actors, who)).exists()
        assert not OpinionItem.objects.visible_to(getattr(actors, who)).exists()
    assert DeliberationOpinion.objects.visible_to(actors.staff).count() == 1


def test_overdue_lists_opinions_with_a_late_report(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    issue(opinion, actors, clock)
    assert not DeliberationOpinion.objects.overdue(on=date(2026, 5, 6)).exists()
    assert list(DeliberationOpinion.objects.overdue(on=date(2026, 5, 7))) == [opinion]
