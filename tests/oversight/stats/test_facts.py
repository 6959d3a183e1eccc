"""The per-assignment facts stay exactly equal to the live reference queries.

Randomised workflows driven through the real services (register, assign, accept, contact,
co-opinion, reply with commitments, 不公开, rate, re-handle, return, extend, fulfil, key, time
passing): after each batch the figures from the facts equal the live ones for many scopes and
``as_of`` days. Illegal random steps are refused by the services and change nothing, which is part
of the point: a refused write must not leave a fact behind either.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from oversight.errors import DomainError
from oversight.models import Assignment, AssignmentFacts, CommitmentFacts, ContactRecord, Reply, StatsCell, Suggestion
from oversight.services import assignments, commitments, feedback, replies, suggestions
from oversight.stats import facts, freshness
from oversight.stats.metrics import COUNT_FIELDS, compute
from oversight.stats.scope import Role, Scope
from tests.factories import Actors, CategoryFactory, SessionFactory
from tests.oversight.stats.world import AS_OF, World

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DAYS = (date(2026, 3, 1), date(2026, 6, 15), date(2026, 9, 1), date(2027, 3, 1))


def _snapshot(scope: Scope, source: str) -> dict[Any, tuple[Any, ...]]:
    cells = compute(scope, source=source).cells
    return {
        key: (*(getattr(f, name) for name in COUNT_FIELDS), tuple(sorted(f.categories.items())))
        for key, f in cells.items()
    }


def _scopes(actors: Actors, sessions: list[Any], category: Any) -> list[Scope]:
    base = [
        Scope(),
        Scope(public_only=True),
        Scope(role=Role.LEAD),
        Scope(role=Role.CO),
        Scope(key_only=True),
        Scope(unit_id=actors.unit_a.pk),
        Scope(unit_id=actors.unit_b.pk, role=Role.LEAD, public_only=True),
        Scope(category_id=category.pk),
        Scope(year=2026),
        Scope(year=2025),
        *(Scope(session_id=s.pk) for s in sessions),
    ]
    return [scope.but(as_of=day) for scope in base for day in DAYS]


def assert_facts_equal_live(scopes: list[Scope]) -> None:
    for scope in scopes:
        assert _snapshot(scope, "facts") == _snapshot(scope, "live"), scope
    # The cells, kept by increments, equal the facts summed from scratch.
    summed: dict[tuple[Any, ...], list[int]] = {}
    for row in AssignmentFacts.objects.values_list(*facts.KEY, *facts.SUMMED):
        total = summed.setdefault(facts._cell_key(row), [0] * (1 + len(facts.SUMMED)))
        total[0] += 1
        for i, value in enumerate(row[len(facts.KEY) :], start=1):
            total[i] += value
    kept = {
        facts._cell_key(row): list(row[len(facts.KEY) :])
        for row in StatsCell.objects.filter(assigned__gt=0).values_list(*facts.CELL_COLUMNS)
    }
    assert kept == summed
    assert not StatsCell.objects.filter(assigned=0).exclude(**{name: 0 for name in facts.SUMMED}).exists()


class Driver:
    """Random steps through the services; each either succeeds or is refused as a whole."""

    def __init__(self, actors: Actors, rnd: random.Random, traveller: Any, sessions: list[Any], cats: list[Any]):
        self.a, self.rnd, self.traveller, self.sessions, self.cats = actors, rnd, traveller, sessions, cats
        self.refused = 0
        self.done = 0
        self.reasons: dict[str, int] = {}

    def liaison(self, assignment: Assignment) -> Any:
        return self.a.liaison_a if assignment.unit_id == self.a.unit_a.pk else self.a.liaison_b

    def head(self, assignment: Assignment) -> Any:
        return self.a.head_a if assignment.unit_id == self.a.unit_a.pk else self.a.head_b

    def attempt(self, step: Callable[[], Any]) -> Any:
        try:
            result = step()
        except DomainError as error:
            self.refused += 1
            self.reasons[str(error)[:40]] = self.reasons.get(str(error)[:40], 0) + 1
            return None
        self.done += 1
        return result

    def new_suggestion(self) -> None:
        a, rnd = self.a, self.rnd
        suggestion = suggestions.suggestion_submit(
            actor=a.deputy,
            session=rnd.choice(self.sessions),
            title=f"关于第{rnd.randint(1, 10**6)}片区公交线路的建议",
            content="城东片区早晚高峰公交运力不足，建议增设线路并优化发车间隔。",
            lead_deputy=a.deputy_profile,
            co_signers=[a.cosigner_profile],
            category=rnd.choice(self.cats),
        )
        suggestions.suggestion_register(suggestion=suggestion, actor=a.staff)
        roles = rnd.choice([("lead",), ("lead", "co"), ("separate", "separate"), ("lead",)])
        units = list(zip([a.unit_a, a.unit_b] if rnd.random() < 0.5 else [a.unit_b, a.unit_a], roles, strict=False))
        assignments.suggestion_assign(suggestion=suggestion, actor=a.staff, units=units)

    def step(self) -> None:
        rnd, a = self.rnd, self.a
        assignment = rnd.choice(list(Assignment.objects.order_by("pk")))
        assignment.refresh_from_db()
        kind = (
            self.natural(assignment)
            if rnd.random() < 0.7
            else rnd.choice(
                [
                    "accept",
                    "accept",
                    "contact",
                    "contact",
                    "reply",
                    "reply",
                    "reply",
                    "rate",
                    "rate",
                    "rate",
                    "opinion",
                    "return",
                    "extend",
                    "fulfil",
                    "key",
                    "rehandle",
                    "time",
                ]
            )
        )
        if kind == "accept":
            self.attempt(lambda: assignments.assignment_accept(assignment=assignment, actor=self.liaison(assignment)))
        elif kind == "contact":
            method = rnd.choice(ContactRecord.Method.values)
            self.attempt(
                lambda: assignments.contact_log(
                    assignment=assignment,
                    actor=self.liaison(assignment),
                    method=method,
                    contacted_on=START.date(),
                    summary="听取代表意见。",
                    deputy=a.deputy_profile,
                )
            )
        elif kind == "reply":
            reply = (
                Reply.objects.filter(assignment=assignment, round=assignment.round)
                .exclude(status=Reply.Status.ACCEPTED)
                .first()
            )
            if reply is None:
                category = rnd.choice("ABCD")
                promised = [] if category in "AD" else [{"description": "年内完成", "due_on": self._later(30, 200)}]
                reply = self.attempt(
                    lambda: replies.reply_draft(
                        assignment=assignment,
                        actor=self.liaison(assignment),
                        category=category,
                        content="已增设两条公交线路。",
                        is_public=rnd.random() < 0.8,
                        commitments=promised,
                    )
                )
            if reply is not None and reply.status == Reply.Status.DRAFT and rnd.random() < 0.85:
                draft = reply
                reply = self.attempt(lambda: replies.reply_sign(reply=draft, actor=self.head(assignment)))
            if reply is not None and reply.status == Reply.Status.SIGNED and rnd.random() < 0.85:
                signed = reply
                self.attempt(lambda: replies.reply_accept(reply=signed, actor=a.staff))
        elif kind == "rate":
            reply = Reply.objects.filter(assignment=assignment, status=Reply.Status.ACCEPTED).order_by("-round").first()
            if reply is not None:
                who = rnd.choice([a.deputy, a.cosigner])
                rating = rnd.choice(["satisfied", "satisfied", "basic", "unsatisfied"])
                self.attempt(lambda: feedback.feedback_rate(reply=reply, actor=who, rating=rating, comment="意见"))
        elif kind == "opinion":
            self.attempt(
                lambda: assignments.co_opinion_submit(
                    assignment=assignment, actor=self.liaison(assignment), content="协办意见。"
                )
            )
        elif kind == "return":
            done = self.attempt(
                lambda: assignments.assignment_request_return(
                    assignment=assignment, actor=self.liaison(assignment), reason="不属于本单位职责。"
                )
            )
            if done is not None:
                self.attempt(
                    lambda: assignments.assignment_decide_return(
                        assignment=assignment, actor=a.staff, approve=rnd.random() < 0.7, note="同意。"
                    )
                )
        elif kind == "extend":
            request = self.attempt(
                lambda: assignments.assignment_request_extension(
                    assignment=assignment, actor=self.liaison(assignment), months=1, reason="需要调研。"
                )
            )
            if request is not None:
                self.attempt(lambda: assignments.extension_decide(extension=request, actor=a.staff, approve=True))
        elif kind == "fulfil":
            commitment = assignment.commitments.filter(status="open").first()
            if commitment is not None:
                self.attempt(
                    lambda: commitments.commitment_fulfil(commitment=commitment, actor=self.liaison(assignment))
                )
        elif kind == "key":
            suggestion = Suggestion.objects.get(pk=assignment.suggestion_id)
            self.attempt(
                lambda: suggestions.suggestion_set_key(
                    suggestion=suggestion, actor=a.staff, is_key=not suggestion.is_key, leader="张副主任"
                )
            )
        elif kind == "rehandle":
            self.attempt(lambda: feedback.rehandling_open(assignment=assignment, actor=a.staff, reason="代表不满意。"))
        elif kind == "time":
            self.traveller.shift(timedelta(days=rnd.randint(1, 12)))

    def natural(self, assignment: Assignment) -> str:
        """The step a real file would take next (most steps), so the walk gets past the first ones."""
        A = Assignment.Status
        if assignment.status == A.ASSIGNED:
            return "accept"
        if assignment.status in (A.ACCEPTED, A.REHANDLING):
            if assignment.role == Assignment.Role.CO:
                return "opinion"
            if not assignment.contacts.exists() or self.rnd.random() < 0.2:
                return "contact"
            return "reply"
        if assignment.status == A.REPLIED:
            return self.rnd.choice(["rate", "rate", "rate", "fulfil", "time"])
        return "time"

    def _later(self, low: int, high: int) -> str:
        from django.utils import timezone

        return (timezone.localdate() + timedelta(days=self.rnd.randint(low, high))).isoformat()


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_equal_the_live_figures_through_random_workflows(actors: Actors, frozen: Any, seed: int) -> None:
    rnd = random.Random(seed)
    s2025 = SessionFactory.create(number=1, name="第一次会议", opens_on=date(2025, 1, 8), closes_on=date(2025, 1, 12))
    sessions = [actors.session, s2025]
    cats = [actors.category, CategoryFactory.create(name="教科文卫")]
    scopes = _scopes(actors, sessions, cats[1])
    driver = Driver(actors, rnd, frozen, sessions, cats)
    for _batch in range(4):
        for _ in range(3):
            driver.new_suggestion()
        for _ in range(40):
            driver.step()
        assert_facts_equal_live(scopes)
    # The random walk did reach the states the figures distinguish.
    assert driver.done > 40
    assert CommitmentFacts.objects.exists()
    assert AssignmentFacts.objects.filter(hidden=True).exists()
    assert Reply.objects.filter(status=Reply.Status.ACCEPTED).exists()
    assert AssignmentFacts.objects.filter(ratings__gt=0).exists()


def test_facts_are_refreshed_on_commit(actors: Actors, frozen: Any, django_capture_on_commit_callbacks: Any) -> None:
    rnd = random.Random(7)
    driver = Driver(actors, rnd, frozen, [actors.session], [actors.category])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            driver.new_suggestion()
        for _ in range(30):
            driver.step()
    # Flushed by the commit callbacks, not by the read below.
    assert not freshness.pending()
    rows = AssignmentFacts.objects.count()
    assert rows == Assignment.objects.exclude(status=Assignment.Status.RETURNED).count() > 0
    assert_facts_equal_live(_scopes(actors, [actors.session], actors.category))


def test_the_hand_computed_world_reads_the_same_from_a_rebuild(world: World) -> None:
    freshness.flush()
    before = {row["assignment_id"]: row for row in AssignmentFacts.objects.values()}
    AssignmentFacts.objects.all().delete()
    call_command("refresh_stats", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = {row["assignment_id"]: row for row in AssignmentFacts.objects.values()}
    assert after == before and len(after) == 7  # 8 assignments, one returned
    assert_facts_equal_live([Scope(as_of=AS_OF), Scope(as_of=AS_OF, public_only=True)])


def test_deleting_and_returning_leaves_no_fact_behind(world: World) -> None:
    s1, _s2, _s3, s4, _s5 = world.suggestions
    freshness.flush()
    assert AssignmentFacts.objects.filter(suggestion_id=s4.pk).count() == 2
    s4.delete()
    co = Assignment.objects.get(suggestion=s1, role=Assignment.Role.CO)
    co.status = Assignment.Status.RETURNED
    co.save(update_fields=["status"])
    freshness.flush()
    assert not AssignmentFacts.objects.filter(suggestion_id=s4.pk).exists()
    assert not AssignmentFacts.objects.filter(assignment_id=co.pk).exists()
    assert_facts_equal_live([Scope(as_of=day) for day in DAYS] + [Scope(as_of=AS_OF, public_only=True)])


def test_a_write_around_the_models_is_mended_by_the_rebuild(world: World) -> None:
    _s1, s2, *_rest = world.suggestions
    freshness.flush()
    Reply.objects.filter(assignment__suggestion=s2).update(is_public=False)  # QuerySet.update: no signal
    scope = Scope(as_of=AS_OF, public_only=True)
    assert _snapshot(scope, "facts") != _snapshot(scope, "live")
    facts.rebuild()
    assert _snapshot(scope, "facts") == _snapshot(scope, "live")


def test_a_bulk_deadline_change_reaches_the_overdue_count(world: World) -> None:
    from tracker import deadlines

    _s1, _s2, s3, _s4, _s5 = world.suggestions
    lead = Assignment.objects.get(suggestion=s3, role=Assignment.Role.LEAD)
    freshness.flush()
    assert compute(Scope(as_of=AS_OF)).total().overdue == 1
    # cancel() is a QuerySet.update (no post_save): tracker says what it touched.
    assert deadlines.cancel(subject=lead) == 1
    assert compute(Scope(as_of=AS_OF)).total().overdue == 0
    assert_facts_equal_live([Scope(as_of=day) for day in DAYS])


def test_the_embedded_runner_rebuilds_once_a_day(world: World) -> None:
    from django.core.cache import cache

    cache.delete("oversight:stats-facts-rebuilt")
    AssignmentFacts.objects.all().delete()
    assert facts.rebuild_daily() == 7
    AssignmentFacts.objects.all().delete()
    assert facts.rebuild_daily() == 0  # already done today
    assert not AssignmentFacts.objects.exists()


def test_a_failing_refresh_after_commit_keeps_its_marks(world: World, monkeypatch: Any) -> None:
    freshness.flush()
    _s1, s2, *_rest = world.suggestions

    def broken(_ids: Any) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(facts, "refresh", broken)
    freshness._mark(suggestions=[s2.pk])
    freshness._flush_after_commit()  # logs, does not raise into the committed request
    assert s2.pk in freshness.pending().suggestions
    monkeypatch.undo()
    assert freshness.flush() == 1
