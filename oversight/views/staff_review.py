"""Staff decisions: reply review (accept, re-grade, send back), publication, return and extension
requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.forms.staff import DecisionForm, ReturnDecisionForm, ReviewForm
from oversight.models import Assignment, ExtensionRequest, Reply
from oversight.services import assignments as assignment_services
from oversight.views.common import handle_form, handle_form_back, paginate, post_action, posted, staff_required


def _replies() -> Any:
    from oversight.services import replies

    return replies


@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Reply.objects.filter(status=Reply.Status.SIGNED)
        .select_related("assignment__unit", "assignment__suggestion")
        .order_by("signed_at", "id")
    )
    page, query = paginate(request, qs)
    return render(request, "staff/review_list.html", {"page_obj": page, "query": query})


@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(
        Reply.objects.select_related("assignment__unit", "assignment__suggestion").prefetch_related(
            "attachments", "commitments"
        ),
        pk=pk,
    )
    back = reverse("suggestion", args=[reply.assignment.suggestion_id])
    form = ReviewForm(posted(request), initial={"category": reply.category, "decision": "accept"})

    def action(data: dict[str, Any]) -> None:
        services = _replies()
        if data["decision"] == "accept":
            services.reply_accept(reply=reply, actor=request.user, category=data["category"], note=data["note"])
        else:
            services.reply_send_back(reply=reply, actor=request.user, reason=data["note"])

    return handle_form(
        request,
        form=form,
        action=action,
        success_url=reverse("staff:review_list"),
        success_message=_("审核结果已保存。"),
        context={"reply": reply, "title": _("审核答复"), "cancel_url": back},
        template="staff/review.html",
    )


@staff_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(Reply, pk=pk)
    published = request.POST.get("published") == "1"
    return post_action(
        request,
        lambda: _replies().reply_set_published(reply=reply, actor=request.user, published=published),
        success_message=_("已向社会公开。") if published else _("已取消公开。"),
        back_url=reverse("suggestion", args=[reply.assignment.suggestion_id]),
    )


@staff_required
def requests(request: HttpRequest) -> HttpResponse:
    returns = list(
        Assignment.objects.filter(status=Assignment.Status.RETURN_REQUESTED)
        .select_related("unit", "suggestion")
        .order_by("id")
    )
    extensions = list(
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("assignment__unit", "assignment__suggestion", "requested_by")
        .order_by("requested_at", "id")
    )
    return render(request, "staff/requests.html", {"returns": returns, "extensions": extensions})


@staff_required
def decide_return(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("unit", "suggestion"), pk=pk)
    form = ReturnDecisionForm(posted(request))
    form.fields["reassign_to"].queryset = form.fields["reassign_to"].queryset.exclude(pk=assignment.unit_id)  # type: ignore[attr-defined]
    return handle_form_back(
        request,
        back_url=reverse("staff:requests"),
        form=form,
        action=lambda d: assignment_services.assignment_decide_return(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            approve=d["decision"] == "approve",
            note=d.get("note") or "",
            reassign_to=list(d.get("reassign_to") or []) if d["decision"] == "approve" else [],
        ),
        success_message=_("退办申请已审批。"),
        context={
            "title": _("审批退办申请：%(u)s") % {"u": assignment.unit.name},
            "intro": _("建议：%(t)s\n退办理由：%(r)s")
            % {"t": assignment.suggestion.title, "r": assignment.return_reason},
        },
    )


@staff_required
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related("assignment__unit", "assignment__suggestion"), pk=pk
    )
    return handle_form_back(
        request,
        back_url=reverse("staff:requests"),
        form=DecisionForm(posted(request)),
        action=lambda d: assignment_services.extension_decide(
            extension=extension,
            actor=request.user,  # type: ignore[arg-type]
            approve=d["decision"] == "approve",
            note=d.get("note") or "",
        ),
        success_message=_("延期申请已审批。"),
        context={
            "title": _("审批延期申请：%(u)s") % {"u": extension.assignment.unit.name},
            "intro": _("建议：%(t)s\n申请延期 %(m)s 个月，理由：%(r)s")
            % {"t": extension.assignment.suggestion.title, "m": extension.months, "r": extension.reason},
        },
    )
