"""Assignments carry a copy of their suggestion's list order (session date, number) and a unit's
list reads them through one index in that order (docs/benchmarks.md "Unit lists: the list order
copied onto assignments"). The copy is filled in place: one UPDATE … FROM on PostgreSQL."""

from django.db import migrations, models

POSTGRESQL = """
UPDATE oversight_assignment a
   SET list_opens_on = s.session_opens_on, list_number = s.number
  FROM oversight_suggestion s
 WHERE s.id = a.suggestion_id
"""
PORTABLE = """
UPDATE oversight_assignment
   SET list_opens_on = (SELECT s.session_opens_on FROM oversight_suggestion s
                               WHERE s.id = oversight_assignment.suggestion_id),
       list_number = (SELECT s.number FROM oversight_suggestion s WHERE s.id = oversight_assignment.suggestion_id)
"""


def fill(apps, schema_editor):
    sql = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else PORTABLE
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0011_suggestion_status_submitted"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="list_opens_on",
            field=models.DateField(editable=False, null=True, verbose_name="会议开幕日期"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="list_number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="建议编号"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="assignment",
            name="list_opens_on",
            field=models.DateField(editable=False, verbose_name="会议开幕日期"),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["unit", "-list_opens_on", "list_number", "suggestion", "status", "id"],
                name="assignment_unit_list_order",
            ),
        ),
    ]
