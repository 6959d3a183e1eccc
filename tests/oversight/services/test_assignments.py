from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Assignment, ContactRecord, ExtensionRequest, Suggestion, Unit
from oversight.services import assignments
from tests.oversight.services.conftest import accepted, assigned, registered
from tests.oversight.services.helpers import actor, deadline, last_entry
from tracker.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NOT_UNIT_A = ["liaison_b", "head_b", "deputy", "cosigner", "reviewer", "outsider", "staff"]
NOT_STAFF = ["liaison_a", "head_a", "liaison_b", "deputy", "outsider"]


def test_assign_lead_and_co_opens_their_deadlines(actors: Any) -> None:
    lead, co = assigned(actors, ("lead", "co"))
    suggestion = lead.suggestion
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ASSIGNED
    assert suggestion.assigned_on == date(2026, 3, 2)
    reply = deadline(lead, kinds.REPLY)
    assert reply.due == date(2026, 6, 2)
    assert "交办" in reply.explanation
    assert deadline(co, kinds.CO_OPINION).due == date(2026, 4, 2)
    assert deadline(lead, kinds.RETURN_WINDOW).due == date(2026, 3, 9)
    assert not Deadline.objects.for_subject(co).filter(kind=kinds.REPLY).exists()
    entry = last_entry(suggestion, "suggestion.assign")
    assert (entry.from_state, entry.to_state) == ("registered", "assigned")


@pytest.mark.parametrize(
    "roles",
    [("co",), ("lead", "lead"), ("bogus",), ()],
    ids=["co-without-lead", "two-leads", "unknown-role", "none"],
)
def test_assign_refuses_bad_role_mixes(actors: Any, roles: tuple[str, ...]) -> None:
    suggestion = registered(actors)
    units = list(zip([actors.unit_a, actors.unit_b], roles, strict=False))
    with pytest.raises(InvalidInput):
        assignments.suggestion_assign(suggestion=suggestion, actor=actors.staff, units=units)
    assert not Assignment.objects.exists()


def test_separate_units_each_owe_a_reply(actors: Any) -> None:
    first, second = assigned(actors, ("separate", "separate"))
    assert deadline(first, kinds.REPLY).due == deadline(second, kinds.REPLY).due


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_may_assign(actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        assignments.suggestion_assign(
            suggestion=registered(actors), actor=actor(actors, who), units=[(actors.unit_a, "lead")]
        )


def test_assign_refused_before_registration(actors: Any) -> None:
    from tests.oversight.services.conftest import submit

    with pytest.raises(IllegalTransition):
        assignments.suggestion_assign(suggestion=submit(actors), actor=actors.staff, units=[(actors.unit_a, "lead")])


@pytest.mark.parametrize("who", ["liaison_a", "head_a"])
def test_unit_signs_for_assignment(actors: Any, who: str) -> None:
    (assignment,) = assigned(actors)
    assignment = assignments.assignment_accept(assignment=assignment, actor=actor(actors, who))
    assert assignment.status == Assignment.Status.ACCEPTED
    assert deadline(assignment, kinds.RETURN_WINDOW).status == Deadline.Status.MET
    entry = last_entry(assignment.suggestion, "assignment.accept")
    assert (entry.actor, entry.from_state, entry.to_state) == (actor(actors, who), "assigned", "accepted")


@pytest.mark.parametrize("who", NOT_UNIT_A)
def test_nobody_outside_the_unit_may_sign_for_it(actors: Any, who: str) -> None:
    (assignment,) = assigned(actors)
    with pytest.raises(NotAllowed):
        assignments.assignment_accept(assignment=assignment, actor=actor(actors, who))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


def test_cannot_sign_twice(actors: Any) -> None:
    (assignment,) = accepted(actors)
    with pytest.raises(IllegalTransition):
        assignments.assignment_accept(assignment=assignment, actor=actors.liaison_a)


def test_return_request_within_window_pauses_reply_clock(actors: Any, frozen: Any) -> None:
    (assignment,) = accepted(actors)
    frozen.move_to(date(2026, 3, 9))  # the 5th working day after 交办
    assignment = assignments.assignment_request_return(
        assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责"
    )
    assert assignment.status == Assignment.Status.RETURN_REQUESTED
    assert deadline(assignment, kinds.REPLY).status == Deadline.Status.PAUSED
    assert last_entry(assignment.suggestion, "assignment.request_return").note == "不属本单位职责"


def test_return_request_after_window_is_refused(actors: Any, frozen: Any) -> None:
    (assignment,) = assigned(actors)
    frozen.move_to(date(2026, 3, 10))
    with pytest.raises(IllegalTransition) as err:
        assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    assert err.value.code == "return_window_closed"


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "deputy", "staff", "outsider"])
def test_other_people_cannot_ask_to_return(actors: Any, who: str) -> None:
    (assignment,) = assigned(actors)
    with pytest.raises(NotAllowed):
        assignments.assignment_request_return(assignment=assignment, actor=actor(actors, who), reason="x")


