"""审议意见 pages. Staff: list, draft, detail with timeline and deadlines, issue, comment,
escalation. A unit: its items, plan and report forms, head sign-off. Every object is looked up
through ``visible_to``, so another unit's item or report answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem
from oversight.models.deliberation import opinion_deadlines, opinion_timeline
from oversight.services import deliberation as services
from oversight.services import deliberation_reports as reports
from oversight.views.common import (
    files,
    handle_form_back,
    paginate,
    post_action,
    posted,
    staff_required,
    unit_required,
)
from oversight.views.deliberation_forms import (
    CommentForm,
    ContentForm,
    EscalationForm,
    IssueForm,
    OpinionFilterForm,
    OpinionForm,
    ReportForm,
)
from tracker.models import Deadline

OPEN_DEADLINE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED]

# Timeline action codes written by the deliberation services → what a reader sees.
ACTION_LABELS = {
    "opinion.create": gettext_lazy("起草审议意见"),
    "opinion.issue": gettext_lazy("交办审议意见"),
    "opinion.publish": gettext_lazy("公开审议意见"),
    "opinion.unpublish": gettext_lazy("取消公开"),
    "opinion.close": gettext_lazy("审议意见办结"),
    "plan.submit": gettext_lazy("提交研究处理方案"),
    "report.submit": gettext_lazy("提交研究处理情况报告"),
    "report.resubmit": gettext_lazy("修改研究处理情况报告"),
    "report.sign": gettext_lazy("签发报告"),
    "report.comment": gettext_lazy("委员会评议"),
    "report.send_to_vote": gettext_lazy("提交满意度测评"),
    "report.vote_pass": gettext_lazy("满意度测评通过"),
    "report.vote_fail": gettext_lazy("满意度测评未通过"),
    "item.close": gettext_lazy("事项办结"),
    "item.rectify": gettext_lazy("限期整改"),
    "item.refer_council": gettext_lazy("提请主任会议"),
    "escalation.record": gettext_lazy("记录主任会议决定"),
    "opinion.year_end_vote_pass": gettext_lazy("年终问责表决通过"),
    "opinion.year_end_vote_fail": gettext_lazy("年终问责表决未通过"),
    "opinion.report_vote_pass": gettext_lazy("报告审议满意度测评通过"),
    "opinion.report_vote_fail": gettext_lazy("报告审议满意度测评未通过"),
    "opinion.mark_key": gettext_lazy("列为重点审议意见"),
    "opinion.unmark_key": gettext_lazy("取消重点审议意见"),
}


def _next_due(model: type[Any], *, field: str) -> Subquery:
    """The earliest open deadline of each row, read in the list's own query; ``field`` is "case"
    (an opinion's deadlines) or "subject" (an item's own)."""
    return Subquery(
        Deadline.objects.filter(
            **{
                f"{field}_type": ContentType.objects.get_for_model(model),
                f"{field}_id": OuterRef("pk"),
                "status__in": OPEN_DEADLINE,
            }
        )
        .order_by("due")
        .values("due")[:1]
    )


def _opinions(user: Any) -> QuerySet[DeliberationOpinion]:
    return DeliberationOpinion.objects.visible_to(user).annotate(
        item_count=Count("items", distinct=True),
        closed_count=Count("items", filter=Q(items__status=OpinionItem.Status.CLOSED), distinct=True),
        next_due=_next_due(DeliberationOpinion, field="case"),
    )


def _can_see_list(user: Any) -> bool:
    return bool(user.is_staff_member or user.unit_ids())


def opinion_list(request: HttpRequest) -> HttpResponse:
    """Staff: every opinion; a unit: the issued ones with an item of its own."""
    if not request.user.is_authenticated:
        return redirect("login")
    user: Any = request.user
    if not _can_see_list(user):
        raise Http404
    form = OpinionFilterForm(request.GET or None)
    opinions = _opinions(user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            opinions = opinions.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["report_type"]:
            opinions = opinions.filter(report_type=form.cleaned_data["report_type"])
        if form.cleaned_data["overdue"]:
            opinions = opinions.filter(pk__in=DeliberationOpinion.objects.overdue(on=timezone.localdate()).values("pk"))
    page, query = paginate(request, opinions.order_by("-meeting_date", "-id"))
    return render(request, "deliberation/list.html", {"page_obj": page, "query": query, "filter_form": form})


def _item_rows(opinion: DeliberationOpinion, user: Any) -> list[dict[str, Any]]:
    items = list(
        OpinionItem.objects.visible_to(user)
        .filter(opinion=opinion)
        .select_related("unit")
        .prefetch_related("plans", "escalations", "reports__attachments")
    )
    item_ids = {item.pk for item in items}
    by_item: dict[int, list[Deadline]] = {}
    for deadline in opinion_deadlines(opinion, user):
        if deadline.subject_id in item_ids and deadline.subject_type_id == _item_type_id():
            by_item.setdefault(deadline.subject_id, []).append(deadline)
    head_units = user.unit_ids("head")
    member_units = user.unit_ids()
    rows = []
    for item in items:
        reports_ = sorted(item.reports.all(), key=lambda r: r.round)
        current = next((r for r in reports_ if r.round == item.round), None)
        rows.append(
            {
                "item": item,
                "reports": reports_,
                "current": current,
                "deadlines": by_item.get(item.pk, []),
                "is_mine": item.unit_id in member_units,
                "is_head": item.unit_id in head_units,
                "can_report": item.unit_id in member_units
                and item.status in reports.OPEN_FOR_REPORT
                and (current is None or current.status == FollowUpReport.Status.SUBMITTED),
            }
        )
    return rows


def _item_type_id() -> int:
    return ContentType.objects.get_for_model(OpinionItem).pk


def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        # A published opinion has a public page; anything else needs a login.
        if DeliberationOpinion.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect("public:opinion", pk=pk)
        return redirect("login")
    user: Any = request.user
    opinion = get_object_or_404(DeliberationOpinion.objects.visible_to(user), pk=pk)
    entries = list(opinion_timeline(opinion, user))
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
    deadlines = list(opinion_deadlines(opinion, user).select_related("subject_type"))
    return render(
        request,
        "deliberation/detail.html",
        {
            "opinion": opinion,
            "rows": _item_rows(opinion, user),
            "issue_deadlines": [d for d in deadlines if d.subject_type.model == "deliberationopinion"],
            "timeline": entries,
        },
    )


@staff_required
def opinion_new(request: HttpRequest) -> HttpResponse:
    form = OpinionForm(posted(request))
    created: dict[str, DeliberationOpinion] = {}

    def create(data: dict[str, Any]) -> None:
        created["opinion"] = services.opinion_create(
            actor=request.user,  # type: ignore[arg-type]
            title=data["title"],
            meeting_name=data["meeting_name"],
            meeting_date=data["meeting_date"],
            report_type=data["report_type"],
            report_title=data["report_title"],
            committee=data["committee"],
            content=data["content"],
            items=data["items"],
        )

    response = handle_form_back(
        request,
        back_url=reverse("deliberation:list"),
        form=form,
        action=create,
        success_message=_("审议意见已起草，请在交办期限内交办。"),
        context={"title": _("起草审议意见"), "submit_label": _("保存草稿")},
    )
    if "opinion" in created:
        return redirect("deliberation:detail", created["opinion"].pk)
    return response


@staff_required
def opinion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_object_or_404(DeliberationOpinion.objects.visible_to(request.user), pk=pk)
    back = reverse("deliberation:detail", args=[opinion.pk])
    return handle_form_back(
        request,
        back_url=back,
        form=IssueForm(posted(request)),
        action=lambda data: services.opinion_issue(
            opinion=opinion,
            actor=request.user,  # type: ignore[arg-type]
            issued_on=data["issued_on"],
        ),
        success_message=_("已交办，各责任单位的报告期限已开始计算。"),
        context={"title": _("交办：%(t)s") % {"t": opinion.title}, "submit_label": _("交办")},
    )


def _my_item(request: HttpRequest, pk: int) -> OpinionItem:
    user: Any = request.user
    return get_object_or_404(
        OpinionItem.objects.visible_to(user).filter(unit_id__in=user.unit_ids()).select_related("opinion"), pk=pk
    )


def _item_back(item: OpinionItem) -> str:
    return reverse("deliberation:detail", args=[item.opinion_id]) + f"#item-{item.pk}"


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Reminders link to an item; it lives on its opinion's page."""
    if not request.user.is_authenticated:
        return redirect("login")
    item = get_object_or_404(OpinionItem.objects.visible_to(request.user), pk=pk)
    return redirect(_item_back(item))


