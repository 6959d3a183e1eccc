from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_match_models() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        missing = False
    except SystemExit:
        missing = True
    assert not missing, f"models changed without a migration:\n{out.getvalue()}"
