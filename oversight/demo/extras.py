"""Extension point: demo objects of the other workflows (voting rounds, deliberation opinions).

``build_extras`` runs after the suggestions, inside the same transaction and with the same
Director (time travel, accounts). Each builder returns lines to print. Add a builder here when a
workflow's services exist; nothing is created for a workflow whose services are missing.
"""

from __future__ import annotations

from oversight.demo.steps import Director


def build_extras(d: Director) -> list[str]:
    from oversight.demo.workflow2 import build_workflow2

    return build_workflow2(d)
