"""THE permission table: every API route × every role × case A / case B → the exact status code.

Read a row's ``expect`` as {role: (code on case A, code on case B)}. For a liaison or head of unit
A, case A is their own unit's and case B another unit's; for ``deputy`` and ``cosigner`` case A is
their own suggestion and B another deputy's. ``tests/api/test_permission_matrix.py`` runs every
cell and fails for any route in ``oversight/api/urls.py`` without a row here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oversight.models import Commitment, ExtensionRequest, SupervisionAction
from oversight.stats.exports import LISTS as EXPORT_LISTS
from tests.api.world import Case, World
from tracker.models import Deadline, Notification

EXPORT_KINDS = tuple(EXPORT_LISTS)

ROLES = (
    "anon",
    "staff",
    "liaison_a",
    "head_a",
    "liaison_b",
    "head_b",
    "deputy",
    "cosigner",
    "reviewer",
    "outsider",
)
Expect = dict[str, tuple[int, int]]


def _all(code_a: int, code_b: int | None = None) -> Expect:
    code_b = code_a if code_b is None else code_b
    return {role: (code_a, code_b) for role in ROLES} | {"anon": (401, 401)}


def every_signed_in(ok: int = 200) -> Expect:
    """Lists and reference data: everyone signed in (lists are filtered by visibility)."""
    return _all(ok)


def read(**overrides: tuple[int, int]) -> Expect:
    """An object of case A / case B: staff see both, the unit and deputies of a case only theirs;
    an object someone may not see is 404 — the same as one that does not exist."""
    table = {
        "anon": (401, 401),
        "staff": (200, 200),
        "liaison_a": (200, 404),
        "head_a": (200, 404),
        "liaison_b": (404, 200),
        "head_b": (404, 200),
        "deputy": (200, 404),
        "cosigner": (200, 404),
        "reviewer": (404, 404),
        "outsider": (404, 404),
    }
    return table | overrides


def staff_only(ok: int = 200) -> Expect:
    """Staff steps: anyone else is refused before the object is looked up (no existence leak)."""
    return _all(403) | {"staff": (ok, ok)}


def unit_step(ok: int = 200, *, head_only: bool = False) -> Expect:
    """A step of the handling unit (liaison or head): other units get 404 (they cannot see it);
    people who are in no unit are refused up front."""
    denied = 403 if head_only else ok
    return _all(403) | {
        "liaison_a": (denied, 404),
        "head_a": (ok, 404),
        "liaison_b": (404, denied),
        "head_b": (404, ok),
    }


def deputy_step(ok: int = 201) -> Expect:
    return _all(403) | {"deputy": (ok, 404), "cosigner": (ok, 404)}


Payload = Callable[[World, Case], Any]


@dataclass(frozen=True)
class Row:
    key: str  # "<url name> <METHOD>"
    expect: Expect
    prepare: Callable[[World], Any] = lambda world: None
    target: Callable[[Case], Any] | None = None  # the object in the URL (detail routes)
    payload: Payload | None = None
    multipart: bool = False

    @property
    def url_name(self) -> str:
        return self.key.split()[0]

    @property
    def method(self) -> str:
        return self.key.split()[1]


def stage(name: str, *, category: str = "B") -> Callable[[World], Any]:
    return lambda world: world.advance(name, category=category)


def _key(world: World) -> None:
    from oversight.services.suggestions import suggestion_set_key

    for case in world.advance("assigned").values():
        suggestion_set_key(suggestion=case.suggestion, actor=world.actors.staff, is_key=True, leader="张主任")


def _key_scheduled(world: World) -> None:
    from datetime import date

    from oversight.services.progress import progress_schedule_set

    _key(world)
    for case in world.cases.values():
        (case.objects["progress"],) = progress_schedule_set(
            suggestion=case.suggestion, actor=world.actors.staff, dates=[date(2026, 7, 31)]
        )


def _progress_report(case: Case) -> Any:
    return case.objects["progress"]


def _return_requested(world: World) -> None:
    from oversight.services.assignments import assignment_request_return

    world.advance("assigned")
    for case in world.cases.values():
        assignment_request_return(assignment=case.assignment, actor=case.liaison, reason="不属于本单位职责。")


def _extension_pending(world: World) -> None:
    from oversight.services.assignments import assignment_request_extension

    world.advance("accepted")
    for case in world.cases.values():
        case.objects["extension"] = assignment_request_extension(
            assignment=case.assignment, actor=case.liaison, months=1, reason="需要协调多个部门。"
        )


def _supervised(world: World) -> None:
    from django.utils import timezone

    world.advance("assigned")
    for case in world.cases.values():
        case.objects["supervision"] = SupervisionAction.objects.create(
            suggestion=case.suggestion,
            assignment=case.assignment,
            kind="notice",
            happened_on=timezone.localdate(),
            note="催办。",
            recorded_by=world.actors.staff,
            recorded_at=timezone.now(),
        )


def _rehandling(world: World) -> None:
    from oversight.services.replies import rehandling_open

    world.advance("delivered")
    for case in world.cases.values():
        rehandling_open(assignment=case.assignment, actor=world.actors.staff, reason="答复不具体。")


def _published_a(world: World) -> None:
    from oversight.services.replies import reply_set_published

    world.advance("delivered")
    reply_set_published(reply=world.cases["A"].reply, actor=world.actors.staff, published=True)
    reply_set_published(reply=world.cases["B"].reply, actor=world.actors.staff, published=False)


def _attached(stage_name: str) -> Callable[[World], None]:
    """Each case's reply at ``stage_name`` with one PDF attached (stored as the services store it)."""

    def prepare(world: World) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from oversight.attachments import files_removed_on_error, store
        from oversight.models import Attachment

        world.advance(stage_name)
        for case in world.cases.values():
            pdf = SimpleUploadedFile("答复.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
            with files_removed_on_error() as written:
                case.objects["attachment"] = store(
                    Attachment,
                    upload=pdf,
                    folder="attachments",
                    written=written,
                    reply=case.reply,
                    uploaded_by=case.liaison,
                )

    return prepare


def _commitment(case: Case) -> Commitment:
    return Commitment.objects.filter(assignment=case.assignment).get()


def _deadline(case: Case) -> Deadline:
    return Deadline.objects.filter(case_type__model="suggestion", case_id=case.suggestion.pk).order_by("id")[0]


def _extension(case: Case) -> ExtensionRequest:
    return case.objects["extension"]


def xlsx_payload(world: World, case: Case) -> dict[str, Any]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"])
    sheet.append(["关于加快老旧小区改造的建议", "加装电梯进度缓慢。", case.deputy.name, "", "城建环资", "大会期间"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "suggestions.xlsx"
    return {"session": world.actors.session.pk, "file": buffer}


def _submit_payload(world: World, case: Case) -> dict[str, Any]:
    return {
        "session": world.actors.session.pk,
        "title": "关于完善社区养老服务的建议",
        "content": "建议增设社区食堂。",
        "lead_deputy": case.deputy.pk,
        "category": world.actors.category.pk,
    }


def _notification(world: World) -> None:
    for user in ROLE_USERS(world).values():
        if user is not None:
            Notification.objects.create(recipient=user, title="提醒", body="有待办事项。")


def ROLE_USERS(world: World) -> dict[str, Any]:
    a = world.actors
    return {
        "anon": None,
        "staff": a.staff,
        "liaison_a": a.liaison_a,
        "head_a": a.head_a,
        "liaison_b": a.liaison_b,
        "head_b": a.head_b,
        "deputy": a.deputy,
        "cosigner": a.cosigner,
        "reviewer": a.reviewer,
        "outsider": a.outsider,
    }


LISTS = [
    "session",
    "category",
    "unit",
    "deputy",
    "suggestion",
    "assignment",
    "extension",
    "reply",
    "feedback",
    "commitment",
    "supervision",
    "deadline",
    "inbox",
]

ROWS: list[Row] = [
    *(Row(f"{name}-list GET", every_signed_in()) for name in LISTS),
    Row("api-root GET", every_signed_in()),
    Row("auth-me GET", every_signed_in()),
    # Login ignores any session: case A posts the right password, case B a wrong one.
    Row(
        "auth-token POST",
        {role: (200, 400) for role in ROLES},
        payload=lambda w, c: {"username": "staff", "password": "test-pass-123" if c.label == "A" else "wrong"},
    ),
    Row("auth-token-revoke POST", staff_only(), payload=lambda w, c: {"user": c.liaison.pk}),
    Row("auth-tokens-list GET", every_signed_in()),
    # Case A: one of the caller's own tokens; case B: someone else's (see test_permission_matrix._target).
    Row("auth-tokens-detail DELETE", _all(204, 404)),
    # Reference data
    Row("session-detail GET", every_signed_in(), target=lambda c: c.suggestion.session, prepare=stage("submitted")),
    Row("category-detail GET", every_signed_in(), target=lambda c: c.suggestion.category, prepare=stage("submitted")),
    Row("unit-detail GET", every_signed_in(), target=lambda c: c.unit),
    Row("deputy-detail GET", every_signed_in(), target=lambda c: c.deputy),
    # Accounts, for the ids staff send (voting-round reviewers, token revocation): staff only.
    Row("user-list GET", staff_only()),
    Row("user-detail GET", staff_only(), target=lambda c: c.liaison),
    # 代表建议
    Row(
        "suggestion-list POST",
        _all(403) | {"staff": (201, 201), "deputy": (201, 403)},
        payload=_submit_payload,
    ),
    Row("suggestion-detail GET", read(), prepare=stage("assigned"), target=lambda c: c.suggestion),
    Row("suggestion-timeline GET", read(), prepare=stage("assigned"), target=lambda c: c.suggestion),
    Row("suggestion-register POST", staff_only(), prepare=stage("submitted"), target=lambda c: c.suggestion),
    Row(
        "suggestion-return POST",
        staff_only(),
        prepare=stage("submitted"),
        target=lambda c: c.suggestion,
        payload=lambda w, c: {"reason": "不属于代表建议范围。"},
    ),
    Row(
        "suggestion-assign POST",
        staff_only(201),
        prepare=stage("registered"),
        target=lambda c: c.suggestion,
        payload=lambda w, c: {"units": [{"unit": c.unit.pk, "role": "lead"}]},
    ),
    Row(
        "suggestion-set-key POST",
        staff_only(),
        prepare=stage("assigned"),
        target=lambda c: c.suggestion,
        payload=lambda w, c: {"is_key": True, "leader": "张主任"},
    ),
    Row(
        "suggestion-close-off POST",
        staff_only(),
        prepare=stage("rated", category="A"),
        target=lambda c: c.suggestion,
        payload=lambda w, c: {"reason": "已办结。"},
    ),
    Row(
        "suggestion-link POST",
        staff_only(),
        prepare=stage("assigned"),
        target=lambda c: c.suggestion,
        payload=lambda w, c: {"other": w.cases["B" if c.label == "A" else "A"].suggestion.pk},
    ),
    # Co-handler opinions are between units: deputies get an empty list, not the opinions.
    Row("suggestion-co-opinions GET", read(), prepare=lambda w: w.co_assign(), target=lambda c: c.suggestion),
    Row("suggestion-import POST", staff_only(201), payload=xlsx_payload, multipart=True),
    # 交办
    Row("assignment-detail GET", read(), prepare=stage("assigned"), target=lambda c: c.assignment),
    Row("assignment-accept POST", unit_step(), prepare=stage("assigned"), target=lambda c: c.assignment),
    Row(
        "assignment-request-return POST",
        unit_step(),
        prepare=stage("assigned"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"reason": "不属于本单位职责。"},
    ),
    Row(
        "assignment-decide-return POST",
        staff_only(),
        prepare=_return_requested,
        target=lambda c: c.assignment,
        payload=lambda w, c: {"approve": False, "note": "仍由该单位办理。"},
    ),
    Row(
        "assignment-request-extension POST",
        unit_step(201),
        prepare=stage("accepted"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"months": 1, "reason": "需要协调多个部门。"},
    ),
    Row("assignment-contacts GET", read(), prepare=stage("accepted"), target=lambda c: c.assignment),
    Row(
        "assignment-contacts POST",
        unit_step(201),
        prepare=stage("accepted"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"method": "phone", "contacted_on": "2026-03-02", "summary": "电话沟通。"},
    ),
    Row(
        "assignment-co-opinion POST",
        unit_step(201),
        prepare=lambda w: w.co_assign(),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"content": "建议同步优化站点设置。"},
    ),
    Row(
        "assignment-waive-contact POST",
        staff_only(),
        prepare=stage("accepted"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"note": "代表在外地，同意免于面商。"},
    ),
    Row(
        "assignment-waive-co-opinion POST",
        staff_only(),
        prepare=lambda w: w.co_assign(),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"note": "协办单位已口头反馈。"},
    ),
    Row(
        "assignment-conclude POST",
        staff_only(),
        prepare=_rehandling,
        target=lambda c: c.assignment,
        payload=lambda w, c: {"reason": "经多轮办理，已作说明。"},
    ),
    Row(
        "assignment-rehandle POST",
        staff_only(),
        prepare=stage("delivered"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {"reason": "答复不具体。"},
    ),
    Row(
        "assignment-reply POST",
        unit_step(201),
        prepare=stage("contacted"),
        target=lambda c: c.assignment,
        payload=lambda w, c: {
            "category": "B",
            "content": "已列入年度计划。",
            "commitments": [{"description": "年内新开两条线路", "due_on": "2026-12-31"}],
        },
    ),
    # 延期
    Row(
        "extension-detail GET",
        read(deputy=(404, 404), cosigner=(404, 404)),
        prepare=_extension_pending,
        target=_extension,
    ),
    Row(
        "extension-decide POST",
        staff_only(),
        prepare=_extension_pending,
        target=_extension,
        payload=lambda w, c: {"approve": True, "note": "同意。"},
    ),
    # 答复
    Row("reply-detail GET", read(), prepare=stage("delivered"), target=lambda c: c.reply),
    Row("reply-sign POST", unit_step(head_only=True), prepare=stage("drafted"), target=lambda c: c.reply),
    Row(
        "reply-revise POST",
        unit_step(),
        prepare=stage("drafted"),
        target=lambda c: c.reply,
        payload=lambda w, c: {"content": "经研究，线路调整已列入年度计划，年底前开通。"},
    ),
    Row(
        "reply-accept POST",
        staff_only(),
        prepare=stage("signed"),
        target=lambda c: c.reply,
        payload=lambda w, c: {"category": "B", "note": ""},
    ),
    Row(
        "reply-send-back POST",
        staff_only(),
        prepare=stage("signed"),
        target=lambda c: c.reply,
        payload=lambda w, c: {"reason": "答复未回应代表关切。"},
    ),
    Row(
        "reply-publish POST",
        staff_only(),
        prepare=stage("delivered"),
        target=lambda c: c.reply,
        payload=lambda w, c: {"published": True},
    ),
    Row(
        "reply-rate POST",
        deputy_step(),
        prepare=stage("delivered"),
        target=lambda c: c.reply,
        payload=lambda w, c: {"rating": "satisfied", "comment": "满意。"},
    ),
    # A signed reply not yet accepted: its file is the unit's and staff's only. Downloads answer
    # 404 (not 401) without a login, since a published reply's files are public.
    Row(
        "attachment-download GET",
        read(anon=(404, 404), deputy=(404, 404), cosigner=(404, 404)),
        prepare=_attached("signed"),
        target=lambda c: c.objects["attachment"],
    ),
    Row("feedback-detail GET", read(), prepare=stage("rated"), target=lambda c: c.reply.feedback.order_by("id")[0]),
    # 承诺事项
    Row("commitment-detail GET", read(), prepare=stage("delivered"), target=_commitment),
    Row("commitment-progress GET", read(), prepare=stage("delivered"), target=_commitment),
    Row(
        "commitment-progress POST",
        unit_step(201),
        prepare=stage("delivered"),
        target=_commitment,
        payload=lambda w, c: {"note": "一条线路已开通。"},
    ),
    Row(
        "commitment-fulfil POST",
        # Staff confirm; the deputies of the suggestion may confirm too; the unit may not.
        read(liaison_a=(403, 404), head_a=(403, 404), liaison_b=(404, 403), head_b=(404, 403)),
        prepare=stage("delivered"),
        target=_commitment,
    ),
    Row(
        "commitment-close POST",
        staff_only(),
        prepare=stage("delivered"),
        target=_commitment,
        payload=lambda w, c: {"explanation": "因规划调整不再实施，已向代表说明。"},
    ),
    # 督办, deadlines
    Row("supervision-detail GET", read(), prepare=_supervised, target=lambda c: c.objects["supervision"]),
    Row("progress-report-list GET", every_signed_in()),
    Row("progress-report-detail GET", read(), prepare=_key_scheduled, target=_progress_report),
    Row(
        "progress-report-schedule POST",
        staff_only(201),
        prepare=_key,
        payload=lambda w, c: {"suggestion": c.suggestion.pk, "dates": ["2026-07-31"]},
    ),
    Row(
        "progress-report-file POST",
        unit_step(),  # any member of the handling unit files it
        prepare=_key_scheduled,
        target=_progress_report,
        payload=lambda w, c: {"content": "已完成线路勘察。"},
    ),
    Row(
        "supervision-list POST",
        staff_only(201),
        prepare=stage("assigned"),
        payload=lambda w, c: {
            "suggestion": c.suggestion.pk,
            "assignment": c.assignment.pk,
            "kind": "notice",
            "happened_on": "2026-03-02",
            "note": "电话催办。",
        },
    ),
    Row("deadline-detail GET", read(), prepare=stage("assigned"), target=_deadline),
    # Inbox: case A is the caller's own message, case B someone else's.
    Row("inbox-detail GET", _all(200, 404), prepare=_notification),
    Row("inbox-read POST", _all(200, 404), prepare=_notification),
    Row("inbox-read-all POST", every_signed_in()),
    # The public: published replies only, to anyone; case B's reply is accepted but withdrawn.
    Row("public-reply-list GET", {role: (200, 200) for role in ROLES}),
    Row(
        "public-reply-detail GET",
        {role: (200, 404) for role in ROLES},
        prepare=_published_a,
        target=lambda c: c.reply,
    ),
]

# Statistics and exports (oversight/api/stats.py): lists are filtered by visibility, so everyone
# signed in may download; the dashboard figures and tables are for staff; the public figures for all.
ROWS += [
    Row("stats GET", staff_only()),
    Row("stats-export GET", staff_only()),
    Row("stats-public GET", {role: (200, 200) for role in ROLES}),
    *(Row(f"export-{kind} GET", every_signed_in()) for kind in EXPORT_KINDS),
]

# Workflow 2 keeps its rows next to its own tests; imported last because they build on the above.
from tests.oversight.deliberation.api_matrix import DELIBERATION_ROWS  # noqa: E402

ROWS += DELIBERATION_ROWS

from tests.oversight.voting.api_matrix import VOTING_ROWS  # noqa: E402

ROWS += VOTING_ROWS
