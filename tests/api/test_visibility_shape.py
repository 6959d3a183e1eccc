"""The visibility rules' SQL shape (UNION ALL of index lookups) returns exactly the rows of the
previous definition (an OR over joins) for every role.

The reference expressions below are the rules as they were before docs/benchmarks.md "Every list
endpoint": they are the specification the faster shape must match, row for row, on a seeded world
(the canary suggestion of tests/api/canary_world.py, whose deputies, co-signer and units cover
every way in, plus a person who is both a deputy and a unit member, so both ways apply at once).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from oversight import deadline_kinds as kinds
from oversight.api.visibility import deadlines_visible_to
from oversight.models import (
    Assignment,
    Commitment,
    DeliberationOpinion,
    OpinionItem,
    ProgressReport,
    Reply,
    Suggestion,
    UnitMember,
)
from tests.api.canary_world import ROLES, build
from tests.api.world import World
from tests.conftest import FROZEN_NOW
from tracker import deadlines
from tracker.models import Deadline


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def old_suggestions(user: Any) -> QuerySet[Suggestion]:
    if not _active(user):
        return Suggestion.objects.none()
    if user.is_staff_member:
        return Suggestion.objects.all()
    condition = Q(assignments__unit_id__in=user.unit_ids())
    if user.deputy_id:
        condition |= Q(lead_deputy_id=user.deputy_id) | Q(co_signers__id=user.deputy_id)
    return Suggestion.objects.filter(condition).distinct()


def old_handling(model: Any, user: Any, unit_path: str, suggestion_path: str) -> QuerySet[Any]:
    if not _active(user):
        return model.objects.none()
    if user.is_staff_member:
        return model.objects.all()
    condition = Q(**{f"{unit_path}__in": user.unit_ids()})
    if user.deputy_id:
        condition |= Q(**{f"{suggestion_path}__lead_deputy_id": user.deputy_id})
        condition |= Q(**{f"{suggestion_path}__co_signers__id": user.deputy_id})
    return model.objects.filter(pk__in=model.objects.filter(condition).values("pk"))


def old_assignments(user: Any) -> QuerySet[Assignment]:
    return old_handling(Assignment, user, "unit_id", "suggestion")


def old_replies(user: Any) -> QuerySet[Reply]:
    qs = old_handling(Reply, user, "assignment__unit_id", "assignment__suggestion")
    if getattr(user, "is_authenticated", False) and not user.is_staff_member:
        qs = qs.filter(Q(assignment__unit_id__in=user.unit_ids()) | Q(status=Reply.Status.ACCEPTED))
    return qs


def old_commitments(user: Any) -> QuerySet[Commitment]:
    return old_handling(Commitment, user, "assignment__unit_id", "assignment__suggestion")


def old_progress(user: Any) -> QuerySet[ProgressReport]:
    return old_handling(ProgressReport, user, "assignment__unit_id", "assignment__suggestion")


def _subject(model: str, ids: QuerySet[Any]) -> Q:
    return Q(subject_type__app_label="oversight", subject_type__model=model, subject_id__in=ids.values("pk"))


def old_deadlines(user: Any) -> QuerySet[Deadline]:
    if not _active(user):
        return Deadline.objects.none()
    if user.is_staff_member:
        return Deadline.objects.all()
    own_items = OpinionItem.objects.filter(unit_id__in=user.unit_ids()).exclude(
        opinion__status=DeliberationOpinion.Status.DRAFT
    )
    own_assignments = old_assignments(user).filter(unit_id__in=user.unit_ids())
    condition = (
        _subject("suggestion", old_suggestions(user))
        | _subject("assignment", own_assignments)
        | (_subject("assignment", old_assignments(user)) & ~Q(kind__in=[kinds.RETURN_WINDOW, kinds.CO_OPINION]))
        | _subject("reply", old_replies(user))
        | _subject("commitment", old_commitments(user))
        | _subject("opinionitem", own_items)
    )
    return Deadline.objects.filter(condition)


RULES = {
    "suggestions": (lambda u: Suggestion.objects.visible_to(u), old_suggestions),
    "assignments": (lambda u: Assignment.objects.visible_to(u), old_assignments),
    "replies": (lambda u: Reply.objects.visible_to(u), old_replies),
    "commitments": (lambda u: Commitment.objects.visible_to(u), old_commitments),
    "progress reports": (lambda u: ProgressReport.objects.visible_to(u), old_progress),
    "deadlines": (deadlines_visible_to, old_deadlines),
}


def _ids(qs: QuerySet[Any]) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


@pytest.mark.django_db
def test_union_shape_returns_the_rows_of_the_or_definition(world: World) -> None:
    case = build(world)
    world.advance("delivered")  # cases A and B of the world too: rows the canary roles must not see
    users: dict[str, Any] = {role: user or AnonymousUser() for role, user in case.users.items()}
    assert set(users) == set(ROLES)
    # A co-signing deputy who also works for the co-handling unit: both ways in at once.
    both = world.actors.cosigner
    UnitMember.objects.create(unit=world.unit_c, user=both, role=UnitMember.Role.LIAISON)
    users["deputy_and_unit"] = type(both).objects.get(pk=both.pk)
    # Deadlines the workflow does not open today but the rule must still decide: one owed by the
    # round-2 draft (a deputy sees a reply's deadlines only once it is delivered) and one owed by
    # the suggestion itself (its deputies see those).
    days: dict[str, object] = {"working_days": 5}
    on_draft = deadlines.open_deadline(
        case=case.suggestion, subject=case.draft, kind=kinds.FEEDBACK, start=FROZEN_NOW.date(), rule=days
    )
    on_suggestion = deadlines.open_deadline(
        case=case.suggestion, subject=case.suggestion, kind=kinds.RETURN_WINDOW, start=FROZEN_NOW.date(), rule=days
    )
    seen: dict[str, set[int]] = {name: set() for name in RULES}
    for role, user in users.items():
        for name, (rule, reference) in RULES.items():
            expected = _ids(reference(user))
            assert _ids(rule(user)) == expected, (role, name)
            # No duplicates either: the UNION ALL stays inside ``pk IN (…)``.
            assert rule(user).count() == len(expected), (role, name)
            if role not in {"staff", "anon", "outsider"}:
                seen[name] |= set(expected)
    # The comparison is not vacuous: the non-staff roles see rows of every kind but progress reports
    # (the canary world has none).
    assert all(seen[name] for name in RULES if name != "progress reports"), seen
    deputy_deadlines = set(_ids(old_deadlines(users["deputy"])))
    assert deputy_deadlines and deputy_deadlines < set(Deadline.objects.values_list("pk", flat=True))
    assert on_suggestion.pk in deputy_deadlines and on_draft.pk not in deputy_deadlines
    assert on_draft.pk in set(_ids(old_deadlines(users["liaison_a"])))


@pytest.mark.django_db
def test_a_deadlines_case_is_the_suggestion_its_subject_belongs_to(world: World) -> None:
    """What a deputy's deadlines are read by (``deadlines_visible_to`` reads them from their
    suggestions): every deadline the workflow opens on a suggestion, an assignment, a reply or a
    commitment has that subject's suggestion for its case."""
    build(world)
    world.advance("delivered")
    suggestion_of = {
        "suggestion": lambda pk: pk,
        "assignment": lambda pk: Assignment.objects.get(pk=pk).suggestion_id,
        "reply": lambda pk: Reply.objects.get(pk=pk).assignment.suggestion_id,
        "commitment": lambda pk: Commitment.objects.get(pk=pk).assignment.suggestion_id,
    }
    checked: Counter[str] = Counter()
    for deadline in Deadline.objects.select_related("case_type", "subject_type"):
        subject = deadline.subject_type.model
        if subject in suggestion_of:
            assert deadline.case_type.model == "suggestion", deadline
            assert deadline.case_id == suggestion_of[subject](deadline.subject_id), deadline
            checked[subject] += 1
    assert checked["assignment"] and checked["reply"] and checked["commitment"], checked
