"""Forms of the voting pages: setting up a round (staff) and the ballot (reviewers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.forms.strict import StrictForm
from oversight.models import FollowUpReport, Unit, User, VoteChoice, VotingItem
from oversight.models.voting import PassRule, QuorumRule

LOCAL_DT = "%Y-%m-%dT%H:%M"


class RoundForm(StrictForm):
    title = forms.CharField(label=_("测评名称"), max_length=200)
    meeting_name = forms.CharField(label=_("常委会会议"), max_length=100, help_text=_("例如：市人大常委会第二十次会议"))
    meeting_date = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    opens_at = forms.DateTimeField(
        label=_("投票开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DT)
    )
    closes_at = forms.DateTimeField(
        label=_("投票截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DT)
    )
    quorum_rule = forms.ChoiceField(
        label=_("法定人数规则"),
        choices=[("", _("按本机构默认规则")), *QuorumRule.choices],
        required=False,
    )
    pass_rule = forms.ChoiceField(
        label=_("通过规则"), choices=[("", _("按本机构默认规则")), *PassRule.choices], required=False
    )


class ItemForm(StrictForm):
    """One item. A unit + year makes a 年终票决 item; a follow-up report one of 审议意见 评议表决."""

    kind = forms.ChoiceField(label=_("测评类别"), choices=VotingItem.Kind.choices)
    title = forms.CharField(label=_("测评事项"), max_length=200, required=False, help_text=_("不填则按测评对象生成"))
    report = forms.ModelChoiceField(
        label=_("研究处理情况报告"),
        queryset=FollowUpReport.objects.none(),
        required=False,
        help_text=_("审议意见处理情况评议表决时选择"),
    )
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.filter(is_active=True), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Reports the committee has commented on are the ones ready for a vote.
        self.fields["report"].queryset = FollowUpReport.objects.filter(  # type: ignore[attr-defined]
            status=FollowUpReport.Status.COMMENTED
        ).select_related("item__opinion", "item__unit")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("report") and data.get("unit"):
            raise forms.ValidationError(_("测评对象只能选一个：报告或承办单位。"))
        report, unit = data.pop("report", None), data.pop("unit", None)
        data["subject"] = report or unit
        return data


class ReviewersForm(StrictForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("参加测评的常委会组成人员"),
        queryset=User.objects.filter(is_reviewer=True, is_active=True).order_by("display_name", "username"),
        widget=forms.CheckboxSelectMultiple,
    )


class BallotForm(StrictForm):
    """One required three-way choice per item still open to this reviewer."""

    def __init__(self, *args: Any, items: list[VotingItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.title,
                choices=VoteChoice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("请对本事项作出选择。")},
            )

    def choices(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

    def rows(self) -> list[tuple[VotingItem, Any]]:
        return [(item, self[f"item_{item.pk}"]) for item in self.items]
