"""PostgreSQL: repeated queries run as prepared statements, each execution planned for its values."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from oversight.models import Suggestion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def _prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE strpos(statement, %s) > 0", [fragment])
        return [row[0] for row in cursor.fetchall()]


def test_a_query_run_again_and_again_is_prepared_once() -> None:
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    probe = '"oversight_suggestion"."key_leader" = $1'
    for i in range(4):
        list(Suggestion.objects.filter(key_leader=f"探针{i}").values_list("pk"))
    assert _prepared(probe) == []  # not before psycopg's threshold (five runs)
    for i in range(4, 8):
        list(Suggestion.objects.filter(key_leader=f"探针{i}").values_list("pk"))
    prepared = _prepared(probe)
    # One statement, its value bound by the server ($1) whatever each run asked for.
    assert len(prepared) == 1 and "探针" not in prepared[0]


def test_every_execution_is_planned_for_its_own_values() -> None:
    """A generic plan would choose one way for every search word (oversight/search.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


@pytest.mark.django_db(transaction=True)
def test_similarity_threshold_is_set_for_the_transaction_only(actors: Any) -> None:
    """SET takes no bound parameter: the trigram threshold goes through set_config()."""
    from oversight import similarity

    found = similarity.similar_to(session_id=actors.session.pk, title="关于增设公交线路的建议", content="")
    assert isinstance(found, list)
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        assert float(cursor.fetchone()[0]) == pytest.approx(0.3)
