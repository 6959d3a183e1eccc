"""Forms a unit's liaison and head use: requests, contact log, reply, commitment progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.forms.attachments import AttachmentsField
from oversight.forms.strict import StrictForm
from oversight.models import ContactRecord, Deputy, Suggestion
from oversight.models.replies import reply_category_choices
from oversight.policy_rules import commitment_categories
from oversight.validation import not_in_future
from oversight.wording import size_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A reply form offers this many commitment rows; B/C replies usually promise one or two things.
COMMITMENT_ROWS = 3


class ExtensionForm(StrictForm):
    months = forms.IntegerField(label=_("延期月数"), min_value=1, max_value=3, initial=1)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 4}))


class ContactForm(StrictForm):
    method = forms.ChoiceField(label=_("沟通方式"), choices=ContactRecord.Method.choices)
    contacted_on = forms.DateField(
        label=_("沟通日期"), widget=DATE, validators=[not_in_future], initial=timezone.localdate
    )
    deputy = forms.ModelChoiceField(label=_("沟通代表"), queryset=Deputy.objects.none(), required=False)
    summary = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, suggestion: Suggestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputy"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Deputy.objects.filter(pk=suggestion.lead_deputy_id) | suggestion.co_signers.all()


class ReplyForm(StrictForm):
    category = forms.ChoiceField(label=_("答复类别"), choices=[], widget=forms.RadioSelect)
    content = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 10}))
    is_public = forms.BooleanField(
        label=_("可以向社会公开"), required=False, initial=True, help_text=_("涉密或不宜公开的答复请取消勾选。")
    )
    attachments = AttachmentsField(
        help_text=_("可上传 PDF、Word、Excel、OFD、图片或文本文件，每个文件不超过 %(limit)s。")
        % {"limit": size_label(settings.ATTACHMENT_MAX_BYTES)}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = reply_category_choices()  # type: ignore[attr-defined]
        for i in range(1, COMMITMENT_ROWS + 1):
            self.fields[f"commitment_{i}"] = forms.CharField(
                label=_("承诺事项 %(n)s") % {"n": i}, max_length=500, required=False
            )
            self.fields[f"commitment_{i}_due"] = forms.DateField(
                label=_("承诺事项 %(n)s 完成日期") % {"n": i}, widget=DATE, required=False
            )

    def commitment_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"commitment_{i}"], self[f"commitment_{i}_due"]) for i in range(1, COMMITMENT_ROWS + 1)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("category", "content", "is_public", "attachments")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commitments: list[dict[str, Any]] = []
        for i in range(1, COMMITMENT_ROWS + 1):
            text = (data.get(f"commitment_{i}") or "").strip()
            due = data.get(f"commitment_{i}_due")
            if text and not due:
                self.add_error(f"commitment_{i}_due", _("请填写承诺完成日期。"))
            elif due and not text:
                self.add_error(f"commitment_{i}", _("请填写承诺内容。"))
            elif text and due:
                if due <= timezone.localdate():
                    self.add_error(f"commitment_{i}_due", _("承诺完成日期应晚于今天。"))
                commitments.append({"description": text, "due_on": due})
        category = data.get("category")
        if category in commitment_categories() and not commitments:
            self.add_error("commitment_1", _("%(c)s类答复须写明承诺事项及完成日期。") % {"c": category})
        data["commitments"] = commitments
        return data


class ProgressForm(StrictForm):
    note = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))


class CoOpinionForm(StrictForm):
    content = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 6}))
