"""Every step refused for every actor who may not take it, with the object in the state from
which the right actor could take it — so a missing check would let the step through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from oversight.errors import NotAllowed
from oversight.models import Commitment, Suggestion
from oversight.services import assignments as a
from oversight.services import commitments as c
from oversight.services import replies as r
from oversight.services import suggestions as s
from oversight.services import supervision as sv
from tests.oversight.services.conftest import (
    accepted,
    assigned,
    contact,
    draft,
    lead_with_reply,
    registered,
    signed,
    submit,
)
from tracker.models import TimelineEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Step = tuple[Callable[[Any], Any], Callable[[Any, Any, Any], Any]]


def _return_requested(ac: Any) -> Any:
    (x,) = accepted(ac)
    return a.assignment_request_return(assignment=x, actor=ac.liaison_a, reason="非本单位职责")


def _pending_extension(ac: Any) -> Any:
    (x,) = accepted(ac)
    return a.assignment_request_extension(assignment=x, actor=ac.liaison_a, months=1, reason="协调中")


def _signed_reply(ac: Any) -> Any:
    (x,) = accepted(ac)
    contact(ac, x)
    return signed(ac, x)


def _draft_reply(ac: Any) -> Any:
    (x,) = accepted(ac)
    contact(ac, x)
    return draft(ac, x)


def _commitment(ac: Any) -> Commitment:
    lead_with_reply(ac, "B", commitments=[{"description": "建场站", "due_on": date(2026, 12, 31)}])
    return Commitment.objects.get()


def _concluded(ac: Any) -> Suggestion:
    lead, reply = lead_with_reply(ac)
    for who in (ac.deputy, ac.cosigner):
        r.feedback_rate(reply=reply, actor=who, rating="satisfied")
    return Suggestion.objects.get(pk=lead.suggestion_id)


def _replied(ac: Any) -> Any:
    return lead_with_reply(ac)[0]


STAFF_STEPS: dict[str, Step] = {
    "register": (submit, lambda ac, x, u: s.suggestion_register(suggestion=x, actor=u)),
    "return": (submit, lambda ac, x, u: s.suggestion_return(suggestion=x, actor=u, reason="r")),
    "set_key": (registered, lambda ac, x, u: s.suggestion_set_key(suggestion=x, actor=u, is_key=True)),
    "link": (
        lambda ac: (registered(ac), registered(ac, actor=ac.staff)),
        lambda ac, x, u: s.suggestion_link(suggestion=x[0], other=x[1], actor=u),
    ),
    "close_off": (_concluded, lambda ac, x, u: s.suggestion_close_off(suggestion=x, actor=u)),
    "assign": (registered, lambda ac, x, u: a.suggestion_assign(suggestion=x, actor=u, units=[(ac.unit_a, "lead")])),
    "decide_return": (
        _return_requested,
        lambda ac, x, u: a.assignment_decide_return(assignment=x, actor=u, approve=True),
    ),
    "extension_decide": (_pending_extension, lambda ac, x, u: a.extension_decide(extension=x, actor=u, approve=True)),
    "waive_contact": (
        lambda ac: accepted(ac)[0],
        lambda ac, x, u: a.assignment_waive_contact(assignment=x, actor=u, note="n"),
    ),
    "waive_co_opinion": (
        lambda ac: accepted(ac)[0],
        lambda ac, x, u: a.assignment_waive_co_opinion(assignment=x, actor=u, note="n"),
    ),
    "conclude": (_replied, lambda ac, x, u: a.assignment_conclude(assignment=x, actor=u, reason="r")),
    "rehandling_open": (_replied, lambda ac, x, u: r.rehandling_open(assignment=x, actor=u, reason="r")),
    "reply_accept": (_signed_reply, lambda ac, x, u: r.reply_accept(reply=x, actor=u)),
    "reply_send_back": (_signed_reply, lambda ac, x, u: r.reply_send_back(reply=x, actor=u, reason="r")),
    "set_published": (
        lambda ac: lead_with_reply(ac)[1],
        lambda ac, x, u: r.reply_set_published(reply=x, actor=u, published=False),
    ),
    "commitment_close": (_commitment, lambda ac, x, u: c.commitment_close(commitment=x, actor=u, explanation="e")),
    "supervision_record": (
        registered,
        lambda ac, x, u: sv.supervision_record(
            suggestion=x, actor=u, kind="notice", happened_on=date(2026, 3, 2), note="n"
        ),
    ),
    "import": (lambda ac: None, lambda ac, x, u: s.suggestion_import(actor=u, session=ac.session, rows=[])),
}
NOT_STAFF = ["liaison_a", "head_a", "liaison_b", "head_b", "deputy", "cosigner", "reviewer", "outsider"]

UNIT_A_STEPS: dict[str, Step] = {
    "accept": (lambda ac: assigned(ac)[0], lambda ac, x, u: a.assignment_accept(assignment=x, actor=u)),
    "request_return": (
        lambda ac: assigned(ac)[0],
        lambda ac, x, u: a.assignment_request_return(assignment=x, actor=u, reason="r"),
    ),
    "request_extension": (
        lambda ac: accepted(ac)[0],
        lambda ac, x, u: a.assignment_request_extension(assignment=x, actor=u, months=1, reason="r"),
    ),
    "contact_log": (
        lambda ac: accepted(ac)[0],
        lambda ac, x, u: a.contact_log(
            assignment=x, actor=u, method="phone", contacted_on=date(2026, 3, 2), summary="s"
        ),
    ),
    "reply_draft": (
        lambda ac: contact(ac, accepted(ac)[0]).assignment,
        lambda ac, x, u: r.reply_draft(assignment=x, actor=u, category="A", content="c"),
    ),
    "reply_update": (_draft_reply, lambda ac, x, u: r.reply_update(reply=x, actor=u, content="c")),
    "reply_sign": (_draft_reply, lambda ac, x, u: r.reply_sign(reply=x, actor=u)),
    "progress": (_commitment, lambda ac, x, u: c.commitment_report_progress(commitment=x, actor=u, note="n")),
}
NOT_UNIT_A = ["liaison_b", "head_b", "staff", "deputy", "cosigner", "reviewer", "outsider"]


def _refused(actors: Any, step: Step, who: str) -> None:
    setup, act = step
    obj = setup(actors)
    entries = TimelineEntry.objects.count()
    with pytest.raises(NotAllowed) as err:
        act(actors, obj, getattr(actors, who))
    assert err.value.code == "permission_denied"
    assert err.value.message.startswith("只有")
    assert TimelineEntry.objects.count() == entries  # nothing happened


@pytest.mark.parametrize(("step", "who"), [(step, who) for step in STAFF_STEPS for who in NOT_STAFF])
def test_staff_step_refused_for_everyone_else(actors: Any, step: str, who: str) -> None:
    _refused(actors, STAFF_STEPS[step], who)


@pytest.mark.parametrize(("step", "who"), [(step, who) for step in UNIT_A_STEPS for who in NOT_UNIT_A])
def test_unit_step_refused_outside_the_unit(actors: Any, step: str, who: str) -> None:
    _refused(actors, UNIT_A_STEPS[step], who)


def test_liaison_cannot_sign_off_only_the_head(actors: Any) -> None:
    _refused(actors, UNIT_A_STEPS["reply_sign"], "liaison_a")


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "staff", "deputy", "outsider"])
def test_co_opinion_only_from_the_co_handler_unit(actors: Any, who: str) -> None:
    _lead, co = accepted(actors, ("lead", "co"))
    with pytest.raises(NotAllowed):
        a.co_opinion_submit(assignment=co, actor=getattr(actors, who), content="意见")
