"""What a voting outcome does to its subject: a registry keyed by the item's kind and the subject's
model label, and the table of which subjects each kind may vote on.

Each of the votes the seed calls 三次表决制 has its own consequence (oversight/vote_consequences.py,
docs/voting.md): the report as deliberated, the follow-up report on its opinion, the year-end vote
on a key opinion's implementation; and 年终票决 on a unit's handling of (key) suggestions, and the
satisfaction vote on one suggestion's handling. A handler registered with ``kind=`` is used for
items of that kind; one registered without is the fallback for any kind whose subjects allow it.

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

from django.utils.translation import gettext as _

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

# Keys are (kind, label); kind "" is the any-kind fallback.
_handlers: dict[tuple[str, str], OutcomeHandler] = {}
_added_handlers: dict[tuple[str, str], ItemAddedHandler] = {}
# kind -> the subject model labels it may vote on; whether the kind may have no subject at all.
_subjects: dict[str, set[str]] = {}
_subject_optional: set[str] = set()
# Kinds that judge a year of work (年终票决): the item needs a year.
_yearly: set[str] = set()


def register_outcome_handler(model_label: str, handler: OutcomeHandler, *, kind: str = "") -> None:
    """Register ``handler`` for subjects of ``model_label`` (e.g. "oversight.followupreport"), for
    items of ``kind`` only when given. Registering again replaces the handler, last wins."""
    _handlers[(str(kind), model_label.lower())] = handler


def unregister_outcome_handler(model_label: str, *, kind: str = "") -> None:
    """Remove the handlers for ``model_label`` (tests use this to restore the registry)."""
    _handlers.pop((str(kind), model_label.lower()), None)
    _added_handlers.pop((str(kind), model_label.lower()), None)


def register_item_added_handler(model_label: str, handler: ItemAddedHandler, *, kind: str = "") -> None:
    """Optional: ``handler(subject, item, actor)`` runs when such a subject is put on a round."""
    _added_handlers[(str(kind), model_label.lower())] = handler


def register_subjects(kind: str, *labels: str, optional: bool = False, yearly: bool = False) -> None:
    """Declare that items of ``kind`` may vote on subjects of ``labels`` (added to any already
    declared); ``optional``: an item of this kind may have only a title; ``yearly``: it needs a year."""
    _subjects.setdefault(str(kind), set()).update(label.lower() for label in labels)
    if optional:
        _subject_optional.add(str(kind))
    if yearly:
        _yearly.add(str(kind))


def unregister_subjects(kind: str, *labels: str) -> None:
    for label in labels:
        _subjects.get(str(kind), set()).discard(label.lower())


def allowed_labels(kind: str) -> list[str]:
    return sorted(_subjects.get(str(kind), set()))


def subject_problem(*, kind: str, subject: Any, year: int | None) -> tuple[str, str]:
    """(field, why) ``subject`` and ``year`` cannot be voted on as ``kind``; ("", "") when they
    can. A kind nobody declared accepts anything (the registry stays open for new kinds)."""
    kind = str(kind)
    if kind not in _subjects:
        return "", ""
    if kind in _yearly and (subject is None or not year):
        return "year", _("年终票决须指定承办单位和年度。")
    if subject is None:
        if kind in _subject_optional:
            return "", ""
        return "subject", _("该类测评须指定测评对象。")
    if subject._meta.label_lower not in _subjects[kind]:
        names = "、".join(str(_model_name(label)) for label in allowed_labels(kind))
        message = _("该类测评的对象只能是%(names)s，不能是%(this)s。") % {
            "names": names or "—",
            "this": subject._meta.verbose_name,
        }
        return "subject", message
    return "", ""


def _model_name(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)._meta.verbose_name


def get_outcome_handler(model_label: str, kind: str = "") -> OutcomeHandler | None:
    label = model_label.lower()
    return _handlers.get((str(kind), label)) or _handlers.get(("", label))


def registered_labels() -> list[str]:
    return sorted({label for _kind, label in _handlers})


def dispatch(*, subject: Any, passed: bool, item: VotingItem, actor: Any) -> bool:
    """Call the handler for the item's kind and ``subject``'s model; return whether there was one."""
    handler = get_outcome_handler(subject._meta.label_lower, str(item.kind))
    if handler is None:
        return False
    handler(subject, passed, item, actor)
    return True


def dispatch_added(*, subject: Any, item: VotingItem, actor: Any) -> bool:
    """Call the item-added handler for the item's kind and ``subject``'s model, if any."""
    label = subject._meta.label_lower
    handler = _added_handlers.get((str(item.kind), label)) or _added_handlers.get(("", label))
    if handler is None:
        return False
    handler(subject, item, actor)
    return True
