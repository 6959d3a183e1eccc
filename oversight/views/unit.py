"""A unit's liaison and head: our work by due date, sign-for, requests, contact, replies, sign-off,
commitments. Every object is looked up through ``visible_to`` and the person's own units, so
another unit's item answers 404."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.forms.staff import ReasonForm
from oversight.forms.unit import ContactForm, CoOpinionForm, ExtensionForm, ProgressForm, ReplyForm
from oversight.models import Assignment, Commitment, CoOpinion, Deputy, Reply
from oversight.paging import CappedCountPaginator, CappedPage
from oversight.services import assignments as assignment_services
from oversight.views import list_rows, selectors
from oversight.views.common import (
    PAGE_SIZE,
    files,
    handle_form_back,
    paginate,
    post_action,
    posted,
    unit_required,
    url_prefix,
)


def _replies() -> Any:
    from oversight.services import replies

    return replies


def my_assignment(request: HttpRequest, pk: int) -> Assignment:
    user: Any = request.user
    return get_object_or_404(
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=user.unit_ids())
        .select_related("unit", "suggestion", "suggestion__lead_deputy", "suggestion__session"),
        pk=pk,
    )


def case_brief(assignment: Assignment) -> dict[str, Any]:
    """The suggestion's text, its deputies with contact details and, for the lead, the co-handlers'
    opinions — what the unit needs beside the form (three queries)."""
    suggestion = assignment.suggestion
    lead = Deputy.objects.select_related("delegation").get(pk=suggestion.lead_deputy_id)
    deputies = [(lead, _("领衔代表"))] + [
        (d, _("附议代表")) for d in suggestion.co_signers.select_related("delegation").order_by("name", "id")
    ]
    is_lead = assignment.role == Assignment.Role.LEAD
    co_opinions = (
        list(
            CoOpinion.objects.filter(assignment__suggestion=suggestion, assignment__role=Assignment.Role.CO)
            .select_related("assignment__unit")
            .order_by("round", "submitted_at", "id")
        )
        if is_lead
        else []
    )
    has_co = is_lead and (
        bool(co_opinions)
        or suggestion.assignments.filter(role=Assignment.Role.CO).exclude(status=Assignment.Status.RETURNED).exists()
    )
    return {
        "suggestion": suggestion,
        "deputies": deputies,
        # Contact details go to the unit that must talk to the deputies before it replies; a
        # co-handler (协办) answers the lead unit, not the deputies.
        "show_contact": assignment.role != Assignment.Role.CO,
        "is_lead": is_lead,
        "co_opinions": co_opinions,
        "has_co": has_co,
    }


def _back(assignment: Assignment) -> str:
    return reverse("unit:assignment", args=[assignment.pk])


def _reply_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What a ReplyForm hands the reply services, whether drafting or revising."""
    return {
        "category": data["category"],
        "content": data["content"],
        "is_public": bool(data.get("is_public")),
        "commitments": data["commitments"],
        "attachments": data.get("attachments") or [],
    }


# A unit's open queue up to this long is sorted whole for each page (a few hundred probes); a longer
# one is read page by page by walking the open deadlines in order (``WorkPaginator``).
WALK_FROM = 200


class WorkPaginator(CappedCountPaginator):
    """Pages of the unit's work list, nearest deadline first and those owing none last (the order of
    ``selectors.unit_work``), counted as every list is (``CappedCountPaginator``).

    Sorting the whole queue by each assignment's nearest deadline costs a probe per assignment, on
    every page: 1,667 at 2,000,000 suggestions for the benchmark's unit. Past ``WALK_FROM`` a page
    is read instead by walking the open deadlines in that order to the page's end
    (``selectors.nearest_first_ids``), then — past the assignments owing a deadline — those owing
    none, by id; the page's rows are then read by key (docs/benchmarks.md "Work queues")."""

    def __init__(self, base: QuerySet[Assignment], per_page: int) -> None:
        self.base = base
        super().__init__(selectors.unit_work_rows(base), per_page)

    def page(self, number: Any) -> CappedPage:
        if self.count <= WALK_FROM:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        want = self.per_page + 1  # one more: whether a next page follows
        ids = selectors.nearest_first_ids(self.base, bottom, bottom + want)
        if len(ids) < want:
            owed = selectors.open_deadlines_of("assignment").filter(subject_id=OuterRef("pk"))
            # The walk ended within this page, so those owing a deadline number bottom + len(ids);
            # a page wholly past them counts them (a probe per assignment, deep pages only).
            owing = bottom + len(ids) if ids else self.base.filter(Exists(owed)).count()
            skip = max(0, bottom - owing)
            none_owed = self.base.filter(~Exists(owed)).order_by("id").values_list("pk", flat=True)
            ids += list(none_owed[skip : skip + want - len(ids)])
        rows = list(selectors.unit_work_rows(self.base.filter(pk__in=ids[: self.per_page])))
        if number > 1 and not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows, number, self, more=len(ids) > self.per_page)


