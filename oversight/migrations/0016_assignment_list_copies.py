"""Assignments also copy the suggestion's status, dates, title, lead deputy and nearest owed
deadline — the columns a list may be ordered by — so that a unit's list in any of those orders
walks an index of the unit's assignments and stops after its page (docs/benchmarks.md "A unit's
list in every order"). The copy is filled in place (one UPDATE … FROM on PostgreSQL) before the
columns that are never empty become NOT NULL. At province size this needs a maintenance window
(docs/operations.md).

The descending orders of the columns that may be empty keep the empty rows last
(oversight.paging.total_order), which the ascending index read backwards does not: a second index
each, PostgreSQL only, as in migration 0013 (SQLite refuses NULLS LAST in an index)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

COPIES = {
    "list_status": "status",
    "list_submitted_at": "submitted_at",
    "list_registered_at": "registered_at",
    "list_assigned_on": "assigned_on",
    "list_title": "title",
    "list_lead_deputy_id": "lead_deputy_id",
    "list_next_due": "next_due",
}
DESC_INDEXES = {
    "assignment_unit_number_desc": "unit_id, list_number DESC NULLS LAST, suggestion_id DESC",
    "assignment_unit_registered_desc": "unit_id, list_registered_at DESC NULLS LAST, suggestion_id DESC",
    "assignment_unit_assigned_desc": "unit_id, list_assigned_on DESC NULLS LAST, suggestion_id DESC",
    "assignment_unit_next_due_desc": "unit_id, list_next_due DESC NULLS LAST, suggestion_id DESC",
}
# (copy, order index name) of the ascending indexes, one per order a unit's list offers
UNIT_INDEXES = [
    ("list_number", "assignment_unit_number"),
    ("list_status", "assignment_unit_status"),
    ("list_submitted_at", "assignment_unit_submitted_at"),
    ("list_registered_at", "assignment_unit_registered_at"),
    ("list_assigned_on", "assignment_unit_assigned_on"),
    ("list_title", "assignment_unit_title"),
    ("list_lead_deputy", "assignment_unit_lead_deputy"),
    ("list_next_due", "assignment_unit_next_due"),
]


def fill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        assignments = ", ".join(f"{copy} = s.{column}" for copy, column in COPIES.items())
        schema_editor.execute(
            f"UPDATE oversight_assignment a SET {assignments} FROM oversight_suggestion s WHERE s.id = a.suggestion_id"
        )
        return
    assignments = ", ".join(
        f"{copy} = (SELECT s.{column} FROM oversight_suggestion s WHERE s.id = oversight_assignment.suggestion_id)"
        for copy, column in COPIES.items()
    )
    schema_editor.execute(f"UPDATE oversight_assignment SET {assignments}")


def create_desc_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in DESC_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON oversight_assignment ({columns})")


def drop_desc_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DESC_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def lead_deputy(**options: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        db_constraint=False,
        db_index=False,
        editable=False,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to="oversight.deputy",
        verbose_name="领衔代表",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0015_assignment_unit_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="list_status",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="建议状态"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="list_submitted_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="提交时间"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="list_registered_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="立案时间"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="list_assigned_on",
            field=models.DateField(editable=False, null=True, verbose_name="交办日期"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="list_title",
            field=models.CharField(editable=False, max_length=200, null=True, verbose_name="标题"),
        ),
        migrations.AddField(model_name="assignment", name="list_lead_deputy", field=lead_deputy(null=True)),
        migrations.AddField(
            model_name="assignment",
            name="list_next_due",
            field=models.DateField(editable=False, null=True, verbose_name="最近期限"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="assignment",
            name="list_status",
            field=models.CharField(editable=False, max_length=16, verbose_name="建议状态"),
        ),
        migrations.AlterField(
            model_name="assignment",
            name="list_submitted_at",
            field=models.DateTimeField(editable=False, verbose_name="提交时间"),
        ),
        migrations.AlterField(
            model_name="assignment",
            name="list_title",
            field=models.CharField(editable=False, max_length=200, verbose_name="标题"),
        ),
        migrations.AlterField(model_name="assignment", name="list_lead_deputy", field=lead_deputy()),
        *(
            migrations.AddIndex(
                model_name="assignment", index=models.Index(fields=["unit", copy, "suggestion"], name=name)
            )
            for copy, name in UNIT_INDEXES
        ),
        migrations.RunPython(create_desc_indexes, drop_desc_indexes, elidable=False),
    ]
