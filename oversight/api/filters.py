"""django-filter sets for every list endpoint.

Search (``?q=公交``) is a substring match (``icontains``) on title and content: Chinese has no
spaces between words, so word-based full-text search would miss most queries; substring search is
exact. For suggestions PostgreSQL narrows it first through an index of character bigrams
(oversight/search.py), with the same results.
Deadline filters (``overdue``, ``due_within``) read tracker's deadline rows, the same ones the
reminders follow, so "overdue" means the same thing everywhere.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters as df
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

from oversight.forms.filters import narrowed
from oversight.models import (
    Assignment,
    Commitment,
    ExtensionRequest,
    Feedback,
    Reply,
    Suggestion,
    SupervisionAction,
)
from oversight.models.suggestions import in_unit_order
from oversight.search import suggestion_search
from tracker.models import Deadline, Notification

OPEN_DEADLINE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED]
# Query parameters that belong to the pager and the ordering, never to a filterset.
NOT_FILTERS = frozenset({"page", "page_size", "ordering", "format"})


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, not run when the request names no filter: building and validating
    a filterset's form costs about as much as the page query of a list (docs/benchmarks.md), and with
    no parameter it filters nothing. Any other parameter — a filter, or a misspelt one — goes through
    django-filter as before, with a filterset narrowed to the filters the query string can name
    (``oversight.forms.filters.narrowed``): its form has those fields, not all of them (a
    suggestion search built and validated thirteen form fields to read one, ≈ 1 ms)."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        names = request.query_params.keys()
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if all(name in NOT_FILTERS for name in names) and not any(
            name in filterset_class.base_filters for name in names
        ):
            return queryset
        filters_named = narrowed(filterset_class, frozenset(names))
        filterset = filters_named(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise translate_validation(filterset.errors)
        return filterset.qs  # type: ignore[no-any-return]


def _deadline_ids(model: str, *, field: str, overdue: bool | None = None, within: int | None = None) -> QuerySet[Any]:
    """ids (``case_id`` or ``subject_id``) of oversight ``model`` rows with a matching open deadline;
    content types are joined, not looked up, so the query count does not depend on a cache."""
    today = timezone.localdate()
    qs = Deadline.objects.filter(status__in=OPEN_DEADLINE, **{f"{field}_type__app_label": "oversight"})
    qs = qs.filter(**{f"{field}_type__model": model})
    if overdue:
        qs = qs.filter(due__lt=today)
    if within is not None:
        qs = qs.filter(due__gte=today, due__lte=today + timedelta(days=within))
    return qs.values(f"{field}_id")


class DeadlineFilterMixin(df.FilterSet):
    """``overdue=true`` and ``due_within=N`` (calendar days from today) through tracker deadlines."""

    deadline_model = ""
    deadline_field = "subject"

    overdue = df.BooleanFilter(method="filter_overdue", label=_("已逾期"))
    due_within = df.NumberFilter(method="filter_due_within", label=_("N 天内到期"), min_value=0, max_value=3650)

    def filter_overdue(self, qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return qs
        ids = _deadline_ids(self.deadline_model, field=self.deadline_field, overdue=True)
        return qs.filter(pk__in=ids) if value else qs.exclude(pk__in=ids)

    def filter_due_within(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(pk__in=_deadline_ids(self.deadline_model, field=self.deadline_field, within=int(value)))


def _search(*paths: str) -> Any:
    def method(self: df.FilterSet, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__icontains": value})
        return qs.filter(condition)

    return method


class SuggestionFilter(DeadlineFilterMixin):
    deadline_model = "suggestion"
    deadline_field = "case"

    q = df.CharFilter(method="filter_q", label=_("搜索标题和内容"))
    status = df.MultipleChoiceFilter(choices=Suggestion.Status.choices)
    unit = df.NumberFilter(method="filter_unit", label=_("承办单位"))
    reply_category = df.CharFilter(method="filter_reply_category", label=_("答复类别"))
    rating = df.ChoiceFilter(choices=Feedback.Rating.choices, method="filter_rating", label=_("代表评价"))
    submitted_after = df.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = df.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    assigned_after = df.DateFilter(field_name="assigned_on", lookup_expr="gte")
    assigned_before = df.DateFilter(field_name="assigned_on", lookup_expr="lte")

    class Meta:
        model = Suggestion
        fields = ["kind", "session", "category", "is_key", "period", "lead_deputy"]

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return suggestion_search(qs, value)

    def filter_unit(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # The unit's live assignments (one per suggestion), read in the list's order from their copy
        # of it (oversight.models.suggestions.in_unit_order).
        return in_unit_order(qs, int(value), live_only=True)

    # Related-row filters go through a pk subquery, so a suggestion matching twice is listed once.

    def filter_reply_category(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        ids = Reply.objects.filter(category=value, status=Reply.Status.ACCEPTED)
        return qs.filter(pk__in=ids.values("assignment__suggestion_id"))

    def filter_rating(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        ids = Feedback.objects.filter(rating=value)
        return qs.filter(pk__in=ids.values("reply__assignment__suggestion_id"))


class AssignmentFilter(DeadlineFilterMixin):
    deadline_model = "assignment"

    q = df.CharFilter(method="filter_q", label=_("搜索建议标题和内容"))
    status = df.MultipleChoiceFilter(choices=Assignment.Status.choices)
    session = df.NumberFilter(field_name="suggestion__session")
    category = df.NumberFilter(field_name="suggestion__category")
    is_key = df.BooleanFilter(field_name="suggestion__is_key")
    assigned_after = df.DateFilter(field_name="assigned_on", lookup_expr="gte")
    assigned_before = df.DateFilter(field_name="assigned_on", lookup_expr="lte")

    filter_q = _search("suggestion__title", "suggestion__content")

    class Meta:
        model = Assignment
        fields = ["unit", "role", "suggestion", "round"]


class ExtensionFilter(df.FilterSet):
    status = df.MultipleChoiceFilter(choices=ExtensionRequest.Status.choices)
    unit = df.NumberFilter(field_name="assignment__unit")
    requested_after = df.DateFilter(field_name="requested_at", lookup_expr="date__gte")
    requested_before = df.DateFilter(field_name="requested_at", lookup_expr="date__lte")

    class Meta:
        model = ExtensionRequest
        fields = ["assignment"]


class ReplyFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label=_("搜索答复内容和建议标题"))
    status = df.MultipleChoiceFilter(choices=Reply.Status.choices)
    unit = df.NumberFilter(field_name="assignment__unit")
    session = df.NumberFilter(field_name="assignment__suggestion__session")
    suggestion = df.NumberFilter(field_name="assignment__suggestion")
    category = df.CharFilter(field_name="category")
    rating = df.ChoiceFilter(choices=Feedback.Rating.choices, method="filter_rating", label=_("代表评价"))
    drafted_after = df.DateFilter(field_name="drafted_at", lookup_expr="date__gte")
    drafted_before = df.DateFilter(field_name="drafted_at", lookup_expr="date__lte")
    sent_after = df.DateFilter(field_name="sent_on", lookup_expr="gte")
    sent_before = df.DateFilter(field_name="sent_on", lookup_expr="lte")

    filter_q = _search("content", "assignment__suggestion__title")

    class Meta:
        model = Reply
        fields = ["assignment", "round", "published", "is_public"]

    def filter_rating(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(pk__in=Feedback.objects.filter(rating=value).values("reply_id"))


class FeedbackFilter(df.FilterSet):
    rating = df.MultipleChoiceFilter(choices=Feedback.Rating.choices)
    unit = df.NumberFilter(field_name="reply__assignment__unit")
    session = df.NumberFilter(field_name="reply__assignment__suggestion__session")
    suggestion = df.NumberFilter(field_name="reply__assignment__suggestion")
    rated_after = df.DateFilter(field_name="rated_at", lookup_expr="date__gte")
    rated_before = df.DateFilter(field_name="rated_at", lookup_expr="date__lte")

    class Meta:
        model = Feedback
        fields = ["reply", "deputy"]


class CommitmentFilter(DeadlineFilterMixin):
    deadline_model = "commitment"

    q = df.CharFilter(method="filter_q", label=_("搜索承诺内容"))
    status = df.MultipleChoiceFilter(choices=Commitment.Status.choices)
    unit = df.NumberFilter(field_name="assignment__unit")
    session = df.NumberFilter(field_name="assignment__suggestion__session")
    suggestion = df.NumberFilter(field_name="assignment__suggestion")
    due_after = df.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = df.DateFilter(field_name="due_on", lookup_expr="lte")

    filter_q = _search("description")

    class Meta:
        model = Commitment
        fields = ["assignment", "reply"]


class SupervisionFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label=_("搜索督办情况"))
    kind = df.MultipleChoiceFilter(choices=SupervisionAction.Kind.choices)
    led_by = df.MultipleChoiceFilter(choices=SupervisionAction.LedBy.choices)
    unit = df.NumberFilter(field_name="assignment__unit")
    session = df.NumberFilter(field_name="suggestion__session")
    is_key = df.BooleanFilter(field_name="suggestion__is_key")
    happened_after = df.DateFilter(field_name="happened_on", lookup_expr="gte")
    happened_before = df.DateFilter(field_name="happened_on", lookup_expr="lte")

    filter_q = _search("note", "suggestion__title")

    class Meta:
        model = SupervisionAction
        fields = ["suggestion", "assignment"]


class DeadlineFilter(df.FilterSet):
    status = df.MultipleChoiceFilter(choices=Deadline.Status.choices)
    overdue = df.BooleanFilter(method="filter_overdue", label=_("已逾期"))
    due_within = df.NumberFilter(method="filter_due_within", label=_("N 天内到期"), min_value=0, max_value=3650)
    due_after = df.DateFilter(field_name="due", lookup_expr="gte")
    due_before = df.DateFilter(field_name="due", lookup_expr="lte")
    suggestion = df.NumberFilter(method="filter_suggestion", label=_("建议"))

    class Meta:
        model = Deadline
        fields = ["kind"]

    def filter_overdue(self, qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return qs
        overdue = Q(status__in=OPEN_DEADLINE, due__lt=timezone.localdate())
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_due_within(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(status__in=OPEN_DEADLINE, due__gte=today, due__lte=today + timedelta(days=int(value)))

    def filter_suggestion(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(case_type__app_label="oversight", case_type__model="suggestion", case_id=value)


class NotificationFilter(df.FilterSet):
    unread = df.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("未读"))
    created_after = df.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = df.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Notification
        fields: list[str] = []


class PublicReplyFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label=_("搜索答复内容和建议标题"))
    unit = df.NumberFilter(field_name="assignment__unit")
    session = df.NumberFilter(field_name="assignment__suggestion__session")
    category = df.CharFilter(field_name="category")
    sent_after = df.DateFilter(field_name="sent_on", lookup_expr="gte")
    sent_before = df.DateFilter(field_name="sent_on", lookup_expr="lte")

    filter_q = _search("content", "assignment__suggestion__title")

    class Meta:
        model = Reply
        fields: list[str] = []