@unit_required
def work(request: HttpRequest) -> HttpResponse:
    pager = WorkPaginator(selectors.unit_work_base(request.user), PAGE_SIZE)
    page, query = paginate(request, pager.object_list, paginator=pager)
    rows = list_rows.unit_work_rows(page, link=url_prefix("unit:assignment"), today=timezone.localdate())
    return render(request, "unit/work.html", {"page_obj": page, "query": query, "rows": rows})


@unit_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    user: Any = request.user
    replies = list(
        Reply.objects.visible_to(user)
        .filter(assignment=assignment)
        .prefetch_related("attachments", "feedback__deputy", "commitments")
        .order_by("round", "id")
    )
    from tracker.models import Deadline

    deadlines = list(
        Deadline.objects.for_subject(assignment).filter(status__in=selectors.OPEN_DEADLINE).order_by("due", "id")
    )
    A = Assignment.Status
    can_reply = assignment.role != Assignment.Role.CO and assignment.status in (A.ACCEPTED, A.REHANDLING)
    has_open_draft = any(
        r.status in (Reply.Status.DRAFT, Reply.Status.SIGNED) and r.round == assignment.round for r in replies
    )
    return render(
        request,
        "unit/assignment.html",
        {
            "assignment": assignment,
            "suggestion": assignment.suggestion,
            "deadlines": deadlines,
            "contacts": list(assignment.contacts.select_related("deputy", "recorded_by")),
            "extensions": list(assignment.extension_requests.all()),
            "co_opinions": list(assignment.co_opinions.all()),
            "replies": replies,
            "can_reply": can_reply and not has_open_draft,
            "is_head": assignment.unit_id in user.unit_ids("head"),
            "brief": case_brief(assignment),
        },
    )


@unit_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    return post_action(
        request,
        lambda: assignment_services.assignment_accept(assignment=assignment, actor=request.user),  # type: ignore[arg-type]
        success_message=_("已签收。"),
        back_url=_back(assignment),
    )


@unit_required
def request_return(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    return handle_form_back(
        request,
        back_url=_back(assignment),
        form=ReasonForm(posted(request)),
        action=lambda d: assignment_services.assignment_request_return(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            reason=d["reason"],
        ),
        success_message=_("退办申请已提交，等待人大工作人员审批。"),
        context={
            "title": _("申请退办：%(t)s") % {"t": assignment.suggestion.title},
            "intro": _("认为不属于本单位职责的，应在交办之日起 5 个工作日内申请退办，并说明理由。"),
            "submit_label": _("提交退办申请"),
        },
    )


@unit_required
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    return handle_form_back(
        request,
        back_url=_back(assignment),
        form=ExtensionForm(posted(request)),
        action=lambda d: assignment_services.assignment_request_extension(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            months=d["months"],
            reason=d["reason"],
        ),
        success_message=_("延期申请已提交，等待人大工作人员审批。"),
        context={
            "title": _("申请延期：%(t)s") % {"t": assignment.suggestion.title},
            "intro": _("办理期限含延期合计不超过 6 个月。"),
            "submit_label": _("提交延期申请"),
        },
    )


@unit_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    return handle_form_back(
        request,
        back_url=_back(assignment),
        form=ContactForm(posted(request), suggestion=assignment.suggestion),
        action=lambda d: assignment_services.contact_log(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            method=d["method"],
            contacted_on=d["contacted_on"],
            summary=d["summary"],
            deputy=d.get("deputy"),
        ),
        success_message=_("沟通情况已记录。"),
        context={
            "title": _("登记与代表沟通情况"),
            "intro": assignment.suggestion.title,
            "submit_label": _("保存沟通记录"),
        },
    )


@unit_required
def co_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    return handle_form_back(
        request,
        back_url=_back(assignment),
        form=CoOpinionForm(posted(request)),
        action=lambda d: assignment_services.co_opinion_submit(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            content=d["content"],
        ),
        success_message=_("协办意见已提交主办单位。"),
        context={"title": _("提交协办意见"), "intro": assignment.suggestion.title},
    )


@unit_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    form = ReplyForm(posted(request), files(request))
    return handle_form_back(
        request,
        back_url=_back(assignment),
        form=form,
        action=lambda d: _replies().reply_draft(assignment=assignment, actor=request.user, **_reply_fields(d)),
        success_message=_("答复已保存，请本单位负责人签发。"),
        context={"assignment": assignment, "title": _("起草答复"), "brief": case_brief(assignment)},
        template="unit/reply_form.html",
    )


@unit_required
def signoff_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs = (
        Reply.objects.visible_to(user)
        .filter(status=Reply.Status.DRAFT, assignment__unit_id__in=user.unit_ids("head"))
        .select_related("assignment__unit", "assignment__suggestion", "drafted_by")
        .order_by("drafted_at", "id")
    )
    page, query = paginate(request, qs)
    return render(request, "unit/signoff_list.html", {"page_obj": page, "query": query})


def my_reply(request: HttpRequest, pk: int) -> Reply:
    user: Any = request.user
    return get_object_or_404(
        Reply.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids())
        .select_related("assignment__unit", "assignment__suggestion", "drafted_by")
        .prefetch_related("attachments", "commitments"),
        pk=pk,
    )


