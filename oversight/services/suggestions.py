"""代表建议: submit, register (立案, numbered per session), return, key supervision, 并案, 销号."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.item_kinds import ItemKind, details_errors
from oversight.models import Assignment, Commitment, Deputy, Session, Suggestion, SuggestionCategory, User
from oversight.services._base import lock, now, require_staff, require_state, require_text
from tracker import deadlines, timeline

if TYPE_CHECKING:
    from oversight.services.imports import ImportReport

S = Suggestion.Status
# "Any open" suggestion: registered and not yet closed off (DESIGN.md Workflow 1, step 2).
OPEN_STATES = (S.REGISTERED, S.ASSIGNED, S.REPLIED, S.REHANDLING, S.CONCLUDED)


def _validate_submission(
    *, title: str, content: str, lead_deputy: Deputy | None, co_signers: Iterable[Deputy], period: str
) -> list[Deputy]:
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("请填写标题。")
    elif len(title.strip()) > 200:
        errors["title"] = _("标题不能超过200字。")
    if not (content or "").strip():
        errors["content"] = _("请填写内容。")
    if lead_deputy is None:
        errors["lead_deputy"] = _("请指定领衔代表。")
    if period not in Suggestion.Period.values:
        errors["period"] = _("提出时间只能是“大会期间”或“闭会期间”。")
    cosigners = [d for d in dict.fromkeys(co_signers) if lead_deputy is None or d.pk != lead_deputy.pk]
    if errors:
        raise InvalidInput(next(iter(errors.values())), code="invalid", fields=errors)
    return cosigners


def create_submitted(
    *,
    actor: User,
    session: Session,
    title: str,
    content: str,
    lead_deputy: Deputy,
    co_signers: Iterable[Deputy] = (),
    category: SuggestionCategory | None = None,
    period: str = Suggestion.Period.SESSION,
    note: str = "",
    kind: str = ItemKind.SUGGESTION,
    details: dict[str, Any] | None = None,
) -> Suggestion:
    """Create a submitted suggestion (or other oversight item) and its timeline entry (shared with
    the bulk import)."""
    details = {k: str(v).strip() for k, v in (details or {}).items()}
    problems = details_errors(kind, details)
    if problems:
        raise InvalidInput(next(iter(problems.values())), code="invalid", fields=problems)
    cosigners = _validate_submission(
        title=title, content=content, lead_deputy=lead_deputy, co_signers=co_signers, period=period
    )
    suggestion = Suggestion.objects.create(
        session=session,
        kind=kind,
        details=details,
        title=title.strip(),
        content=content.strip(),
        lead_deputy=lead_deputy,
        category=category,
        period=period,
        submitted_at=now(),
        created_by=actor,
    )
    if cosigners:
        suggestion.co_signers.set(cosigners)
    timeline.record(
        case=suggestion, subject=suggestion, actor=actor, action="suggestion.submit", to_state=S.SUBMITTED, note=note
    )
    return suggestion


def create_submitted_many(
    *,
    actor: User,
    session: Session,
    rows: Sequence[Mapping[str, Any]],
    note: str = "",
    progress: Callable[[int], None] | None = None,
    batch: int = 1000,
) -> list[Suggestion]:
    """``create_submitted`` for many rows at once (the bulk import): the same checks and the same
    rows — suggestion, co-signers, a "suggestion.submit" timeline entry each — written with a few
    bulk inserts per ``batch`` instead of four queries a row. Call inside a transaction."""
    from tracker.models import TimelineEntry

    case_type = ContentType.objects.get_for_model(Suggestion)
    created: list[Suggestion] = []
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        objects, signers = [], []
        for row in chunk:
            period = row.get("period") or Suggestion.Period.SESSION
            signers.append(
                _validate_submission(
                    title=str(row.get("title") or ""),
                    content=str(row.get("content") or ""),
                    lead_deputy=row.get("lead_deputy"),
                    co_signers=row.get("co_signers") or (),
                    period=period,
                )
            )
            objects.append(
                Suggestion(
                    session=session,
                    # bulk_create skips Suggestion.save(), which keeps this copy of the session's date.
                    session_opens_on=session.opens_on,
                    title=str(row["title"]).strip(),
                    content=str(row["content"]).strip(),
                    lead_deputy=row["lead_deputy"],
                    category=row.get("category"),
                    period=period,
                    submitted_at=now(),
                    created_by=actor,
                )
            )
        Suggestion.objects.bulk_create(objects)
        through = Suggestion.co_signers.through
        through.objects.bulk_create(
            [
                through(suggestion_id=obj.pk, deputy_id=d.pk)
                for obj, deputies in zip(objects, signers, strict=True)
                for d in deputies
            ]
        )
        timeline.written()
        TimelineEntry.objects.bulk_create(
            [
                TimelineEntry(
                    case_type=case_type,
                    case_id=obj.pk,
                    actor=actor,
                    action="suggestion.submit",
                    to_state=S.SUBMITTED,
                    note=note,
                    data={},
                )
                for obj in objects
            ]
        )
        created += objects
        if progress:
            progress(len(objects))
    return created


def suggestion_submit(
    *,
    actor: User,
    session: Session,
    title: str,
    content: str,
    lead_deputy: Deputy,
    co_signers: Iterable[Deputy] = (),
    category: SuggestionCategory | None = None,
    period: str = "session",
    kind: str = ItemKind.SUGGESTION,
    details: dict[str, Any] | None = None,
) -> Suggestion:
    """A deputy submits their own suggestion, or staff enter one on a deputy's behalf. The other
    oversight items (视察意见, 专题询问, 信访督办件) are entered by staff only."""
    if not actor.is_staff_member and (actor.deputy_id is None or actor.deputy_id != lead_deputy.pk):
        raise NotAllowed(_("只有领衔代表本人或人大工作人员可以提交建议。"))
    if kind != ItemKind.SUGGESTION and not actor.is_staff_member:
        raise NotAllowed(_("视察意见、专题询问和信访督办件由人大工作人员登记。"))
    with transaction.atomic():
        return create_submitted(
            actor=actor,
            session=session,
            title=title,
            content=content,
            lead_deputy=lead_deputy,
            co_signers=co_signers,
            category=category,
            period=period,
            kind=kind,
            details=details,
        )


def suggestion_register(*, suggestion: Suggestion, actor: User) -> Suggestion:
    """立案: number the suggestion within its session (第0123号).

    The session row is locked while the next number is taken, so two staff registering at once
    queue there and get consecutive numbers; the unique constraint is the last line of defence.
    """
    require_staff(actor, action=_("立案"))
    with transaction.atomic():
        suggestion = lock(suggestion)
        old = require_state(suggestion, [S.SUBMITTED], action=_("立案"))
        Session.objects.select_for_update().filter(pk=suggestion.session_id).values_list("pk", flat=True).get()
        # Each kind has its own series per session (第0001号, 视察第0001号, …).
        same_series = Suggestion.objects.filter(session_id=suggestion.session_id, kind=suggestion.kind)
        top = same_series.aggregate(top=Max("number"))["top"]
        suggestion.number = (top or 0) + 1
        suggestion.status = S.REGISTERED
        suggestion.registered_at = now()
        suggestion.save(update_fields=["number", "status", "registered_at"])
        timeline.record(
            case=suggestion,
            subject=suggestion,
            actor=actor,
            action="suggestion.register",
            from_state=old,
            to_state=suggestion.status,
            note=suggestion.display_number,
        )
    return suggestion


def suggestion_return(*, suggestion: Suggestion, actor: User, reason: str) -> Suggestion:
    """Staff decline to register a suggestion and tell the deputy why."""
    require_staff(actor, action=_("退回建议"))
    reason = require_text(reason, field="reason", label=_("退回理由"))
    with transaction.atomic():
        suggestion = lock(suggestion)
        old = require_state(suggestion, [S.SUBMITTED], action=_("退回"))
        suggestion.status = S.RETURNED
        suggestion.return_reason = reason
        suggestion.save(update_fields=["status", "return_reason"])
        timeline.record(
            case=suggestion,
            subject=suggestion,
            actor=actor,
            action="suggestion.return",
            from_state=old,
            to_state=suggestion.status,
            note=reason,
        )
    return suggestion


def suggestion_set_key(*, suggestion: Suggestion, actor: User, is_key: bool, leader: str = "") -> Suggestion:
    """Mark (or unmark) a suggestion for key supervision (重点督办) with the leader in charge."""
    require_staff(actor, action=_("设置重点督办"))
    with transaction.atomic():
        suggestion = lock(suggestion)
        require_state(suggestion, OPEN_STATES, action=_("设置重点督办"))
        suggestion.is_key = bool(is_key)
        suggestion.key_leader = (leader or "").strip() if is_key else ""
        suggestion.save(update_fields=["is_key", "key_leader"])
        timeline.record(
            case=suggestion,
            subject=suggestion,
            actor=actor,
            action="suggestion.set_key" if is_key else "suggestion.unset_key",
            note=suggestion.key_leader,
        )
    return suggestion


def suggestion_link(*, suggestion: Suggestion, other: Suggestion, actor: User) -> None:
    """并案: handle two similar suggestions together; each is still answered on its own."""
    require_staff(actor, action=_("并案办理"))
    if suggestion.pk == other.pk:
        raise InvalidInput(_("不能与自身并案。"), code="invalid", fields={"other": _("不能与自身并案。")})
    with transaction.atomic():
        first, second = sorted([suggestion, other], key=lambda s: s.pk)  # lock in pk order: no deadlock
        first, second = lock(first), lock(second)
        for s in (first, second):
            require_state(s, OPEN_STATES, action=_("并案办理"))
        first.handled_with.add(second)
        for s, o in ((first, second), (second, first)):
            timeline.record(case=s, subject=o, actor=actor, action="suggestion.link", note=o.display_number)


def suggestion_close_off(*, suggestion: Suggestion, actor: User, reason: str = "") -> Suggestion:
    """销号: only once every assignment is concluded and every commitment fulfilled or closed."""
    require_staff(actor, action=_("销号"))
    with transaction.atomic():
        suggestion = lock(suggestion)
        old = require_state(suggestion, [S.CONCLUDED], action=_("销号"))
        unfinished = (
            suggestion.assignments.exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CONCLUDED])
        ).exists()
        if unfinished:
            raise IllegalTransition(_("尚有未办结的交办，不能销号。"), code="assignments_open")
        if Commitment.objects.filter(assignment__suggestion=suggestion, status=Commitment.Status.OPEN).exists():
            raise IllegalTransition(_("尚有未落实的承诺事项，不能销号。"), code="commitments_open")
        suggestion.status = S.CLOSED_OFF
        suggestion.closed_reason = (reason or "").strip()
        suggestion.closed_at = now()
        suggestion.save(update_fields=["status", "closed_reason", "closed_at"])
        # Every step of the file is over: whatever is still owed on it ends here, not overdue later.
        deadlines.cancel_case(case=suggestion)
        timeline.record(
            case=suggestion,
            subject=suggestion,
            actor=actor,
            action="suggestion.close_off",
            from_state=old,
            to_state=suggestion.status,
            note=suggestion.closed_reason,
        )
    return suggestion


def suggestion_import(*, actor: User, session: Session, rows: Any) -> ImportReport:
    """Bulk entry from a spreadsheet; see ``oversight.services.imports``."""
    from oversight.services.imports import suggestion_import as _import

    return _import(actor=actor, session=session, rows=rows)
