"""A suggestion whose every private field holds a distinct canary string, and who may read each.

Case A of tests/api/world.py, handled by unit A as lead (主办) and unit B as co-handler (协办);
unit C (``liaison_c``) handles nothing of it. Everything is made by the real services, so the
canaries sit where a real installation keeps such text (rows, timeline notes, attachments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oversight.models import Unit, UnitMember, User
from tests.api.world import World

UNIT_A = {"staff", "liaison_a", "head_a"}
UNIT_B = {"staff", "liaison_b", "head_b"}

# canary → the roles that may read it (somewhere); every other role must never receive it.
CANARIES: dict[str, set[str]] = {
    # 沟通记录 with a deputy's phone number: the unit that logged it, and staff.
    "CANARY-CONTACT-13912345678": UNIT_A,
    # 延期 reason and staff's decision note.
    "CANARY-EXTENSION-REASON": UNIT_A,
    "CANARY-EXTENSION-DECISION": UNIT_A,
    # The co-handler's 退办 reason and staff's decision on it.
    "CANARY-RETURN-REASON": UNIT_B,
    "CANARY-RETURN-DECISION": UNIT_B,
    # 协办意见: between the units handling the suggestion (and staff), not the deputies.
    "CANARY-CO-OPINION": UNIT_A | UNIT_B,
    # Staff's reason for 退回重办, and the reviewer's 审核意见 on the accepted reply.
    "CANARY-SEND-BACK-REASON": UNIT_A,
    "CANARY-REVIEW-OPINION": UNIT_A,
    # A reply draft (second round) before sign-off, and the file attached to it.
    "CANARY-DRAFT-CONTENT": UNIT_A,
    "CANARY-DRAFT-ATTACHMENT": UNIT_A,
    # Staff's note waiving the co-handler's opinion.
    "CANARY-WAIVE-NOTE": UNIT_A,
    # The deputy's phone number on their profile: the unit that must contact the deputy before it
    # replies (lead or separate, issue 11) sees it beside its work; nobody else.
    "CNRY-13800000000": {"liaison_a", "head_a"},
}

ROLES = (
    "anon",
    "staff",
    "liaison_a",
    "head_a",
    "liaison_b",
    "head_b",
    "liaison_c",
    "deputy",
    "cosigner",
    "reviewer",
    "outsider",
)


@dataclass
class CanaryCase:
    world: World
    users: dict[str, Any]
    suggestion: Any = None
    lead: Any = None  # unit A's assignment
    co: Any = None  # unit B's assignment
    delivered: Any = None  # round 1, accepted and published
    draft: Any = None  # round 2, a draft
    objects: dict[str, list[Any]] = field(default_factory=dict)


def _pdf(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("答复附件.pdf", b"%PDF-1.4\n" + text.encode() + b"\n%%EOF\n", "application/pdf")


def build(world: World) -> CanaryCase:
    from oversight.services import assignments as a
    from oversight.services import replies as r
    from oversight.services import suggestions as s

    actors = world.actors
    liaison_c = User.objects.create(username="liaison_c", display_name="吴联络")
    UnitMember.objects.create(unit=world.unit_c, user=liaison_c, role=UnitMember.Role.LIAISON)
    users = {
        "anon": None,
        "staff": actors.staff,
        "liaison_a": actors.liaison_a,
        "head_a": actors.head_a,
        "liaison_b": actors.liaison_b,
        "head_b": actors.head_b,
        "liaison_c": liaison_c,
        "deputy": actors.deputy,
        "cosigner": actors.cosigner,
        "reviewer": actors.reviewer,
        "outsider": actors.outsider,
    }
    staff = actors.staff
    deputy = actors.deputy_profile
    deputy.phone = "CNRY-13800000000"
    deputy.save(update_fields=["phone"])
    case = CanaryCase(world=world, users=users)

    suggestion = s.suggestion_submit(
        actor=staff,
        session=actors.session,
        title="关于增设社区食堂的建议",
        content="老年人用餐不便，建议增设社区食堂。",
        lead_deputy=deputy,
        co_signers=[actors.cosigner_profile],
        category=actors.category,
    )
    s.suggestion_register(suggestion=suggestion, actor=staff)
    unit_a, unit_b = Unit.objects.get(pk=actors.unit_a.pk), Unit.objects.get(pk=actors.unit_b.pk)
    lead, co = a.suggestion_assign(suggestion=suggestion, actor=staff, units=[(unit_a, "lead"), (unit_b, "co")])
    if lead.unit_id != unit_a.pk:
        lead, co = co, lead

    a.assignment_request_return(assignment=co, actor=actors.liaison_b, reason="CANARY-RETURN-REASON")
    a.assignment_decide_return(assignment=co, actor=staff, approve=False, note="CANARY-RETURN-DECISION")
    a.assignment_accept(assignment=lead, actor=actors.liaison_a)
    contact = a.contact_log(
        assignment=lead,
        actor=actors.liaison_a,
        method="phone",
        contacted_on=timezone.localdate(),
        summary="电话联系代表（CANARY-CONTACT-13912345678），听取意见。",
        deputy=deputy,
    )
    extension = a.assignment_request_extension(
        assignment=lead, actor=actors.liaison_a, months=1, reason="CANARY-EXTENSION-REASON"
    )
    a.extension_decide(extension=extension, actor=staff, approve=True, note="CANARY-EXTENSION-DECISION")
    co_opinion = a.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="CANARY-CO-OPINION")

    first = r.reply_draft(
        assignment=lead, actor=actors.liaison_a, category="A", content="经研究，我局将于年内在各街道增设社区食堂。"
    )
    r.reply_sign(reply=first, actor=actors.head_a)
    r.reply_send_back(reply=first, actor=staff, reason="CANARY-SEND-BACK-REASON")
    r.reply_update(reply=first, actor=actors.liaison_a, content="经研究，我局将于年内在各街道增设社区食堂并公布地址。")
    r.reply_sign(reply=first, actor=actors.head_a)
    r.reply_accept(reply=first, actor=staff, note="CANARY-REVIEW-OPINION")
    r.reply_set_published(reply=first, actor=staff, published=True)
    # The deputy is not satisfied: a second round opens and the unit drafts again.
    r.feedback_rate(
        reply=first, actor=User.objects.get(pk=actors.deputy.pk), rating="unsatisfied", comment="地址太远。"
    )
    lead.refresh_from_db()
    a.assignment_waive_co_opinion(assignment=lead, actor=staff, note="CANARY-WAIVE-NOTE")
    draft = r.reply_draft(
        assignment=lead,
        actor=actors.liaison_a,
        category="A",
        content="CANARY-DRAFT-CONTENT",
        attachments=[_pdf("CANARY-DRAFT-ATTACHMENT")],
    )

    for obj in (suggestion, lead, co, first, draft):
        obj.refresh_from_db()
    case.suggestion, case.lead, case.co, case.delivered, case.draft = suggestion, lead, co, first, draft
    case.objects = {
        "suggestion": [suggestion],
        "assignment": [lead, co],
        "reply": [first, draft],
        "extension": [extension],
        "contact": [contact],
        "co_opinion": [co_opinion],
        "commitment": list(lead.commitments.all()),
        "feedback": list(first.feedback.all()),
        "attachment": list(draft.attachments.all()) + list(first.attachments.all()),
    }
    return case


def listed_as(user: Any, url: str, ordering: str = "", language: str = "zh-hans") -> list[dict[str, Any]]:
    """The first 100 rows of an API list as ``user`` reads them, in ``ordering`` (the list's own
    when empty) and ``language``."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    params = {"page_size": "100", **({"ordering": ordering} if ordering else {})}
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows
