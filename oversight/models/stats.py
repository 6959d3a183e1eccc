"""Per-assignment facts behind the statistics (oversight/stats/facts.py fills them).

A derived table, not a source of truth: one row per assignment that counts (not 退办), holding the
dimensions a ``Scope`` filters on and the facts the aggregates add up, so the dashboard sums ~230k
narrow rows instead of joining 1.5 million. Kept exact by oversight/stats/freshness.py and rebuilt
by ``manage.py refresh_stats``; the live queries in oversight/stats/sql.py remain the reference.
Plain ids rather than foreign keys (no constraint, no cascade): a refresh of the suggestion
rewrites or removes its rows, so deleting a unit or an assignment never has to look here.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class AssignmentFacts(models.Model):
    assignment_id = models.BigIntegerField(primary_key=True)
    suggestion_id = models.BigIntegerField(db_index=True)
    # Dimensions (Scope): the suggestion's session (its year through Session), category, 重点督办,
    # and whether the suggestion has any reply marked 不公开 (left out of the public figures).
    unit = models.ForeignKey("oversight.Unit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    session = models.ForeignKey("oversight.Session", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    category = models.ForeignKey(
        "oversight.SuggestionCategory", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    role = models.CharField(max_length=10)
    is_key = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    # Facts (0/1 or counts, summed as they are): see docs/statistics.md for each definition.
    answered = models.PositiveSmallIntegerField(default=0)
    replied = models.PositiveSmallIntegerField(default=0)
    first_replied = models.PositiveSmallIntegerField(default=0)
    on_time = models.PositiveSmallIntegerField(default=0)
    face = models.PositiveSmallIntegerField(default=0)
    last_category = models.CharField(max_length=8, blank=True, default="")  # latest accepted reply's
    # The earliest due date among the open reply / re-handling / co-opinion deadlines: the
    # assignment is overdue on any day after it, so the figure stays exact for every as_of day.
    overdue_from = models.DateField(null=True)
    ratings = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    basic = models.PositiveIntegerField(default=0)
    unsatisfied = models.PositiveIntegerField(default=0)
    first_ratings = models.PositiveIntegerField(default=0)
    first_satisfied = models.PositiveIntegerField(default=0)
    first_basic = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "assignment facts"
        indexes = [
            models.Index(fields=["session", "unit"], name="facts_session_unit"),
            models.Index(fields=["unit"], name="facts_unit"),
            # Overdue is counted from the few assignments with an open deadline, not all of them.
            models.Index(fields=["overdue_from"], condition=Q(overdue_from__isnull=False), name="facts_overdue"),
        ]

    def __str__(self) -> str:
        return f"facts of assignment {self.assignment_id}"


class StatsCell(models.Model):
    """The facts summed by everything a scope can filter on and the latest reply category: a few
    thousand rows however many suggestions, so the figures read them instead of the facts.

    Kept by adding what a refresh inserts into the facts and subtracting what it deletes, in the
    same transaction (oversight/stats/facts.py): increments commute, so concurrent refreshes of
    different suggestions in one cell cannot lose each other's counts. ``category_id`` is 0 for a
    suggestion without a category (so the key is unique without NULLs)."""

    unit_id = models.BigIntegerField()
    session = models.ForeignKey("oversight.Session", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    category_id = models.BigIntegerField()
    role = models.CharField(max_length=10)
    is_key = models.BooleanField()
    hidden = models.BooleanField()
    last_category = models.CharField(max_length=8, blank=True)
    assigned = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    first_replied = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    face = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basic = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    first_ratings = models.IntegerField(default=0)
    first_satisfied = models.IntegerField(default=0)
    first_basic = models.IntegerField(default=0)

    class Meta:
        verbose_name = "statistics cell"
        constraints = [
            models.UniqueConstraint(
                fields=["unit_id", "session", "category_id", "role", "is_key", "hidden", "last_category"],
                name="stats_cell_key",
            )
        ]

    def __str__(self) -> str:
        return f"cell {self.unit_id}/{self.session_id}/{self.category_id}"


class CommitmentFacts(models.Model):
    """One row per commitment of a counted assignment, with the scope's dimensions: 落实率 and
    overdue promises depend on the day, so they are counted from the promised dates each time —
    without joining the commitments to the assignments."""

    commitment_id = models.BigIntegerField(primary_key=True)
    suggestion_id = models.BigIntegerField(db_index=True)
    unit_id = models.BigIntegerField()
    session = models.ForeignKey("oversight.Session", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    category_id = models.BigIntegerField(null=True)
    role = models.CharField(max_length=10)
    is_key = models.BooleanField()
    hidden = models.BooleanField()
    status = models.CharField(max_length=16)
    due_on = models.DateField()

    class Meta:
        verbose_name = "commitment facts"

    def __str__(self) -> str:
        return f"facts of commitment {self.commitment_id}"
