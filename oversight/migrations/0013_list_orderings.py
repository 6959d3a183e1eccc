"""Every ordering a list offers, read from an index (docs/benchmarks.md "Every ordering").

The lists' orders are made total by the id in the direction of the chosen column, with empty values
last either way (oversight.paging.total_order): ``(col, id)`` serves the ascending order and, for a
column that is never empty, the descending one read backwards. A column that may be empty needs a
second index for its descending order (read backwards, ``(col, id)`` would put the empty ones
first): PostgreSQL only, as in migration 0008 — SQLite refuses NULLS LAST in an index, and the
embedded default does not need it. The staff list's descending deadline order gets its ties by id
descending too.
"""

from typing import Any

from django.db import migrations, models

DESC_INDEXES = {
    "suggestion_number_desc": ("oversight_suggestion", "number DESC NULLS LAST, id DESC"),
    "suggestion_registered_desc": ("oversight_suggestion", "registered_at DESC NULLS LAST, id DESC"),
    "suggestion_assigned_on_desc": ("oversight_suggestion", "assigned_on DESC NULLS LAST, id DESC"),
    "reply_signed_desc": ("oversight_reply", "signed_at DESC NULLS LAST, id DESC"),
    "reply_sent_on_desc": ("oversight_reply", "sent_on DESC NULLS LAST, id DESC"),
}


def create_desc_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in DESC_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    schema_editor.execute("DROP INDEX IF EXISTS suggestion_next_due_desc")
    schema_editor.execute(
        "CREATE INDEX suggestion_next_due_desc ON oversight_suggestion (next_due DESC NULLS LAST, id DESC)"
    )


def drop_desc_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DESC_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP INDEX IF EXISTS suggestion_next_due_desc")
    schema_editor.execute(
        "CREATE INDEX suggestion_next_due_desc ON oversight_suggestion (next_due DESC NULLS LAST, id)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0012_assignment_list_order"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="oversight_a_status_af05b1_idx",
        ),
        migrations.RemoveIndex(
            model_name="reply",
            name="oversight_r_status_c6fd3a_idx",
        ),
        migrations.RemoveIndex(
            model_name="reply",
            name="oversight_r_categor_1d57dd_idx",
        ),
        migrations.RemoveIndex(
            model_name="suggestion",
            name="oversight_s_status_19446d_idx",
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["status", "id"], name="assignment_status_id"),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["assigned_on", "id"], name="assignment_assigned_on_id"),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["round", "id"], name="assignment_round_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["status", "id"], name="reply_status_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["category", "id"], name="reply_category_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["drafted_at", "id"], name="reply_drafted_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["signed_at", "id"], name="reply_signed_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["sent_on", "id"], name="reply_sent_on_id"),
        ),
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(fields=["round", "id"], name="reply_round_id"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["status", "id"], name="suggestion_status_id"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["number", "id"], name="suggestion_number_id"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["title", "id"], name="suggestion_title_id"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["registered_at", "id"], name="suggestion_registered_id"),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["assigned_on", "id"], name="suggestion_assigned_on_id"),
        ),
        migrations.RunPython(create_desc_indexes, drop_desc_indexes),
    ]