@unit_required
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reply_obj = my_reply(request, pk)
    user: Any = request.user
    return render(
        request,
        "unit/reply_detail.html",
        {"reply": reply_obj, "is_head": reply_obj.assignment.unit_id in user.unit_ids("head")},
    )


@unit_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    reply_obj = my_reply(request, pk)
    return post_action(
        request,
        lambda: _replies().reply_sign(reply=reply_obj, actor=request.user),
        success_message=_("答复已签发，送人大工作人员审核。"),
        back_url=reverse("unit:signoff"),
    )


@unit_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """The head returns a draft to the liaison with the reason, instead of signing it."""
    reply_obj = my_reply(request, pk)
    return handle_form_back(
        request,
        back_url=reverse("unit:reply_detail", args=[reply_obj.pk]),
        form=ReasonForm(posted(request)),
        action=lambda d: _replies().reply_send_back_to_liaison(
            reply=reply_obj,
            actor=request.user,
            reason=d["reason"],
        ),
        success_message=_("草稿已退回联络员修改，并已通知联络员。"),
        context={
            "title": _("退回联络员修改"),
            "intro": f"{reply_obj.assignment.suggestion.display_number} {reply_obj.assignment.suggestion.title}",
        },
    )


@unit_required
def commitments(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs = selectors.with_next_deadline(
        Commitment.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids())
        .select_related("assignment__unit", "assignment__suggestion")
        .order_by("status", "due_on", "id"),
        "commitment",
    )
    page, query = paginate(request, qs)
    return render(request, "unit/commitments.html", {"page_obj": page, "query": query})


@unit_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    commitment = get_object_or_404(
        Commitment.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids())
        .select_related("assignment__suggestion"),
        pk=pk,
    )

    def action(d: dict[str, Any]) -> None:
        from oversight.services import commitments as commitment_services

        commitment_services.commitment_report_progress(commitment=commitment, actor=user, note=d["note"])

    return handle_form_back(
        request,
        back_url=reverse("unit:commitments"),
        form=ProgressForm(posted(request)),
        action=action,
        success_message=_("落实进展已报告。"),
        context={
            "title": _("报告承诺落实进展"),
            "intro": commitment.description,
        },
    )


@unit_required
def reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise a draft or a reply staff sent back (it returns to draft for a new sign-off)."""
    reply_obj = my_reply(request, pk)
    initial: dict[str, Any] = {
        "category": reply_obj.category,
        "content": reply_obj.content,
        "is_public": reply_obj.is_public,
    }
    for i, item in enumerate(reply_obj.proposed_commitments or [], start=1):
        initial[f"commitment_{i}"] = item.get("description", "")
        initial[f"commitment_{i}_due"] = item.get("due_on", "")
    form = ReplyForm(posted(request), files(request), initial=initial)
    return handle_form_back(
        request,
        back_url=_back(reply_obj.assignment),
        form=form,
        action=lambda d: _replies().reply_update(reply=reply_obj, actor=request.user, **_reply_fields(d)),
        success_message=_("答复已修改，请本单位负责人重新签发。"),
        context={
            "assignment": reply_obj.assignment,
            "title": _("修改答复"),
            "brief": case_brief(reply_obj.assignment),
            "reply": reply_obj,
        },
        template="unit/reply_form.html",
    )
