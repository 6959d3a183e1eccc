"""Move a suggestion through Workflow 1 with the real services, for page tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from oversight.models import Assignment, Reply, Suggestion
from oversight.services import assignments as a_svc
from oversight.services import replies as r_svc
from oversight.services import suggestions as s_svc


def submitted(actors: Any, title: str = "关于增设城东片区公交线路的建议") -> Suggestion:
    return s_svc.suggestion_submit(
        actor=actors.staff,
        session=actors.session,
        title=title,
        content="城东片区人口增长较快，早晚高峰拥堵严重，建议增设公交线路。",
        lead_deputy=actors.deputy_profile,
        co_signers=[actors.cosigner_profile],
        category=actors.category,
    )


def registered(actors: Any, title: str = "关于增设城东片区公交线路的建议") -> Suggestion:
    s = submitted(actors, title)
    return s_svc.suggestion_register(suggestion=s, actor=actors.staff)


def assigned(actors: Any, unit: Any = None, title: str = "关于增设城东片区公交线路的建议") -> Assignment:
    s = registered(actors, title)
    (assignment,) = a_svc.suggestion_assign(suggestion=s, actor=actors.staff, units=[(unit or actors.unit_a, "lead")])
    return assignment


def accepted(actors: Any, **kwargs: Any) -> Assignment:
    assignment = assigned(actors, **kwargs)
    return a_svc.assignment_accept(assignment=assignment, actor=actors.liaison_a)


def contacted(actors: Any, **kwargs: Any) -> Assignment:
    assignment = accepted(actors, **kwargs)
    a_svc.contact_log(
        assignment=assignment,
        actor=actors.liaison_a,
        method="phone",
        contacted_on=timezone.localdate(),
        summary="电话联系陈代表，听取意见。",
    )
    return assignment


def drafted(actors: Any, category: str = "A", **kwargs: Any) -> Reply:
    assignment = contacted(actors, **kwargs)
    commitments = []
    if category in ("B", "C"):
        commitments = [{"description": "年内开通新线路", "due_on": date(2099, 12, 31)}]
    return r_svc.reply_draft(
        assignment=assignment,
        actor=actors.liaison_a,
        category=category,
        content="经研究，我局已会同公交集团开通 K12 路。",
        commitments=commitments,
    )


def signed(actors: Any, **kwargs: Any) -> Reply:
    reply = drafted(actors, **kwargs)
    return r_svc.reply_sign(reply=reply, actor=actors.head_a)


def delivered(actors: Any, **kwargs: Any) -> Reply:
    reply = signed(actors, **kwargs)
    return r_svc.reply_accept(reply=reply, actor=actors.staff)
