"""Who must act next, told at every hand-over of 代表建议 (DESIGN.md Workflow 1).

Services queue these with :func:`later` so a step that rolls back tells nobody. Each notice names
the case (第0032号《标题》) and links to the page where the next step is taken. Recipients are the
people the step's rules name (a unit's liaisons or heads, the suggestion's deputies, staff), kept
only if ``visible_to`` — the one visibility rule — lets them see the object, so a notice never
points someone at a page that answers 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from oversight.models import Assignment, CoOpinion, ExtensionRequest, Reply, Suggestion, User
from tracker.notify import notify


def later(fn: Callable[..., None], /, **kwargs: Any) -> None:
    """Run ``fn(**kwargs)`` once the surrounding transaction commits."""
    transaction.on_commit(lambda: fn(**kwargs))


def case_name(suggestion: Suggestion) -> str:
    title = suggestion.title if len(suggestion.title) <= 40 else suggestion.title[:39] + "…"
    return f"{suggestion.display_number}《{title}》"


def case_names(ids: Iterable[int]) -> dict[int, str]:
    """The namer tracker uses for deadline reminders (registered in ``deadline_kinds``)."""
    return {s.pk: case_name(s) for s in Suggestion.objects.filter(pk__in=list(ids)).only("id", "number", "title")}


def unit_people(unit_id: int, role: str) -> list[User]:
    return list(User.objects.filter(unit_memberships__unit_id=unit_id, unit_memberships__role=role, is_active=True))


def deputy_users(suggestion: Suggestion) -> list[User]:
    ids = {suggestion.lead_deputy_id, *suggestion.co_signers.values_list("pk", flat=True)}
    return list(User.objects.filter(deputy__id__in=ids, is_active=True))


def staff_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True).filter(models.Q(is_congress_staff=True) | models.Q(is_superuser=True))
    )


def _who_sees(people: Iterable[User], obj: models.Model) -> list[User]:
    manager: Any = type(obj)._default_manager
    return [u for u in people if manager.visible_to(u).filter(pk=obj.pk).exists()]


def _send(*, people: Iterable[User], obj: models.Model, key: str, title: str, link: str, body: str = "") -> None:
    notify(recipients=_who_sees(people, obj), key=key, title=title, body=body, link=link)


def assignment_created(*, assignment_id: int) -> None:
    """A new 交办: the unit's liaisons sign for it (or ask to return it)."""
    a = Assignment.objects.select_related("suggestion", "unit").filter(pk=assignment_id).first()
    if a is None:
        return
    title = _("【新交办】%(case)s 交由你单位%(role)s，请签收") % {
        "case": case_name(a.suggestion),
        "role": a.get_role_display(),
    }
    _send(
        people=unit_people(a.unit_id, "liaison"),
        obj=a,
        key=f"assignment.create:{a.pk}",
        title=title,
        link=f"/unit/assignments/{a.pk}/",
    )


def co_opinion_in(*, opinion_id: int) -> None:
    """A co-handler's opinion arrived: the lead unit's liaisons must reflect it in the reply."""
    op = CoOpinion.objects.select_related("assignment__suggestion", "assignment__unit").filter(pk=opinion_id).first()
    if op is None:
        return
    suggestion = op.assignment.suggestion
    for lead in suggestion.assignments.filter(role=Assignment.Role.LEAD).exclude(status=Assignment.Status.RETURNED):
        title = _("【协办意见】%(case)s 收到%(unit)s的协办意见") % {
            "case": case_name(suggestion),
            "unit": op.assignment.unit,
        }
        _send(
            people=unit_people(lead.unit_id, "liaison"),
            obj=lead,
            key=f"co_opinion:{op.pk}:{lead.pk}",
            title=title,
            body=op.content[:500],
            link=f"/unit/assignments/{lead.pk}/",
        )


def reply_awaits_signoff(*, reply_id: int, stamp: str) -> None:
    """A draft is ready: the unit's heads sign it off (签发) or send it back to the liaison."""
    r = Reply.objects.select_related("assignment__suggestion").filter(pk=reply_id).first()
    if r is None:
        return
    title = _("【待签发】%(case)s 答复草稿待签发") % {"case": case_name(r.assignment.suggestion)}
    _send(
        people=unit_people(r.assignment.unit_id, "head"),
        obj=r,
        key=f"reply.signoff:{r.pk}:{stamp}",
        title=title,
        link=f"/unit/replies/{r.pk}/",
    )


