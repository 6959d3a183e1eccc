from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Assignment, Commitment, Reply, Suggestion
from oversight.services import assignments, replies
from tests.oversight.services.conftest import accepted, assigned, contact, delivered, draft, lead_with_reply, signed
from tests.oversight.services.helpers import actor, deadline, last_entry
from tracker.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PROMISE = [{"description": "年底前完成城东公交场站建设", "due_on": date(2026, 12, 31)}]


@pytest.mark.parametrize("who", ["liaison_a", "head_a"])
def test_unit_drafts_reply_after_contact(actors: Any, who: str) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = replies.reply_draft(assignment=lead, actor=actor(actors, who), category="A", content="已解决。")
    assert (reply.status, reply.round, reply.category) == ("draft", 1, "A")
    assert last_entry(lead.suggestion, "reply.draft").actor == actor(actors, who)


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "staff", "deputy", "outsider"])
def test_others_cannot_draft_the_units_reply(actors: Any, who: str) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    with pytest.raises(NotAllowed):
        replies.reply_draft(assignment=lead, actor=actor(actors, who), category="A", content="x")


def test_reply_without_contact_record_is_refused(actors: Any) -> None:
    (lead,) = accepted(actors)
    with pytest.raises(IllegalTransition) as err:
        draft(actors, lead)
    assert err.value.code == "contact_required"
    assert not Reply.objects.exists()


def test_staff_waiver_allows_reply_without_contact(actors: Any) -> None:
    (lead,) = accepted(actors)
    assignments.assignment_waive_contact(assignment=lead, actor=actors.staff, note="代表长期在外")
    assert draft(actors, lead).status == Reply.Status.DRAFT


def test_draft_refused_before_signing_for_assignment(actors: Any) -> None:
    (lead,) = assigned(actors)
    with pytest.raises(IllegalTransition):
        draft(actors, lead)


def test_lead_cannot_reply_while_co_opinion_outstanding(actors: Any) -> None:
    lead, co = accepted(actors, ("lead", "co"))
    contact(actors, lead)
    with pytest.raises(IllegalTransition) as err:
        draft(actors, lead)
    assert err.value.code == "co_opinion_outstanding"
    assert "市教育局" in err.value.message
    assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="同意")
    assert draft(actors, lead).status == Reply.Status.DRAFT


def test_staff_override_lets_lead_reply_without_co_opinion(actors: Any) -> None:
    lead, _co = accepted(actors, ("lead", "co"))
    contact(actors, lead)
    assignments.assignment_waive_co_opinion(assignment=lead, actor=actors.staff, note="时间紧")
    assert draft(actors, lead).status == Reply.Status.DRAFT


def test_co_handler_does_not_reply_to_deputies(actors: Any) -> None:
    _lead, co = accepted(actors, ("lead", "co"))
    contact(actors, co)
    with pytest.raises(IllegalTransition) as err:
        draft(actors, co)
    assert err.value.code == "co_no_reply"


