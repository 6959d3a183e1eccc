"""Chinese substring search that an index can answer (PostgreSQL only; SQLite keeps ``icontains``).

Every suggestion gets a generated column ``search_bigrams``: the distinct two-character pieces of
``upper(title || ' ' || content)``, GIN-indexed. A query of two or more characters first asks the
index for rows holding all of the query's bigrams (a necessary condition for containing the query),
then the unchanged substring test decides, so the results are exactly those of ``icontains``
(oversight/search.py, docs/benchmarks.md). pg_trgm was not used: it needs three characters, and
two-character words (公交, 教育) are the commonest Chinese queries.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _forward(apps: Any, schema_editor: Any) -> None:
    from oversight.search import install_search_schema

    install_search_schema(schema_editor.connection)


def _backward(apps: Any, schema_editor: Any) -> None:
    from oversight.search import install_search_schema

    install_search_schema(schema_editor.connection, drop=True)


class Migration(migrations.Migration):
    dependencies = [("oversight", "0003_suggestion_list_order_and_indexes")]

    operations = [migrations.RunPython(_forward, _backward)]
