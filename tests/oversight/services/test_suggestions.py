from __future__ import annotations

from typing import Any

import pytest

from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Suggestion
from oversight.services import suggestions
from tests.factories import DeputyFactory, SessionFactory
from tests.oversight.services.conftest import registered, submit
from tests.oversight.services.helpers import actor, last_entry

pytestmark = pytest.mark.django_db

NOT_STAFF = ["liaison_a", "head_a", "deputy", "cosigner", "reviewer", "outsider"]


def test_deputy_submits_own_suggestion_with_cosigners(actors: Any) -> None:
    suggestion = submit(actors)
    assert suggestion.status == Suggestion.Status.SUBMITTED
    assert list(suggestion.co_signers.all()) == [actors.cosigner_profile]
    entry = last_entry(suggestion, "suggestion.submit")
    assert (entry.actor, entry.to_state) == (actors.deputy, "submitted")


def test_staff_enters_suggestion_on_behalf_of_deputy(actors: Any) -> None:
    suggestion = submit(actors, actor=actors.staff)
    assert suggestion.created_by == actors.staff


@pytest.mark.parametrize("who", ["cosigner", "liaison_a", "outsider", "reviewer"])
def test_only_lead_deputy_or_staff_may_submit(actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        submit(actors, actor=actor(actors, who))
    assert not Suggestion.objects.exists()


def test_submit_refuses_blank_title_with_field_error(actors: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        submit(actors, title="  ")
    assert "title" in err.value.fields


def test_lead_deputy_is_not_also_a_cosigner(actors: Any) -> None:
    suggestion = submit(actors, co_signers=[actors.deputy_profile, actors.cosigner_profile])
    assert list(suggestion.co_signers.all()) == [actors.cosigner_profile]


def test_register_numbers_per_session_and_displays_four_digits(actors: Any) -> None:
    first = registered(actors)
    second = registered(actors)
    other_session = registered(actors, session=SessionFactory(number=4))
    assert (first.number, second.number, other_session.number) == (1, 2, 1)
    assert second.display_number == "第0002号"
    assert second.status == Suggestion.Status.REGISTERED
    entry = last_entry(second, "suggestion.register")
    assert (entry.from_state, entry.to_state, entry.note) == ("submitted", "registered", "第0002号")


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_may_register(actors: Any, who: str) -> None:
    suggestion = submit(actors)
    with pytest.raises(NotAllowed):
        suggestions.suggestion_register(suggestion=suggestion, actor=actor(actors, who))
    suggestion.refresh_from_db()
    assert suggestion.number is None


def test_cannot_register_twice(actors: Any) -> None:
    suggestion = registered(actors)
    with pytest.raises(IllegalTransition) as err:
        suggestions.suggestion_register(suggestion=suggestion, actor=actors.staff)
    assert err.value.code == "illegal_transition"


def test_staff_return_suggestion_with_reason(actors: Any) -> None:
    suggestion = suggestions.suggestion_return(suggestion=submit(actors), actor=actors.staff, reason="属于信访事项")
    assert suggestion.status == Suggestion.Status.RETURNED
    assert last_entry(suggestion, "suggestion.return").note == "属于信访事项"


def test_return_requires_reason_and_staff_and_submitted_state(actors: Any) -> None:
    suggestion = submit(actors)
    with pytest.raises(InvalidInput):
        suggestions.suggestion_return(suggestion=suggestion, actor=actors.staff, reason=" ")
    with pytest.raises(NotAllowed):
        suggestions.suggestion_return(suggestion=suggestion, actor=actors.deputy, reason="x")
    suggestions.suggestion_register(suggestion=suggestion, actor=actors.staff)
    with pytest.raises(IllegalTransition):
        suggestions.suggestion_return(suggestion=suggestion, actor=actors.staff, reason="x")


def test_set_key_supervision_with_leader(actors: Any) -> None:
    suggestion = suggestions.suggestion_set_key(
        suggestion=registered(actors), actor=actors.staff, is_key=True, leader="张副主任"
    )
    suggestion.refresh_from_db()
    assert (suggestion.is_key, suggestion.key_leader) == (True, "张副主任")
    assert last_entry(suggestion, "suggestion.set_key").note == "张副主任"


def test_set_key_refused_before_registration_and_for_non_staff(actors: Any) -> None:
    suggestion = submit(actors)
    with pytest.raises(IllegalTransition):
        suggestions.suggestion_set_key(suggestion=suggestion, actor=actors.staff, is_key=True)
    with pytest.raises(NotAllowed):
        suggestions.suggestion_set_key(suggestion=suggestion, actor=actors.liaison_a, is_key=True)


def test_link_similar_suggestions_both_ways(actors: Any) -> None:
    first = registered(actors)
    second = registered(actors, lead_deputy=DeputyFactory(), actor=actors.staff)
    suggestions.suggestion_link(suggestion=first, other=second, actor=actors.staff)
    assert list(second.handled_with.all()) == [first]
    assert last_entry(second, "suggestion.link").note == first.display_number
    with pytest.raises(InvalidInput):
        suggestions.suggestion_link(suggestion=first, other=first, actor=actors.staff)
    with pytest.raises(NotAllowed):
        suggestions.suggestion_link(suggestion=first, other=second, actor=actors.deputy)


def test_close_off_refused_unless_concluded(actors: Any) -> None:
    suggestion = registered(actors)
    with pytest.raises(IllegalTransition):
        suggestions.suggestion_close_off(suggestion=suggestion, actor=actors.staff)