def test_category_must_be_configured(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    with pytest.raises(InvalidInput) as err:
        draft(actors, lead, category="E")
    assert err.value.code == "invalid_category"


def test_b_reply_needs_commitments(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    with pytest.raises(InvalidInput) as err:
        draft(actors, lead, category="B")
    assert err.value.code == "commitment_required"


def test_one_open_reply_per_round(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    draft(actors, lead)
    with pytest.raises(IllegalTransition) as err:
        draft(actors, lead)
    assert err.value.code == "reply_exists"


def test_only_the_units_head_signs_off(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = draft(actors, lead)
    for who in ("liaison_a", "head_b", "liaison_b", "staff", "deputy", "outsider"):
        with pytest.raises(NotAllowed):
            replies.reply_sign(reply=reply, actor=actor(actors, who))
    reply = replies.reply_sign(reply=reply, actor=actors.head_a)
    assert (reply.status, reply.signed_by) == ("signed", actors.head_a)
    entry = last_entry(lead.suggestion, "reply.sign")
    assert (entry.from_state, entry.to_state) == ("draft", "signed")
    with pytest.raises(IllegalTransition):
        replies.reply_sign(reply=reply, actor=actors.head_a)


def test_staff_accept_delivers_reply_and_opens_feedback_window(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    assert (reply.status, reply.sent_on, reply.on_time, reply.published) == ("accepted", date(2026, 3, 2), True, True)
    assert lead.status == Assignment.Status.REPLIED
    assert lead.suggestion.status == Suggestion.Status.REPLIED
    assert deadline(lead, kinds.REPLY).status == Deadline.Status.MET
    feedback = deadline(reply, kinds.FEEDBACK)
    assert feedback.due == date(2026, 3, 30)
    assert "答复送达" in feedback.explanation
    assert last_entry(lead.suggestion, "reply.accept").data == {"on_time": True, "category": "A"}


def test_late_reply_is_recorded_as_not_on_time(actors: Any, frozen: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    frozen.move_to(date(2026, 6, 3))
    reply = delivered(actors, lead)
    assert reply.on_time is False


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "deputy", "outsider", "reviewer"])
def test_only_staff_review_replies(actors: Any, who: str) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = signed(actors, lead)
    with pytest.raises(NotAllowed):
        replies.reply_accept(reply=reply, actor=actor(actors, who))
    with pytest.raises(NotAllowed):
        replies.reply_send_back(reply=reply, actor=actor(actors, who), reason="x")


def test_unsigned_draft_cannot_be_accepted(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    with pytest.raises(IllegalTransition):
        replies.reply_accept(reply=draft(actors, lead), actor=actors.staff)


def test_staff_regrade_keeps_original_category(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = replies.reply_accept(reply=signed(actors, lead, "A"), actor=actors.staff, category="D")
    assert (reply.category, reply.original_category) == ("D", "A")
    assert "由A类改为D类" in last_entry(lead.suggestion, "reply.accept").note


def test_sent_back_reply_is_revised_signed_again_and_accepted(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = replies.reply_send_back(reply=signed(actors, lead), actor=actors.staff, reason="答复过于笼统")
    assert reply.status == Reply.Status.SENT_BACK
    with pytest.raises(IllegalTransition):
        replies.reply_sign(reply=reply, actor=actors.head_a)
    with pytest.raises(NotAllowed):
        replies.reply_update(reply=reply, actor=actors.liaison_b, content="x")
    reply = replies.reply_update(reply=reply, actor=actors.liaison_a, content="已开通两条线路，具体如下……")
    assert (reply.status, reply.signed_by) == ("draft", None)
    reply = replies.reply_sign(reply=reply, actor=actors.head_a)
    reply = replies.reply_accept(reply=reply, actor=actors.staff)
    assert reply.status == Reply.Status.ACCEPTED
    assert Reply.objects.count() == 1
    assert last_entry(lead.suggestion, "reply.send_back").note == "答复过于笼统"


def test_b_reply_creates_commitments_with_deadlines_on_accept(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = signed(actors, lead, "B", commitments=PROMISE)
    assert not Commitment.objects.exists()
    replies.reply_accept(reply=reply, actor=actors.staff)
    commitment = Commitment.objects.get()
    assert (commitment.due_on, commitment.status, commitment.reply) == (date(2026, 12, 31), "open", reply)
    assert deadline(commitment, kinds.COMMITMENT).due == date(2026, 12, 31)


def test_private_reply_is_not_published(actors: Any) -> None:
    _lead, reply = lead_with_reply(actors, is_public=False)
    assert reply.published is False
    with pytest.raises(IllegalTransition) as err:
        replies.reply_set_published(reply=reply, actor=actors.staff, published=True)
    assert err.value.code == "not_public"


def test_staff_withdraw_published_reply(actors: Any) -> None:
    _lead, reply = lead_with_reply(actors)
    with pytest.raises(NotAllowed):
        replies.reply_set_published(reply=reply, actor=actors.liaison_a, published=False)
    reply = replies.reply_set_published(reply=reply, actor=actors.staff, published=False)
    assert not Reply.objects.published().exists()
