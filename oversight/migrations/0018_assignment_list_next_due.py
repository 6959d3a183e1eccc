"""Assignments copy the suggestion's nearest owed deadline too (Assignment.list_next_due, kept by
tracker.nearest through Suggestion.nearest_deadline_copied), so that a unit's list sorted by its
deadline column walks the unit's index on the copy (docs/benchmarks.md "A unit's list in every
order"). Filled in place; the descending order, empty last, has a PostgreSQL-only index as in
migration 0016."""

from typing import Any

from django.db import migrations, models

DESC_INDEX = "assignment_unit_next_due_desc"
DESC_COLUMNS = "unit_id, list_next_due DESC NULLS LAST, suggestion_id DESC"


def fill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE oversight_assignment a SET list_next_due = s.next_due FROM oversight_suggestion s"
            " WHERE s.id = a.suggestion_id AND s.next_due IS NOT NULL"
        )
        return
    schema_editor.execute(
        "UPDATE oversight_assignment SET list_next_due = (SELECT s.next_due FROM oversight_suggestion s"
        " WHERE s.id = oversight_assignment.suggestion_id)"
    )


def create_desc_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {DESC_INDEX} ON oversight_assignment ({DESC_COLUMNS})")


def drop_desc_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {DESC_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0017_assignment_unit_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="list_next_due",
            field=models.DateField(editable=False, null=True, verbose_name="最近期限"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["unit", "list_next_due", "suggestion"], name="assignment_unit_next_due"),
        ),
        migrations.RunPython(create_desc_index, drop_desc_index, elidable=False),
    ]
