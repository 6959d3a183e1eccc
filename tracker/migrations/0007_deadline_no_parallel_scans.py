"""Deadlines are read in requests by index walks that stop after a page (work queues, lists):
PostgreSQL must not hand such a walk to parallel workers. When the planner cannot see how many of
the walked rows a join keeps (an open feedback window ⇒ a replied assignment is invisible to it), it
plans a parallel ordered scan whose worker start-up costs 20–30 ms, where the plain walk reads 20
rows in 0.4 ms (docs/benchmarks.md "Work queues"). A storage parameter, PostgreSQL only."""

from django.db import migrations


def _set(workers: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE tracker_deadline {workers}")

    return run


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_deadline_list_orders")]

    operations = [
        migrations.RunPython(_set("SET (parallel_workers = 0)"), _set("RESET (parallel_workers)"), elidable=False),
    ]
