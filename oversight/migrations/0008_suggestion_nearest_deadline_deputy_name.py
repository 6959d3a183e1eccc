"""Each suggestion keeps a copy of its nearest deadline still owed (due date and kind), with an
index per direction of the staff list's deadline column (tracker.nearest; docs/benchmarks.md).
The copy is filled here from the deadlines already open. Deputies get an index on their name (the
staff list's search looks a lead deputy up by name)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

LIVE = ["open", "extended", "paused"]


def fill(apps: Any, schema_editor: Any) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    deadline = apps.get_model("tracker", "Deadline")
    suggestion = apps.get_model("oversight", "Suggestion")
    case_type = content_type.objects.filter(app_label="oversight", model="suggestion").first()
    if case_type is None:  # a fresh database: no content types, no deadlines yet
        return
    nearest = deadline.objects.filter(case_type_id=case_type.pk, case_id=OuterRef("pk"), status__in=LIVE).order_by(
        "due", "id"
    )
    suggestion.objects.filter(pk__in=deadline.objects.filter(case_type_id=case_type.pk).values("case_id")).update(
        next_due=Subquery(nearest.values("due")[:1]),
        next_due_kind=Coalesce(Subquery(nearest.values("kind")[:1]), Value("")),
    )


# The staff list's two orders by the copy, empty last, ties by id: one index per direction (a
# b-tree read backwards would put the empty ones first). PostgreSQL only — SQLite refuses NULLS
# LAST in an index, and the embedded default does not need it.
ORDER_INDEXES = {
    "suggestion_next_due": "next_due ASC NULLS LAST, id",
    "suggestion_next_due_desc": "next_due DESC NULLS LAST, id",
}


def create_order_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in ORDER_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON oversight_suggestion ({columns})")


def drop_order_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ORDER_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0007_suggestion_title_trigram"),
        ("tracker", "0004_notices_and_tones"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="next_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="最近期限"),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="next_due_kind",
            field=models.CharField(blank=True, editable=False, max_length=40, verbose_name="最近期限类型"),
        ),
        migrations.RunPython(create_order_indexes, drop_order_indexes),
        migrations.AddIndex(
            model_name="deputy",
            index=models.Index(fields=["name", "id"], name="deputy_name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
