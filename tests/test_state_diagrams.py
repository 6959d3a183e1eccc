"""The state diagrams in docs/ are generated from oversight/state_machines.py and stay current;
every status a model can hold appears in its machine's table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from oversight.state_machines import MACHINES, Machine, states

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("machine", MACHINES, ids=[m.name for m in MACHINES])
def test_every_status_is_in_the_table(machine: Machine) -> None:
    status_field = machine.model._meta.get_field("status")
    assert states(machine) == {value for value, _label in status_field.choices}  # type: ignore[union-attr]


def test_docs_diagrams_are_current() -> None:
    spec = importlib.util.spec_from_file_location("state_diagrams", ROOT / "scripts" / "state_diagrams.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [str(path.name) for path, (old, new) in module.updated_docs().items() if old != new]
    assert not stale, f"run `python scripts/state_diagrams.py`: {stale}"
