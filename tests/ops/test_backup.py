"""The restore drill: what was backed up comes back, row for row and byte for byte."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import backup

from tests.factories import make_actors

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}/{db['NAME']}"


def test_drill_restores_every_row_and_attachment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_actors()
    media = tmp_path / "media"
    (media / "attachments/2026/06").mkdir(parents=True)
    (media / "attachments/2026/06/答复.pdf").write_bytes(b"%PDF-1.4 reply")
    assert backup.drill(_url(), media) == 0
    out = capsys.readouterr().out
    assert "restore drill: OK" in out and "attachments: 1" in out


def test_restore_check_notices_a_lost_row_and_a_changed_file(tmp_path: Path) -> None:
    actors = make_actors()
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("原件")
    manifest = backup.backup(_url(), media, tmp_path / "backup")
    actors.outsider.delete()
    (media / "a.txt").write_text("被改过")
    problems = backup.compare(
        manifest, {"tables": backup.table_fingerprints(_url()), "media": backup.file_digests(media)}
    )
    assert any(p.startswith("table oversight_user") for p in problems)
    assert "attachment a.txt: missing or changed" in problems
