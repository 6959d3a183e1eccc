"""Backup and restore drill for the database and the attachments (docs/operations.md).

    .venv/bin/python scripts/backup.py backup  --to /srv/backup/2026-12-01
    .venv/bin/python scripts/backup.py restore --from /srv/backup/2026-12-01 \
        --database-url postgres://…/restored --media /srv/restored-media
    .venv/bin/python scripts/backup.py drill                 # backup, restore elsewhere, compare

``backup`` writes ``db.dump`` (pg_dump custom format), ``media.tar`` and ``manifest.json``: the
row count and an order-independent checksum of every table, and the SHA-256 of every attachment.
``restore`` loads both into a database and a folder that must be empty, then verifies them
against the manifest. ``drill`` does both on scratch targets and exits non-zero on any difference:
a restore that was never tried is not a backup. Reads DATABASE_URL and MEDIA_ROOT like the app.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def _media_root() -> Path:
    var = Path(os.environ.get("VAR_DIR", str(ROOT / "var")))
    return Path(os.environ.get("MEDIA_ROOT", str(var / "media")))


def table_fingerprints(url: str) -> dict[str, dict[str, Any]]:
    """Row count and checksum of every table: the sum of each row's md5 prefix, so row order
    and physical layout do not matter, but any changed, lost or added row does."""
    result: dict[str, dict[str, Any]] = {}
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            row = conn.execute(
                f"SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)"
                f' FROM "{table}" AS t'
            ).fetchone()
            assert row is not None
            result[table] = {"rows": int(row[0]), "checksum": str(row[1])}
    return result


def file_digests(root: Path) -> dict[str, str]:
    digests: dict[str, str] = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digests[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def backup(url: str, media: Path, target: Path) -> dict[str, Any]:
    target.mkdir(parents=True, exist_ok=True)
    # Fingerprints first, in the same snapshot sense as the dump would need a quiet moment: a
    # drill runs on a copy or at night; a live backup compares counts only where nothing changed.
    manifest = {"tables": table_fingerprints(url), "media": file_digests(media)}
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={target / 'db.dump'}", url], check=True)
    with tarfile.open(target / "media.tar", "w") as tar:
        if media.exists():
            tar.add(media, arcname=".")
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path, url: str, media: Path) -> list[str]:
    """Restore and verify; returns the differences from the manifest (empty when all is there)."""
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url}", str(source / "db.dump")], check=True
    )
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as tar:
        tar.extractall(media, filter="data")
    manifest = json.loads((source / "manifest.json").read_text())
    return compare(manifest, {"tables": table_fingerprints(url), "media": file_digests(media)})


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    for table, want in expected["tables"].items():
        got = actual["tables"].get(table)
        if got != want:
            problems.append(f"table {table}: expected {want}, restored {got}")
    for name, digest in expected["media"].items():
        if actual["media"].get(name) != digest:
            problems.append(f"attachment {name}: missing or changed")
    return problems


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def drill(url: str, media: Path) -> int:
    scratch = f"{urlsplit(url).path.lstrip('/')}_restore_drill"
    admin = _with_db(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            manifest = backup(url, media, Path(tmp) / "backup")
            problems = restore(Path(tmp) / "backup", _with_db(url, scratch), Path(tmp) / "media")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"tables: {len(manifest['tables'])}, rows: {rows:,}, attachments: {len(manifest['media'])}")
    for problem in problems:
        print("DIFFERENCE:", problem)
    print("restore drill: OK" if not problems else "restore drill: FAILED")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup")
    b.add_argument("--to", type=Path, required=True)
    r = sub.add_parser("restore")
    r.add_argument("--from", dest="source", type=Path, required=True)
    r.add_argument("--database-url", required=True)
    r.add_argument("--media", type=Path, required=True)
    sub.add_parser("drill")
    args = parser.parse_args(argv)
    url = os.environ["DATABASE_URL"]
    if args.command == "backup":
        backup(url, _media_root(), args.to)
        return 0
    if args.command == "restore":
        problems = restore(args.source, args.database_url, args.media)
        for problem in problems:
            print("DIFFERENCE:", problem)
        return 1 if problems else 0
    return drill(url, _media_root())


if __name__ == "__main__":
    sys.exit(main())
