"""The deputy's rating of a reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.forms.strict import StrictForm
from oversight.models import Feedback


class RatingForm(StrictForm):
    rating = forms.ChoiceField(label=_("您对答复的评价"), choices=Feedback.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见和建议"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("选择“不满意”时请写明理由，承办单位将重新办理。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rating") == Feedback.Rating.UNSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("选择“不满意”时请填写理由。"))
        return data
