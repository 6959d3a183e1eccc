"""A person's own reminder and notice preferences (each person decides, not only the admin)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.forms.strict import StrictForm


class NotificationPreferenceForm(StrictForm):
    by_email = forms.BooleanField(label=_("同时发送邮件"), required=False)
    by_sms = forms.BooleanField(label=_("同时发送短信"), required=False, help_text=_("需要在账号中登记手机号。"))
    daily_digest = forms.BooleanField(
        label=_("改为每日汇总"),
        required=False,
        help_text=_("选中后，提醒和通知不再逐条发送，每天在下方时刻汇总为一条消息（和一封邮件）。"),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("汇总发送时刻"),
        coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        initial=8,
    )
