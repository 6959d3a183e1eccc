"""A fresh installation starts with the default suggestion categories (DESIGN.md: they follow the
congress's special committees), editable by staff afterwards. Existing names are left alone."""

from __future__ import annotations

from typing import Any

from django.db import migrations

DEFAULT_CATEGORIES = ("财政经济", "农业农村", "城建环资", "教科文卫", "内务司法", "社会建设", "其他")


def create_defaults(apps: Any, schema_editor: Any) -> None:
    category = apps.get_model("oversight", "SuggestionCategory")
    for order, name in enumerate(DEFAULT_CATEGORIES, start=1):
        category.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("oversight", "0004_suggestion_search_bigrams")]

    # Reversing leaves the rows: staff may have filed suggestions under them.
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