def reply_awaits_review(*, reply_id: int) -> None:
    """A signed reply: staff review it before it reaches the deputies."""
    r = Reply.objects.select_related("assignment__suggestion", "assignment__unit").filter(pk=reply_id).first()
    if r is None or r.signed_at is None:
        return
    title = _("【待审核】%(case)s %(unit)s的答复已签发，待审核") % {
        "case": case_name(r.assignment.suggestion),
        "unit": r.assignment.unit,
    }
    _send(
        people=staff_users(),
        obj=r,
        key=f"reply.sign:{r.pk}:{r.signed_at.isoformat()}",
        title=title,
        link=f"/staff/replies/{r.pk}/review/",
    )


def reply_sent_back(*, reply_id: int, stamp: str, reason: str, by_head: bool = False) -> None:
    """Staff (or the unit's head) sent a reply back: the liaisons revise it."""
    r = Reply.objects.select_related("assignment__suggestion").filter(pk=reply_id).first()
    if r is None:
        return
    who = _("单位负责人") if by_head else _("人大工作人员")
    title = _("【答复退回】%(case)s 答复被%(who)s退回修改") % {"case": case_name(r.assignment.suggestion), "who": who}
    _send(
        people=unit_people(r.assignment.unit_id, "liaison"),
        obj=r,
        key=f"reply.send_back:{r.pk}:{stamp}",
        title=title,
        body=_("退回理由：%(reason)s") % {"reason": reason},
        link=f"/unit/replies/{r.pk}/edit/",
    )


def reply_to_rate(*, reply_id: int) -> None:
    """An accepted reply reached the deputies: each of them rates it within the feedback window."""
    r = Reply.objects.select_related("assignment__suggestion", "assignment__unit").filter(pk=reply_id).first()
    if r is None or r.status != Reply.Status.ACCEPTED:
        return
    suggestion = r.assignment.suggestion
    title = _("【待评价】%(case)s 已收到%(unit)s的答复，请评价") % {
        "case": case_name(suggestion),
        "unit": r.assignment.unit,
    }
    _send(
        people=deputy_users(suggestion),
        obj=r,
        key=f"reply.accept:{r.pk}",
        title=title,
        link=f"/suggestions/{suggestion.pk}/#rate-{r.pk}",
    )


def rehandling_opened(*, assignment_id: int, reason: str) -> None:
    """重新办理: the unit answers again within the re-handling period."""
    a = Assignment.objects.select_related("suggestion").filter(pk=assignment_id).first()
    if a is None:
        return
    title = _("【重新办理】%(case)s 需重新办理（第%(round)s轮）") % {"case": case_name(a.suggestion), "round": a.round}
    _send(
        people=unit_people(a.unit_id, "liaison") + unit_people(a.unit_id, "head"),
        obj=a,
        key=f"assignment.rehandling:{a.pk}:{a.round}",
        title=title,
        body=reason,
        link=f"/unit/assignments/{a.pk}/",
    )


def return_decided(*, assignment_id: int, approved: bool, note: str) -> None:
    a = Assignment.objects.select_related("suggestion").filter(pk=assignment_id).first()
    if a is None:
        return
    verdict = _("已同意退办") if approved else _("未同意退办，请继续办理")
    title = _("【退办审批】%(case)s %(verdict)s") % {"case": case_name(a.suggestion), "verdict": verdict}
    _send(
        people=unit_people(a.unit_id, "liaison"),
        obj=a,
        key=f"assignment.decide_return:{a.pk}",
        title=title,
        body=note,
        link=f"/unit/assignments/{a.pk}/",
    )


def extension_decided(*, extension_id: int) -> None:
    e = ExtensionRequest.objects.select_related("assignment__suggestion").filter(pk=extension_id).first()
    if e is None or e.status == ExtensionRequest.Status.PENDING:
        return
    a = e.assignment
    verdict = (
        _("延期%(n)s个月已批准") % {"n": e.months}
        if e.status == ExtensionRequest.Status.APPROVED
        else _("延期申请未获批准")
    )
    title = _("【延期审批】%(case)s %(verdict)s") % {"case": case_name(a.suggestion), "verdict": verdict}
    _send(
        people=unit_people(a.unit_id, "liaison"),
        obj=a,
        key=f"extension.decide:{e.pk}",
        title=title,
        body=e.decision_note,
        link=f"/unit/assignments/{a.pk}/",
    )
