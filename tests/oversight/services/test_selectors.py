from __future__ import annotations

from typing import Any

import pytest

from oversight.models import Suggestion
from oversight.selectors import suggestion_detail, suggestion_timeline
from oversight.services import replies
from tests.oversight.services.conftest import lead_with_reply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_detail_loads_everything_in_fixed_queries(actors: Any, django_assert_num_queries: Any) -> None:
    lead, reply = lead_with_reply(actors, "B", commitments=[{"description": "建场站", "due_on": "2026-12-31"}])
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")
    # 1 suggestion+joins, co_signers, handled_with, assignments+unit, replies+users, feedback+deputy,
    # commitments, progress, attachments, contacts+deputy, co_opinions, extension_requests, supervision
    with django_assert_num_queries(13):
        suggestion = suggestion_detail(lead.suggestion_id, actors.staff)
        (assignment,) = suggestion.assignments.all()
        (loaded,) = assignment.replies.all()
        assert [f.deputy.name for f in loaded.feedback.all()] == ["陈代表"]
        assert len(loaded.commitments.all()) == 1
        assert [str(c.deputy) for c in assignment.contacts.all()] == ["陈代表"]
        assert suggestion.session.term.name == "第十七届"


def test_detail_respects_visibility(actors: Any) -> None:
    lead, _reply = lead_with_reply(actors)
    for who in (actors.liaison_a, actors.deputy, actors.cosigner):
        assert suggestion_detail(lead.suggestion_id, who).pk == lead.suggestion_id
    for who in (actors.liaison_b, actors.outsider):
        with pytest.raises(Suggestion.DoesNotExist):
            suggestion_detail(lead.suggestion_id, who)


def test_timeline_lists_steps_in_order(actors: Any) -> None:
    lead, _reply = lead_with_reply(actors)
    actions = [entry.action for entry in suggestion_timeline(lead.suggestion, actors.staff)]
    assert actions[:3] == ["suggestion.submit", "suggestion.register", "assignment.create"]
    assert actions[-2:] == ["reply.accept", "suggestion.status"]
