"""pg_trgm + btree_gin and one GIN index on (session, title trigrams), for the similar-suggestion
lookup (oversight/similarity.py). PostgreSQL only: other databases skip it (the lookup falls back)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS oversight_suggestion_title_trgm "
        "ON oversight_suggestion USING gin (session_id, title gin_trgm_ops)"
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS oversight_suggestion_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("oversight", "0006_cycle_vote_kinds_progress_reports_item_kinds")]
    operations = [migrations.RunPython(forwards, backwards)]