@unit_required
def my_items(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    items = (
        OpinionItem.objects.visible_to(user)
        .filter(unit_id__in=user.unit_ids())
        .select_related("opinion", "unit")
        .annotate(next_due=_next_due(OpinionItem, field="subject"))
        .order_by("status", "next_due", "id")
    )
    page, query = paginate(request, items)
    # The head's sign-off queue: reports drafted by the liaison and waiting for 签发.
    to_sign = list(
        FollowUpReport.objects.filter(
            item__unit_id__in=user.unit_ids("head"), status=FollowUpReport.Status.SUBMITTED
        ).select_related("item__opinion", "item__unit")
    )
    return render(request, "deliberation/my_items.html", {"page_obj": page, "query": query, "to_sign": to_sign})


@unit_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    item = _my_item(request, pk)
    back = _item_back(item)
    return handle_form_back(
        request,
        back_url=back,
        form=ContentForm(posted(request)),
        action=lambda data: reports.plan_submit(item=item, actor=request.user, content=data["content"]),  # type: ignore[arg-type]
        success_message=_("研究处理方案已提交。"),
        context={"title": _("研究处理方案：第%(n)d项") % {"n": item.number}, "intro": item.content},
    )


@unit_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = _my_item(request, pk)
    back = _item_back(item)
    current = item.reports.filter(round=item.round).first()
    initial = {"content": current.content} if current else None
    return handle_form_back(
        request,
        back_url=back,
        form=ReportForm(posted(request), files(request), initial=initial),
        action=lambda data: reports.report_submit(
            item=item,
            actor=request.user,  # type: ignore[arg-type]
            content=data["content"],
            attachments=data["attachments"],
        ),
        success_message=_("报告已提交，请单位负责人签发。"),
        context={
            "title": _("研究处理情况报告：第%(n)d项") % {"n": item.number},
            "intro": item.content,
            "submit_label": _("提交报告"),
        },
    )


def _report(request: HttpRequest, pk: int) -> FollowUpReport:
    return get_object_or_404(FollowUpReport.objects.visible_to(request.user).select_related("item"), pk=pk)


@unit_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    report_ = _report(request, pk)
    return post_action(
        request,
        lambda: reports.report_sign(report=report_, actor=request.user),  # type: ignore[arg-type]
        success_message=_("报告已签发，送委员会评议。"),
        back_url=_item_back(report_.item),
    )


@staff_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    report_ = _report(request, pk)
    back = _item_back(report_.item)
    return handle_form_back(
        request,
        back_url=back,
        form=CommentForm(posted(request)),
        action=lambda data: reports.report_comment(report=report_, actor=request.user, comment=data["comment"]),  # type: ignore[arg-type]
        success_message=_("评议意见已记录，报告可提交满意度测评。"),
        context={"title": _("委员会评议"), "intro": report_.content},
    )


@staff_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_object_or_404(DeliberationOpinion.objects.visible_to(request.user), pk=pk)
    published = request.POST.get("published") == "1"
    return post_action(
        request,
        lambda: services.opinion_set_published(opinion=opinion, actor=request.user, published=published),  # type: ignore[arg-type]
        success_message=_("已公开。") if published else _("已取消公开。"),
        back_url=reverse("deliberation:detail", args=[opinion.pk]),
    )


@staff_required
def send_to_vote(request: HttpRequest, pk: int) -> HttpResponse:
    report_ = _report(request, pk)
    return post_action(
        request,
        lambda: reports.report_send_to_vote(report=report_, actor=request.user),
        success_message=_("报告已提交满意度测评。"),
        back_url=_item_back(report_.item),
    )


@staff_required
def escalation(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(OpinionItem.objects.visible_to(request.user).select_related("opinion"), pk=pk)
    back = _item_back(item)
    return handle_form_back(
        request,
        back_url=back,
        form=EscalationForm(posted(request)),
        action=lambda data: services.escalation_record(
            item=item,
            actor=request.user,  # type: ignore[arg-type]
            kind=data["kind"],
            decided_on=data["decided_on"],
            note=data["note"],
        ),
        success_message=_("主任会议决定已记录，责任单位须限期整改后再次报告。"),
        context={
            "title": _("主任会议决定：第%(n)d项") % {"n": item.number},
            "intro": _("该事项满意度测评已 %(n)d 次未通过。") % {"n": item.failures},
        },
    )
