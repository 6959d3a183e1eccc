"""重点督办进展报告 pages: one page per key suggestion listing its scheduled reports. Staff add
report dates; a member of the reporting unit files a report due from them. Everyone who sees the
suggestion reads the page (the reports are filtered by ``ProgressReport.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.errors import DomainError
from oversight.forms.strict import StrictForm
from oversight.models import ProgressReport
from oversight.services.progress import progress_report_file, progress_schedule_set
from oversight.views.common import apply_domain_error
from oversight.views.suggestions import visible_suggestion


class ScheduleForm(StrictForm):
    dates = forms.CharField(
        label=gettext_lazy("报送日期"),
        help_text=gettext_lazy("一个或多个日期，用逗号分隔，如 2026-04-30, 2026-06-30, 2026-08-31"),
    )

    def clean_dates(self) -> list[Any]:
        field = forms.DateField()
        parts = [p.strip() for p in self.cleaned_data["dates"].replace("，", ",").split(",") if p.strip()]
        try:
            return [field.clean(p) for p in parts]
        except forms.ValidationError:
            raise forms.ValidationError(_("日期格式应为 2026-04-30。")) from None


class FileForm(StrictForm):
    content = forms.CharField(label=gettext_lazy("进展情况"), widget=forms.Textarea(attrs={"rows": 5}))


@login_required
def progress_page(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = visible_suggestion(request.user, pk)
    user: Any = request.user
    schedule = ScheduleForm(request.POST if request.method == "POST" and user.is_staff_member else None)
    status = 400 if schedule.is_bound and not schedule.is_valid() else 200
    if schedule.is_bound and schedule.is_valid():
        try:
            progress_schedule_set(suggestion=suggestion, actor=user, dates=schedule.cleaned_data["dates"])
        except DomainError as error:
            status = apply_domain_error(request, error, schedule)
        else:
            messages.success(request, _("已安排进展报告。"))
            return redirect("progress", pk=pk)
    reports = list(
        ProgressReport.objects.visible_to(user)
        .filter(assignment__suggestion=suggestion)
        .select_related("assignment__unit")
        .order_by("due_on", "id")
    )
    unit_ids = set(user.unit_ids())
    context = {
        "suggestion": suggestion,
        "reports": reports,
        "mine": {r.pk for r in reports if r.assignment.unit_id in unit_ids and r.status == "scheduled"},
        "schedule": schedule if user.is_staff_member else None,
        "file_form": FileForm(),
    }
    return render(request, "suggestions/progress.html", context, status=status)


@login_required
def progress_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user).select_related("assignment"), pk=pk)
    back = redirect("progress", pk=report.assignment.suggestion_id)
    form = FileForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        messages.error(request, _("请填写进展情况。"))
        return back
    try:
        progress_report_file(report=report, actor=request.user, content=form.cleaned_data["content"])  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "action_refused.html", {"error": error, "back_url": back.url}, status=error.status)
    messages.success(request, _("进展情况已报送。"))
    return back
