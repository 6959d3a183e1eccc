"""List filters for the pages (django-filter). Substring search works for Chinese titles, which
have no spaces between words."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.models import Assignment, Reply, Session, Suggestion, SuggestionCategory, Unit


class SuggestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Suggestion.Status.choices, empty_label=_("全部"))
    session = django_filters.ModelChoiceFilter(
        label=_("会议"), queryset=Session.objects.select_related("term"), empty_label=_("全部")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("分类"), queryset=SuggestionCategory.objects.all(), empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"),
        queryset=Unit.objects.filter(is_active=True),
        method="by_unit",
        empty_label=_("全部"),
    )
    is_key = django_filters.BooleanFilter(label=_("重点督办"))
    sort = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("number", "number"),
            ("title", "title"),
            ("lead_deputy__name", "lead"),
            ("status", "status"),
            ("next_due", "due"),
            ("submitted_at", "submitted"),
        ),
        field_labels={
            "number": _("编号"),
            "title": _("标题"),
            "lead_deputy__name": _("领衔代表"),
            "status": _("状态"),
            "next_due": _("最近期限"),
            "submitted_at": _("提交时间"),
        },
        empty_label=_("默认"),
    )

    class Meta:
        model = Suggestion
        fields = ["q", "status", "session", "category", "unit", "is_key"]

    def by_unit(self, queryset: QuerySet[Suggestion], name: str, value: Unit | None) -> QuerySet[Suggestion]:
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=Assignment.objects.filter(unit=value).exclude(status=Assignment.Status.RETURNED).values("suggestion")
        )

    def search(self, queryset: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value) | Q(lead_deputy__name=value))


class PublicReplyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"),
        field_name="assignment__unit",
        queryset=Unit.objects.filter(is_active=True),
        empty_label=_("全部"),
    )
    category = django_filters.ChoiceFilter(label=_("答复类别"), choices=[], empty_label=_("全部"))

    class Meta:
        model = Reply
        fields = ["q", "unit", "category"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from oversight.models.replies import reply_category_choices

        self.filters["category"].extra["choices"] = reply_category_choices()

    def search(self, queryset: QuerySet[Reply], name: str, value: str) -> QuerySet[Reply]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(content__icontains=value)
            | Q(assignment__suggestion__title__icontains=value)
            | Q(assignment__unit__name__icontains=value)
        )
