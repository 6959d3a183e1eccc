"""Forms congress staff use: intake, return, assignment, supervision, review, decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.forms.strict import StrictForm
from oversight.forms.widgets import SearchableSelect, SearchableSelectMultiple
from oversight.models import Assignment, Deputy, Session, Suggestion, SuggestionCategory, SupervisionAction, Unit
from oversight.models.replies import reply_category_choices
from oversight.validation import not_in_future

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SuggestionForm(StrictForm):
    """Intake by staff (any lead deputy) and submission by a deputy (lead is themselves)."""

    session = forms.ModelChoiceField(
        label=_("会议"), queryset=Session.objects.select_related("term"), empty_label=_("请选择")
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 8}))
    category = forms.ModelChoiceField(
        label=_("分类"),
        queryset=SuggestionCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("不选"),
    )
    period = forms.ChoiceField(label=_("提出时间"), choices=Suggestion.Period.choices, initial="session")
    lead_deputy = forms.ModelChoiceField(
        label=_("领衔代表"),
        queryset=Deputy.objects.filter(is_active=True).select_related("delegation"),
        empty_label=_("请选择"),
        widget=SearchableSelect,
        help_text=_("可输入姓名或拼音首字母查找。"),
    )
    co_signers = forms.ModelMultipleChoiceField(
        label=_("附议代表"),
        queryset=Deputy.objects.filter(is_active=True).select_related("delegation"),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("可选多人：输入姓名或拼音首字母查找，逐个选中。"),
    )

    def __init__(self, *args: Any, lead_fixed: Deputy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lead_fixed = lead_fixed
        if lead_fixed is not None:
            del self.fields["lead_deputy"]
            self.fields["co_signers"].queryset = Deputy.objects.filter(is_active=True).exclude(pk=lead_fixed.pk)  # type: ignore[attr-defined]
        first = Session.objects.order_by("-opens_on").first()
        if first is not None:
            self.fields["session"].initial = first.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead = self.lead_fixed or data.get("lead_deputy")
        if lead is not None and lead in (data.get("co_signers") or []):
            self.add_error("co_signers", _("领衔代表不能同时作为附议代表。"))
        return data


class ReasonForm(StrictForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(StrictForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("name")


class AssignForm(StrictForm):
    """交办 to one lead unit (主办) with co-handlers (协办), and/or separate units (分办), each picked
    from a searchable list: a city has dozens of units."""

    lead = forms.ModelChoiceField(
        label=_("主办单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("不设主办"),
        widget=SearchableSelect,
        help_text=_("负责答复代表。可输入单位名称或拼音首字母查找。"),
    )
    co = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("向主办单位提出协办意见，可选多个。"),
    )
    separate = forms.ModelMultipleChoiceField(
        label=_("分办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("各自答复代表，可选多个。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead", "co", "separate"):
            self.fields[name].queryset = _units()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead = data.get("lead")
        co = list(data.get("co") or [])
        separate = list(data.get("separate") or [])
        chosen = ([(lead, Assignment.Role.LEAD)] if lead else []) + [(u, Assignment.Role.CO) for u in co]
        chosen += [(u, Assignment.Role.SEPARATE) for u in separate]
        if not chosen:
            raise forms.ValidationError(_("请至少选择一个承办单位。"))
        if co and not lead:
            self.add_error("lead", _("有协办单位时必须指定主办单位。"))
        units = [u.pk for u, _role in chosen]
        if len(set(units)) != len(units):
            raise forms.ValidationError(_("同一单位只能承担一种办理方式。"))
        data["chosen"] = chosen
        return data


class KeyForm(StrictForm):
    is_key = forms.BooleanField(label=_("列为重点督办"), required=False)
    leader = forms.CharField(label=_("督办领导"), max_length=50, required=False)


class SupervisionForm(StrictForm):
    kind = forms.ChoiceField(label=_("督办方式"), choices=SupervisionAction.Kind.choices)
    led_by = forms.ChoiceField(label=_("牵头"), choices=SupervisionAction.LedBy.choices, initial="staff")
    leader_name = forms.CharField(label=_("牵头领导"), max_length=50, required=False)
    happened_on = forms.DateField(label=_("日期"), widget=DATE, validators=[not_in_future], initial=timezone.localdate)
    note = forms.CharField(label=_("督办情况"), widget=forms.Textarea(attrs={"rows": 4}))
    next_check_on = forms.DateField(label=_("下次跟踪日期"), widget=DATE, required=False)
    assignment = forms.ModelChoiceField(
        label=_("针对承办单位"), queryset=Assignment.objects.none(), required=False, empty_label=_("整件建议")
    )

    def __init__(self, *args: Any, suggestion: Suggestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = suggestion.assignments.select_related("unit", "suggestion")
        field.label_from_instance = lambda a: f"{a.unit.name}（{a.get_role_display()}）"  # type: ignore[method-assign,assignment]


class ReviewForm(StrictForm):
    DECISIONS = [("accept", _("审核通过，送达代表")), ("send_back", _("退回重办"))]
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    category = forms.ChoiceField(label=_("答复类别（可调整）"), choices=[])
    note = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("退回重办时必须说明理由。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = reply_category_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "send_back" and not (data.get("note") or "").strip():
            self.add_error("note", _("退回重办时请填写理由。"))
        return data


class DecisionForm(StrictForm):
    DECISIONS = [("approve", _("同意")), ("refuse", _("不同意"))]
    decision = forms.ChoiceField(label=_("审批结论"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReturnDecisionForm(DecisionForm):
    reassign_to = forms.ModelMultipleChoiceField(
        label=_("改交其他单位（同意退办时）"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("改交的单位承担原单位的办理方式。"),
    )


class ImportForm(StrictForm):
    session = forms.ModelChoiceField(
        label=_("会议"), queryset=Session.objects.select_related("term"), empty_label=_("请选择")
    )
    sheet = forms.FileField(
        label=_("建议汇总表（.xlsx）"),
        help_text=_("第一行为表头：标题、内容、领衔代表、附议代表、分类、提出时间。有任何一行出错则整表不导入。"),
    )

    def clean_sheet(self) -> Any:
        sheet = self.cleaned_data["sheet"]
        if not (sheet.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的表格。"))
        return sheet
