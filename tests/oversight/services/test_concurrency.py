"""Two real database connections racing for the same transition (PostgreSQL row locks).

Each thread gets its own connection (Django's connections are per thread) and closes it at the
end, so the test database can be dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from oversight.errors import DomainError, IllegalTransition
from oversight.models import Assignment, Feedback, Reply, Suggestion, User
from oversight.services import replies, suggestions
from tests.concurrency import race
from tests.oversight.services.conftest import accepted, contact, draft, lead_with_reply, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def user(pk: int) -> User:
    return User.objects.get(pk=pk)


def test_two_simultaneous_sign_offs_exactly_one_wins(actors: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply_pk, head_pk = draft(actors, lead).pk, actors.head_a.pk

    def sign() -> Reply:
        return replies.reply_sign(reply=Reply.objects.get(pk=reply_pk), actor=user(head_pk))

    results = race(sign, sign)
    assert sorted(type(r).__name__ for r in results) == ["IllegalTransition", "Reply"]
    assert Reply.objects.get(pk=reply_pk).status == Reply.Status.SIGNED
    from tracker.models import TimelineEntry

    assert TimelineEntry.objects.filter(action="reply.sign").count() == 1


def test_same_deputy_rating_twice_at_once_is_counted_once(actors: Any) -> None:
    _lead, reply = lead_with_reply(actors)
    deputy_pk = actors.deputy.pk

    def rate() -> Feedback:
        return replies.feedback_rate(reply=Reply.objects.get(pk=reply.pk), actor=user(deputy_pk), rating="satisfied")

    results = race(rate, rate)
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 1 and isinstance(errors[0], IllegalTransition)
    assert errors[0].code == "already_rated"
    assert Feedback.objects.count() == 1


def test_last_two_ratings_at_once_conclude_exactly_once(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    pks = [actors.deputy.pk, actors.cosigner.pk]

    def rate(pk: int) -> Callable[[], Feedback]:
        return lambda: replies.feedback_rate(reply=Reply.objects.get(pk=reply.pk), actor=user(pk), rating="basic")

    results = race(*(rate(pk) for pk in pks))
    assert all(isinstance(r, Feedback) for r in results), results
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.CONCLUDED
    assert Suggestion.objects.get().status == Suggestion.Status.CONCLUDED
    from tracker.models import TimelineEntry

    assert TimelineEntry.objects.filter(action="assignment.conclude").count() == 1


def test_concurrent_registration_numbers_are_unique_and_consecutive(actors: Any) -> None:
    pks = [submit(actors).pk for _ in range(8)]
    staff_pk = actors.staff.pk

    def register(pk: int) -> Callable[[], Suggestion]:
        return lambda: suggestions.suggestion_register(suggestion=Suggestion.objects.get(pk=pk), actor=user(staff_pk))

    results = race(*(register(pk) for pk in pks))
    assert all(isinstance(r, Suggestion) for r in results), results
    numbers = list(Suggestion.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 9))