def test_refused_return_resumes_clock_moved_by_paused_days(actors: Any, frozen: Any) -> None:
    (assignment,) = assigned(actors)
    assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    frozen.move_to(date(2026, 3, 5))
    with pytest.raises(NotAllowed):
        assignments.assignment_decide_return(assignment=assignment, actor=actors.liaison_a, approve=True)
    assignment = assignments.assignment_decide_return(assignment=assignment, actor=actors.staff, approve=False)
    assert assignment.status == Assignment.Status.ACCEPTED
    reply = deadline(assignment, kinds.REPLY)
    assert reply.status == Deadline.Status.OPEN
    assert reply.due == date(2026, 6, 5)  # 2026-06-02 + 3 days stood still
    with pytest.raises(IllegalTransition):
        assignments.assignment_decide_return(assignment=assignment, actor=actors.staff, approve=True)


def test_approved_return_reassigns_to_another_unit(actors: Any) -> None:
    (assignment,) = assigned(actors)
    assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    assignment = assignments.assignment_decide_return(
        assignment=assignment, actor=actors.staff, approve=True, reassign_to=[actors.unit_b]
    )
    assert assignment.status == Assignment.Status.RETURNED
    assert deadline(assignment, kinds.REPLY).status == Deadline.Status.CANCELLED
    new = Assignment.objects.get(unit=actors.unit_b)
    assert (new.role, new.status) == ("lead", "assigned")
    assert deadline(new, kinds.REPLY).status == Deadline.Status.OPEN
    assert new.suggestion.status == Suggestion.Status.ASSIGNED


def test_approved_return_without_reassignment_puts_suggestion_back_to_registered(actors: Any) -> None:
    (assignment,) = assigned(actors)
    assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    assignments.assignment_decide_return(assignment=assignment, actor=actors.staff, approve=True)
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.REGISTERED
    assert last_entry(suggestion, "suggestion.status").to_state == "registered"


def test_extension_approved_moves_reply_deadline(actors: Any) -> None:
    (assignment,) = accepted(actors)
    extension = assignments.assignment_request_extension(
        assignment=assignment, actor=actors.liaison_a, months=2, reason="需协调多部门"
    )
    with pytest.raises(IllegalTransition) as err:
        assignments.assignment_request_extension(assignment=assignment, actor=actors.liaison_a, months=1, reason="x")
    assert err.value.code == "extension_pending"
    extension = assignments.extension_decide(extension=extension, actor=actors.staff, approve=True, note="同意")
    assert extension.status == ExtensionRequest.Status.APPROVED
    reply = deadline(assignment, kinds.REPLY)
    assert (reply.due, reply.status) == (date(2026, 8, 3), Deadline.Status.EXTENDED)  # 08-02 is a Sunday
    assert "延期 2 个月" in reply.explanation
    assert last_entry(assignment.suggestion, "extension.decide").to_state == "approved"


def test_extension_total_never_exceeds_cap(actors: Any) -> None:
    (assignment,) = accepted(actors)
    with pytest.raises(IllegalTransition) as err:
        assignments.assignment_request_extension(assignment=assignment, actor=actors.liaison_a, months=4, reason="x")
    assert err.value.code == "extension_cap_exceeded"
    first = assignments.assignment_request_extension(
        assignment=assignment, actor=actors.liaison_a, months=2, reason="x"
    )
    assignments.extension_decide(extension=first, actor=actors.staff, approve=True)
    second = assignments.assignment_request_extension(
        assignment=assignment, actor=actors.liaison_a, months=1, reason="x"
    )
    assignments.extension_decide(extension=second, actor=actors.staff, approve=True)
    assignment.refresh_from_db()
    assert assignment.extension_months == 3
    with pytest.raises(IllegalTransition) as err:
        assignments.assignment_request_extension(assignment=assignment, actor=actors.liaison_a, months=1, reason="x")
    assert err.value.code == "extension_cap_exceeded"
    assert deadline(assignment, kinds.REPLY).due == date(2026, 9, 2)


