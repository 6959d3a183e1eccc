"""Write the state diagrams of oversight/state_machines.py into the docs.

Each diagram sits between ``<!-- state:Name -->`` and ``<!-- /state:Name -->`` in its doc; run
``python scripts/state_diagrams.py`` after changing a table (``--check`` only reports stale docs).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render(text: str, name: str, block: str) -> str:
    pattern = re.compile(rf"<!-- state:{name} -->\n.*?<!-- /state:{name} -->", re.S)
    replacement = f"<!-- state:{name} -->\n{block}\n<!-- /state:{name} -->"
    if not pattern.search(text):
        raise SystemExit(f"no <!-- state:{name} --> markers")
    return pattern.sub(lambda _m: replacement, text)


def updated_docs() -> dict[Path, tuple[str, str]]:
    """{doc path: (current text, text with fresh diagrams)}."""
    from oversight.state_machines import MACHINES, mermaid

    docs: dict[Path, tuple[str, str]] = {}
    for machine in MACHINES:
        path = ROOT / "docs" / f"{machine.doc}.md"
        current, new = docs.get(path, (path.read_text(encoding="utf-8"),) * 2)
        docs[path] = (current, render(new, machine.name, mermaid(machine)))
    return docs


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    stale = [path for path, (old, new) in updated_docs().items() if old != new]
    if "--check" in sys.argv:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, (_old, new) in updated_docs().items():
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
