"""Forms for the 审议意见 pages: draft an opinion, plan, report, comment, escalation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.forms.attachments import AttachmentsField
from oversight.forms.strict import StrictForm
from oversight.models import DeliberationOpinion, Escalation, Unit
from oversight.services.deliberation import ItemInput
from oversight.validation import not_in_future

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})

# A draft offers this many item rows; opinions usually have three to six points.
ITEM_ROWS = 6


class OpinionForm(StrictForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    meeting_name = forms.CharField(label=_("常委会会议"), max_length=100)
    meeting_date = forms.DateField(label=_("会议日期"), widget=DATE, validators=[not_in_future])
    report_type = forms.ChoiceField(label=_("报告类型"), choices=DeliberationOpinion.ReportType.choices)
    report_title = forms.CharField(label=_("审议的报告"), max_length=200, required=False)
    committee = forms.CharField(label=_("起草委员会"), max_length=100)
    content = forms.CharField(label=_("意见总述"), widget=TEXT, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("kind", "name")
        for n in range(1, ITEM_ROWS + 1):
            self.fields[f"unit_{n}"] = forms.ModelChoiceField(
                label=_("第%(n)d项 责任单位") % {"n": n}, queryset=units, required=False
            )
            self.fields[f"content_{n}"] = forms.CharField(
                label=_("第%(n)d项 意见内容") % {"n": n}, widget=forms.Textarea(attrs={"rows": 3}), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items: list[ItemInput] = []
        for n in range(1, ITEM_ROWS + 1):
            unit, content = data.get(f"unit_{n}"), (data.get(f"content_{n}") or "").strip()
            if unit and content:
                items.append(ItemInput(unit=unit, content=content))
            elif unit or content:
                self.add_error(f"content_{n}" if unit else f"unit_{n}", _("责任单位和意见内容须同时填写。"))
        if not items and not self.errors:
            raise forms.ValidationError(_("审议意见至少应有一项。"))
        data["items"] = items
        return data


class IssueForm(StrictForm):
    issued_on = forms.DateField(
        label=_("交办日期"), widget=DATE, validators=[not_in_future], initial=timezone.localdate
    )


class ContentForm(StrictForm):
    content = forms.CharField(label=_("方案内容"), widget=forms.Textarea(attrs={"rows": 8}))


class ReportForm(StrictForm):
    content = forms.CharField(label=_("研究处理情况"), widget=forms.Textarea(attrs={"rows": 10}))
    attachments = AttachmentsField()


class CommentForm(StrictForm):
    comment = forms.CharField(label=_("委员会评议意见"), widget=forms.Textarea(attrs={"rows": 6}))


class EscalationForm(StrictForm):
    kind = forms.ChoiceField(label=_("主任会议决定的措施"), choices=Escalation.Kind.choices)
    decided_on = forms.DateField(
        label=_("决定日期"), widget=DATE, validators=[not_in_future], initial=timezone.localdate
    )
    note = forms.CharField(label=_("说明"), widget=TEXT, required=False)


class OpinionFilterForm(StrictForm):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *DeliberationOpinion.Status.choices], required=False
    )
    report_type = forms.ChoiceField(
        label=_("报告类型"), choices=[("", _("全部")), *DeliberationOpinion.ReportType.choices], required=False
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
