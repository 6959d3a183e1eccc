"""Every transition refused from every state it does not start from (the state tables in
docs/workflow1.md), by the actor who could make it from the right state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from oversight.errors import IllegalTransition
from oversight.models import Assignment, Reply
from oversight.services import assignments as a
from oversight.services import replies as r
from tests.oversight.services.conftest import accepted, assigned, contact, lead_with_reply, signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _assignment_in(actors: Any, state: str) -> Assignment:
    if state in ("assigned",):
        (x,) = assigned(actors)
    elif state in ("accepted", "return_requested", "returned"):
        (x,) = accepted(actors)
        if state != "accepted":
            a.assignment_request_return(assignment=x, actor=actors.liaison_a, reason="非本单位职责")
        if state == "returned":
            a.assignment_decide_return(assignment=x, actor=actors.staff, approve=True)
    else:
        x, _reply = lead_with_reply(actors)
        if state == "rehandling":
            r.rehandling_open(assignment=x, actor=actors.staff, reason="不满意")
        elif state == "concluded":
            a.assignment_conclude(assignment=x, actor=actors.staff, reason="办结")
    x.refresh_from_db()
    assert x.status == state
    return x


ASSIGNMENT_STEPS: dict[str, tuple[set[str], Callable[[Any, Assignment], Any]]] = {
    "accept": ({"assigned"}, lambda ac, x: a.assignment_accept(assignment=x, actor=ac.liaison_a)),
    "request_return": (
        {"assigned", "accepted"},
        lambda ac, x: a.assignment_request_return(assignment=x, actor=ac.liaison_a, reason="r"),
    ),
    "decide_return": (
        {"return_requested"},
        lambda ac, x: a.assignment_decide_return(assignment=x, actor=ac.staff, approve=False),
    ),
    "request_extension": (
        {"assigned", "accepted"},
        lambda ac, x: a.assignment_request_extension(assignment=x, actor=ac.liaison_a, months=1, reason="r"),
    ),
    "contact_log": (
        {"accepted", "rehandling", "replied"},
        lambda ac, x: a.contact_log(
            assignment=x, actor=ac.liaison_a, method="phone", contacted_on=date(2026, 3, 2), summary="s"
        ),
    ),
    "waive_contact": (
        {"assigned", "accepted", "rehandling"},
        lambda ac, x: a.assignment_waive_contact(assignment=x, actor=ac.staff, note="n"),
    ),
    "reply_draft": (
        {"accepted", "rehandling"},
        lambda ac, x: r.reply_draft(assignment=x, actor=ac.liaison_a, category="A", content="c"),
    ),
    "rehandling_open": ({"replied"}, lambda ac, x: r.rehandling_open(assignment=x, actor=ac.staff, reason="r")),
    "conclude": (
        {"replied", "rehandling"},
        lambda ac, x: a.assignment_conclude(assignment=x, actor=ac.staff, reason="r"),
    ),
}
ASSIGNMENT_STATES = ["assigned", "accepted", "return_requested", "returned", "replied", "rehandling", "concluded"]


@pytest.mark.parametrize(
    ("step", "state"),
    [(step, state) for step, (ok, _f) in ASSIGNMENT_STEPS.items() for state in ASSIGNMENT_STATES if state not in ok],
)
def test_assignment_step_refused_from_wrong_state(actors: Any, step: str, state: str) -> None:
    assignment = _assignment_in(actors, state)
    with pytest.raises(IllegalTransition) as err:
        ASSIGNMENT_STEPS[step][1](actors, assignment)
    assert err.value.code == "illegal_transition"
    assignment.refresh_from_db()
    assert assignment.status == state


def _reply_in(actors: Any, state: str) -> Reply:
    if state == "accepted":
        return lead_with_reply(actors)[1]
    (x,) = accepted(actors)
    contact(actors, x)
    reply = signed(actors, x)
    if state == "draft":
        reply = r.reply_send_back(reply=reply, actor=actors.staff, reason="重写")
        reply = r.reply_update(reply=reply, actor=actors.liaison_a)
    elif state == "sent_back":
        reply = r.reply_send_back(reply=reply, actor=actors.staff, reason="重写")
    assert reply.status == state
    return reply


REPLY_STEPS: dict[str, tuple[set[str], Callable[[Any, Reply], Any]]] = {
    "update": ({"draft", "sent_back"}, lambda ac, x: r.reply_update(reply=x, actor=ac.liaison_a, content="c")),
    "sign": ({"draft"}, lambda ac, x: r.reply_sign(reply=x, actor=ac.head_a)),
    "accept": ({"signed"}, lambda ac, x: r.reply_accept(reply=x, actor=ac.staff)),
    "send_back": ({"signed"}, lambda ac, x: r.reply_send_back(reply=x, actor=ac.staff, reason="r")),
    "set_published": ({"accepted"}, lambda ac, x: r.reply_set_published(reply=x, actor=ac.staff, published=True)),
    "rate": ({"accepted"}, lambda ac, x: r.feedback_rate(reply=x, actor=ac.deputy, rating="satisfied")),
}
REPLY_STATES = ["draft", "signed", "sent_back", "accepted"]


@pytest.mark.parametrize(
    ("step", "state"),
    [(step, state) for step, (ok, _f) in REPLY_STEPS.items() for state in REPLY_STATES if state not in ok],
)
def test_reply_step_refused_from_wrong_state(actors: Any, step: str, state: str) -> None:
    reply = _reply_in(actors, state)
    with pytest.raises(IllegalTransition) as err:
        REPLY_STEPS[step][1](actors, reply)
    assert err.value.code == "illegal_transition"
    reply.refresh_from_db()
    assert reply.status == state
