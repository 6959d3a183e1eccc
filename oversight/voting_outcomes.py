"""What a voting outcome does to its subject: a registry keyed by the subject's model label.

``round_close`` (oversight/services/voting.py) computes each item's outcome and, inside the same
transaction, calls the handler registered for the item's subject model — so a failed vote and the
follow-up it starts (rectification, re-handling, escalation) commit together or not at all.

The voting code knows nothing of deliberation opinions or suggestions; their modules register a
handler at import time (from their AppConfig.ready() or the services module), keeping the
dependency one-way::

    from oversight import voting_outcomes

    def _on_report_vote(subject, passed, item, actor):
        ...

    voting_outcomes.register_outcome_handler("oversight.followupreport", _on_report_vote)

Model labels are ``app_label.model_name`` in lower case, i.e. ``model._meta.label_lower``.
A subject without a handler is fine: the outcome is stored on the item and shown on the results
page; nothing else happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oversight.models.voting import VotingItem

# handler(subject, passed, item, actor) -> None. ``subject`` is the item's GenericForeignKey
# target, ``passed`` the outcome (满意+基本满意 over the pass rule's threshold and the quorum met),
# ``item`` the VotingItem (its result fields are already saved; per-choice figures are None when
# ``item.figures_withheld``), ``actor`` the staff member who closed the round — or None when the
# round closed by itself at ``closes_at``. Raise an oversight.errors.DomainError to refuse the close.
OutcomeHandler = Callable[[Any, bool, "VotingItem", Any], None]

# on_added(subject, item, actor) -> None: optional, called by ``round_add_item`` in its transaction
# when a subject of that model is put on a round (e.g. a follow-up report goes to 满意度测评中).
# Raise a DomainError to refuse the subject (e.g. a report not yet commented on).
ItemAddedHandler = Callable[[Any, "VotingItem", Any], None]

_handlers: dict[str, OutcomeHandler] = {}
_added_handlers: dict[str, ItemAddedHandler] = {}


def register_outcome_handler(model_label: str, handler: OutcomeHandler) -> None:
    """Register ``handler`` for subjects of ``model_label`` (e.g. "oversight.followupreport").

    Registering the same handler again is a no-op (modules may be imported twice in tests);
    registering a different handler for a label that already has one replaces it, last wins.
    """
    _handlers[model_label.lower()] = handler


def unregister_outcome_handler(model_label: str) -> None:
    """Remove the handlers for ``model_label`` (tests use this to restore the registry)."""
    _handlers.pop(model_label.lower(), None)
    _added_handlers.pop(model_label.lower(), None)


def register_item_added_handler(model_label: str, handler: ItemAddedHandler) -> None:
    """Optional: ``handler(subject, item, actor)`` runs when such a subject is put on a round."""
    _added_handlers[model_label.lower()] = handler


def get_outcome_handler(model_label: str) -> OutcomeHandler | None:
    return _handlers.get(model_label.lower())


def registered_labels() -> list[str]:
    return sorted(_handlers)


def dispatch(*, subject: Any, passed: bool, item: VotingItem, actor: Any) -> bool:
    """Call the handler for ``subject``'s model; return whether one was registered."""
    handler = get_outcome_handler(subject._meta.label_lower)
    if handler is None:
        return False
    handler(subject, passed, item, actor)
    return True


def dispatch_added(*, subject: Any, item: VotingItem, actor: Any) -> bool:
    """Call the item-added handler for ``subject``'s model; return whether one was registered."""
    handler = _added_handlers.get(subject._meta.label_lower)
    if handler is None:
        return False
    handler(subject, item, actor)
    return True