def test_extension_refused_leaves_deadline(actors: Any) -> None:
    (assignment,) = accepted(actors)
    extension = assignments.assignment_request_extension(
        assignment=assignment, actor=actors.head_a, months=1, reason="x"
    )
    with pytest.raises(NotAllowed):
        assignments.extension_decide(extension=extension, actor=actors.head_a, approve=True)
    assignments.extension_decide(extension=extension, actor=actors.staff, approve=False, note="理由不充分")
    assert deadline(assignment, kinds.REPLY).due == date(2026, 6, 2)
    with pytest.raises(IllegalTransition):
        assignments.extension_decide(extension=extension, actor=actors.staff, approve=True)


def test_other_unit_cannot_request_extension(actors: Any) -> None:
    (assignment,) = accepted(actors)
    with pytest.raises(NotAllowed):
        assignments.assignment_request_extension(assignment=assignment, actor=actors.liaison_b, months=1, reason="x")


def test_contact_log_by_unit_only(actors: Any) -> None:
    (assignment,) = accepted(actors)
    record = assignments.contact_log(
        assignment=assignment,
        actor=actors.liaison_a,
        method=ContactRecord.Method.PHONE,
        contacted_on=date(2026, 3, 2),
        summary="电话联系陈代表",
        deputy=actors.deputy_profile,
    )
    assert record.recorded_by == actors.liaison_a
    assert "电话沟通" in last_entry(assignment.suggestion, "contact.log").note
    for who in ("liaison_b", "staff", "deputy"):
        with pytest.raises(NotAllowed):
            assignments.contact_log(
                assignment=assignment,
                actor=actor(actors, who),
                method="phone",
                contacted_on=date(2026, 3, 2),
                summary="x",
            )
    with pytest.raises(InvalidInput):
        assignments.contact_log(
            assignment=assignment,
            actor=actors.liaison_a,
            method="phone",
            contacted_on=date(2026, 3, 2) + timedelta(days=1),
            summary="x",
        )


def test_contact_log_refused_before_signing(actors: Any) -> None:
    (assignment,) = assigned(actors)
    with pytest.raises(IllegalTransition):
        assignments.contact_log(
            assignment=assignment, actor=actors.liaison_a, method="phone", contacted_on=date(2026, 3, 2), summary="x"
        )


def test_co_handler_submits_opinion_once_per_round(actors: Any) -> None:
    lead, co = accepted(actors, ("lead", "co"))
    with pytest.raises(NotAllowed):
        assignments.co_opinion_submit(assignment=co, actor=actors.liaison_a, content="意见")
    with pytest.raises(IllegalTransition) as err:
        assignments.co_opinion_submit(assignment=lead, actor=actors.liaison_a, content="意见")
    assert err.value.code == "not_co_handler"
    opinion = assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="同意主办单位方案")
    assert opinion.round == 1
    assert deadline(co, kinds.CO_OPINION).status == Deadline.Status.MET
    with pytest.raises(IllegalTransition) as err:
        assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="再次")
    assert err.value.code == "co_opinion_exists"


def test_waivers_are_staff_only_and_recorded(actors: Any) -> None:
    (assignment,) = accepted(actors)
    with pytest.raises(NotAllowed):
        assignments.assignment_waive_contact(assignment=assignment, actor=actors.liaison_a, note="x")
    with pytest.raises(InvalidInput):
        assignments.assignment_waive_contact(assignment=assignment, actor=actors.staff, note="")
    assignment = assignments.assignment_waive_contact(assignment=assignment, actor=actors.staff, note="代表出国")
    assignment = assignments.assignment_waive_co_opinion(assignment=assignment, actor=actors.staff, note="紧急")
    assert assignment.contact_waived and assignment.co_opinion_waived
    assert last_entry(assignment.suggestion, "contact.waive").note == "代表出国"


def test_conclude_refused_while_still_handling(actors: Any) -> None:
    (assignment,) = accepted(actors)
    with pytest.raises(IllegalTransition):
        assignments.assignment_conclude(assignment=assignment, actor=actors.staff, reason="x")


def test_reassign_refuses_unit_already_assigned(actors: Any) -> None:
    lead, _co = assigned(actors, ("lead", "co"))
    assignments.assignment_request_return(assignment=lead, actor=actors.liaison_a, reason="不属本单位职责")
    with pytest.raises(InvalidInput):
        assignments.assignment_decide_return(
            assignment=lead, actor=actors.staff, approve=True, reassign_to=[actors.unit_b]
        )
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.RETURN_REQUESTED  # whole decision rolled back
    assignments.assignment_decide_return(
        assignment=lead, actor=actors.staff, approve=True, reassign_to=[Unit.objects.create(name="市交通运输局")]
    )
