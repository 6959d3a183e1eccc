"""A unit's list by number reads the assignments' copy of it too (Assignment.list_number, copied
since migration 0012): ascending from ``(unit, list_number, suggestion)``, descending with the
unnumbered last from a PostgreSQL-only index, as in migration 0016 (docs/benchmarks.md "A unit's
list in every order")."""

from typing import Any

from django.db import migrations, models

DESC_INDEX = "assignment_unit_number_desc"
DESC_COLUMNS = "unit_id, list_number DESC NULLS LAST, suggestion_id DESC"


def create_desc_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {DESC_INDEX} ON oversight_assignment ({DESC_COLUMNS})")


def drop_desc_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {DESC_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0016_assignment_list_copies"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["unit", "list_number", "suggestion"], name="assignment_unit_number"),
        ),
        migrations.RunPython(create_desc_index, drop_desc_index, elidable=False),
    ]
