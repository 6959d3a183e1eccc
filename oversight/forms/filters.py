"""List filters for the pages (django-filter). Substring search works for Chinese titles, which
have no spaces between words."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import django_filters
import django_filters.fields
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.forms.widgets import QuickSelect
from oversight.item_kinds import ItemKind
from oversight.models import Deputy, Reply, Session, Suggestion, SuggestionCategory, Unit
from oversight.search import suggestion_search
from oversight.stats.scope import Role

STATS_ROLES = Role.CHOICES


@lru_cache(maxsize=512)
def narrowed(filterset_class: type[django_filters.FilterSet], names: frozenset[str]) -> type[django_filters.FilterSet]:
    """``filterset_class`` with only the filters that a parameter in ``names`` may feed (its own
    name, or a name it starts, as a range's ``_min``/``_after`` halves are) and the required ones.
    The same answer as the whole filterset: every django-filter filter, ``method=`` ones included,
    returns the queryset untouched for an empty value, which is what an absent parameter cleans to;
    an absent parameter raises no error unless its filter is required; the filters keep their order.
    """
    kept = {
        name: f
        for name, f in filterset_class.base_filters.items()
        if f.extra.get("required") or any(given.startswith(name) for given in names)
    }
    if len(kept) == len(filterset_class.base_filters):
        return filterset_class
    narrowed: Any = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    narrowed.base_filters = kept  # the metaclass rebuilt them all; keep only these
    return narrowed


class _OneQueryIterator(forms.models.ModelChoiceIterator):
    """The choices from one plain query. Django's iterator() opens a server-side cursor on
    PostgreSQL (DECLARE, FETCH, CLOSE): three round trips for a list of ten sessions."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset.all()):
            yield self.choice(obj)


class _ListChoiceIterator(django_filters.fields.ModelChoiceIterator, _OneQueryIterator):
    pass


class _ListChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListChoiceIterator


class ListChoiceFilter(django_filters.ModelChoiceFilter):
    """A reference list (sessions, categories, units) for a filter form: one query, options
    rendered in Python (QuickSelect)."""

    field_class = _ListChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class SuggestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Suggestion.Status.choices, empty_label=_("全部"), widget=QuickSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("事项类别"), choices=ItemKind.choices, empty_label=_("全部"), widget=QuickSelect
    )
    session = ListChoiceFilter(label=_("会议"), queryset=Session.objects.select_related("term"), empty_label=_("全部"))
    category = ListChoiceFilter(label=_("分类"), queryset=SuggestionCategory.objects.all(), empty_label=_("全部"))
    is_key = django_filters.BooleanFilter(label=_("重点督办"))
    unit = ListChoiceFilter(label=_("承办单位"), queryset=Unit.objects.all(), empty_label=_("全部"), method="by_figure")
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="session__opens_on__year", min_value=1949, max_value=2100, decimal_places=0
    )
    # The drill-down from a statistics table: the suggestions behind one number (oversight/stats).
    role = django_filters.ChoiceFilter(
        label=_("办理方式"), choices=STATS_ROLES, empty_label=None, method="by_figure", widget=QuickSelect
    )
    stat = django_filters.ChoiceFilter(label=_("统计口径"), choices=[], method="by_figure", widget=QuickSelect)
    cat = django_filters.CharFilter(label=_("答复类别"), method="by_figure")

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
        fields = ["q", "status", "kind", "session", "category", "is_key", "unit", "year", "role", "stat", "cat"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from oversight.stats.drill import stat_choices

        if "stat" in self.filters:  # not in a filterset narrowed to other parameters
            self.filters["stat"].extra["choices"] = stat_choices()
        self._figure_applied = False

    def by_figure(self, queryset: QuerySet[Suggestion], name: str, value: Any) -> QuerySet[Suggestion]:
        """unit / role / stat / cat together pick the assignments a statistics figure counts."""
        if self._figure_applied:
            return queryset
        self._figure_applied = True
        from oversight.stats.drill import suggestions_behind

        return suggestions_behind(queryset, self.form.cleaned_data)

    def search(self, queryset: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        value = value.strip()
        if not value:
            return queryset
        # The substring part goes through the bigram index on PostgreSQL (oversight/search.py), as
        # the API's ``?q=`` does. The lead deputy's name is looked up first, on its own index: a
        # subquery OR-ed into the search would make PostgreSQL test every suggestion against it,
        # while a short list of ids (none, for most words) keeps the search's own plan.
        deputy_ids = list(Deputy.objects.filter(name=value).values_list("pk", flat=True))
        found = suggestion_search(queryset, value)
        return found | queryset.filter(lead_deputy_id__in=deputy_ids) if deputy_ids else found


class PublicReplyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    unit = ListChoiceFilter(
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
