"""Staff steps on one unit's handling and on commitments: waivers, conclusion, close-off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.forms.staff import NoteForm, ReasonForm
from oversight.models import Assignment, Commitment, Suggestion
from oversight.services import assignments as assignment_services
from oversight.services import commitments as commitment_services
from oversight.services import suggestions as suggestion_services
from oversight.views.common import handle_form_back, post_action, posted, staff_required


def _assignment_note_step(
    request: HttpRequest, pk: int, service: Callable[..., Any], title: str, done: str
) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("unit", "suggestion"), pk=pk)
    back = reverse("suggestion", args=[assignment.suggestion_id])
    form = NoteForm(posted(request))
    form.fields["note"].required = True
    return handle_form_back(
        request,
        back_url=back,
        form=form,
        action=lambda d: service(assignment=assignment, actor=request.user, note=d["note"]),
        success_message=done,
        context={"title": f"{title}：{assignment.unit.name}", "intro": assignment.suggestion.title},
    )


@staff_required
def waive_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_note_step(
        request, pk, assignment_services.assignment_waive_contact, _("免于沟通"), _("已同意该单位免于沟通。")
    )


@staff_required
def waive_co_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_note_step(
        request,
        pk,
        assignment_services.assignment_waive_co_opinion,
        _("不等协办意见"),
        _("已同意主办单位不等协办意见答复。"),
    )


@staff_required
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("unit", "suggestion"), pk=pk)
    back = reverse("suggestion", args=[assignment.suggestion_id])
    return handle_form_back(
        request,
        back_url=back,
        form=ReasonForm(posted(request)),
        action=lambda d: assignment_services.assignment_conclude(
            assignment=assignment,
            actor=request.user,  # type: ignore[arg-type]
            reason=d["reason"],
        ),
        success_message=_("已办结。"),
        context={
            "title": _("办结：%(u)s") % {"u": assignment.unit.name},
            "intro": _("代表仍不满意、确已无法继续办理的，可说明理由后办结。"),
        },
    )


@staff_required
def close_off(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    back = reverse("suggestion", args=[suggestion.pk])
    form = NoteForm(posted(request))
    return handle_form_back(
        request,
        back_url=back,
        form=form,
        action=lambda d: suggestion_services.suggestion_close_off(
            suggestion=suggestion,
            actor=request.user,  # type: ignore[arg-type]
            reason=d.get("note") or "",
        ),
        success_message=_("已销号。"),
        context={"title": _("销号：%(t)s") % {"t": suggestion.title}},
    )


@staff_required
def commitment_fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("assignment"), pk=pk)
    return post_action(
        request,
        lambda: commitment_services.commitment_fulfil(commitment=commitment, actor=request.user),  # type: ignore[arg-type]
        success_message=_("已确认承诺落实。"),
        back_url=reverse("suggestion", args=[commitment.assignment.suggestion_id]),
    )


@staff_required
def commitment_close(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("assignment"), pk=pk)
    back = reverse("suggestion", args=[commitment.assignment.suggestion_id])
    form = NoteForm(posted(request))
    form.fields["note"].required = True
    return handle_form_back(
        request,
        back_url=back,
        form=form,
        action=lambda d: commitment_services.commitment_close(
            commitment=commitment,
            actor=request.user,  # type: ignore[arg-type]
            explanation=d["note"],
        ),
        success_message=_("承诺事项已说明关闭。"),
        context={"title": _("说明后关闭承诺事项"), "intro": commitment.description},
    )
