"""Congress staff: workbench, intake, register/return, assignment, key supervision, supervision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from oversight import similarity
from oversight.errors import DomainError
from oversight.forms import reference_lists
from oversight.forms.filters import SuggestionFilter, narrowed
from oversight.forms.staff import AssignForm, KeyForm, ReasonForm, SuggestionForm, SupervisionForm
from oversight.models import Assignment, ExtensionRequest, Reply, Suggestion
from oversight.models.suggestions import unit_order_copies
from oversight.paging import capped_total, total_order
from oversight.services import assignments as assignment_services
from oversight.services import suggestions as suggestion_services
from oversight.views import list_rows
from oversight.views.common import (
    handle_form_back,
    paginate,
    post_action,
    posted,
    render_form_error,
    staff_required,
    url_prefix,
)
from oversight.views.selectors import OPEN_DEADLINE
from tracker.calendar import add_working_days
from tracker.models import Deadline

# The due-soon board looks this many working days ahead by default (the first reminder's offset).
DUE_SOON_WORKING_DAYS = 10


def _detail_url(suggestion: Suggestion) -> str:
    return reverse("suggestion", args=[suggestion.pk])


@staff_required
def workbench(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_deadlines = Deadline.objects.filter(status__in=OPEN_DEADLINE)
    # Each tile as the boards' pager counts: exact up to 1,000, past that the planner's estimate
    # (a province's backlog is not counted row by row on every visit; oversight/paging.py).
    counts = {
        name: capped_total(qs)
        for name, qs in {
            "submitted": Suggestion.objects.filter(status=Suggestion.Status.SUBMITTED),
            "to_assign": Suggestion.objects.filter(status=Suggestion.Status.REGISTERED),
            "to_review": Reply.objects.filter(status=Reply.Status.SIGNED),
            "returns": Assignment.objects.filter(status=Assignment.Status.RETURN_REQUESTED),
            "extensions": ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING),
            "overdue": open_deadlines.filter(due__lt=today),
            "due_soon": open_deadlines.filter(due__gte=today, due__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)),
        }.items()
    }
    return render(request, "staff/workbench.html", {"counts": counts})


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """录入, with the session's most similar suggestions on request ("查找相似建议") and a warning
    before an exact duplicate (same lead deputy, same title) is entered a second time."""
    form = SuggestionForm(posted(request))
    context: dict[str, Any] = {"form": form, "title": _("录入代表建议")}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        context["similar"] = similarity.similar_to(session_id=d["session"].pk, title=d["title"], content=d["content"])
        context["duplicates"] = similarity.exact_duplicates(
            session_id=d["session"].pk, title=d["title"], lead_deputy_id=d["lead_deputy"].pk
        )
        context["checked"] = True
        if "check" in request.POST or (context["duplicates"] and not request.POST.get("confirm_duplicate")):
            return render(request, "staff/intake.html", context)
        try:
            suggestion_services.suggestion_submit(
                actor=request.user,  # type: ignore[arg-type]
                session=d["session"],
                title=str(d["title"]),
                content=str(d["content"]),
                lead_deputy=d["lead_deputy"],
                co_signers=list(d.get("co_signers") or []),
                category=d.get("category"),
                period=str(d.get("period") or "session"),
            )
        except DomainError as error:
            return render_form_error(request, error, "staff/intake.html", context)
        messages.success(request, _("建议已录入，等待立案审查。"))
        return redirect("staff:submitted")
    return render(request, "staff/intake.html", context)


@staff_required
def link(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """并案 from the similar-suggestions list."""
    suggestion = get_object_or_404(Suggestion, pk=pk)
    other_suggestion = get_object_or_404(Suggestion, pk=other)
    return post_action(
        request,
        lambda: suggestion_services.suggestion_link(
            suggestion=suggestion,
            other=other_suggestion,
            actor=request.user,  # type: ignore[arg-type]
        ),
        success_message=_("已并案办理。"),
        back_url=_detail_url(suggestion),
    )


@staff_required
def similar(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's suggestions most like this one (并案 help). The suggestion's page loads it as a
    fragment after showing (``?fragment=1``, static/js/app.js); without JavaScript its link opens
    this as a page of its own."""
    from oversight.views.suggestions import similar_context

    suggestion = get_object_or_404(Suggestion, pk=pk)
    context = {**similar_context(request.user, suggestion), "base": suggestion, "suggestion": suggestion}
    if request.GET.get("fragment"):
        return render(request, "staff/_similar.html", context)
    return render(request, "staff/similar.html", context)


@staff_required
def submitted(request: HttpRequest) -> HttpResponse:
    qs = (
        Suggestion.objects.filter(status=Suggestion.Status.SUBMITTED)
        .select_related("session", "lead_deputy", "category")
        .order_by("submitted_at", "id")
    )
    page, query = paginate(request, qs)
    rows = list_rows.submitted_rows(page, link=url_prefix("suggestion"), csrf_token=get_token(request))
    return render(request, "staff/submitted.html", {"page_obj": page, "query": query, "rows": rows})


@staff_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """All suggestions: filter (unit among them), sort by any column, the nearest open deadline.

    The deadline column reads the suggestion's own copy (``next_due``, kept by tracker.nearest), so
    neither showing nor sorting by it computes anything per row; staff see every deadline, so the
    copy of all of them is what this page may show."""
    qs = Suggestion.objects.order_by("-session_opens_on", "number", "id")
    # Filtered by the filters the query string names (the same rows, oversight.forms.filters.narrowed);
    # the whole form is built only when its cached fragment has to be rendered again.
    names = frozenset(request.GET.keys()) - {"page"}
    rows = narrowed(SuggestionFilter, names)(request.GET, queryset=qs).qs if names else qs
    form_filter = SimpleLazyObject(lambda: SuggestionFilter(request.GET or None, queryset=qs))
    if rows.query.order_by != qs.query.order_by:
        # A valid ?sort= chose a column: the order the API's ?ordering= gives (oversight.paging.
        # total_order), ties by id in the column's direction, empty deadlines and numbers last.
        # Narrowed to one unit (?unit=), the order is read from the unit's assignments' copy.
        terms = [str(term) for term in rows.query.order_by]
        rows = rows.order_by(*total_order(Suggestion, terms, copies=unit_order_copies(rows)))
    page, query = paginate(request, rows.values(*list_rows.STAFF_FIELDS))
    sorted_by = request.GET.get("sort", "")
    params = request.GET.copy()
    for key in ("sort", "page"):
        params.pop(key, None)
    return render(
        request,
        "staff/suggestions.html",
        {
            "filter": form_filter,
            "page_obj": page,
            "query": query,
            "sorted_by": sorted_by,
            "sort_base": params.urlencode(),
            # The filter form as rendered for this query string (oversight/forms/reference_lists.py).
            "filter_key": reference_lists.fragment_key(request),
            "filter_ttl": reference_lists.TTL,
            "rows": list_rows.staff_suggestion_rows(page, link=url_prefix("suggestion"), today=timezone.localdate()),
        },
    )


@staff_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    return post_action(
        request,
        lambda: suggestion_services.suggestion_register(suggestion=suggestion, actor=request.user),  # type: ignore[arg-type]
        success_message=_("已立案。"),
        back_url=_detail_url(suggestion),
    )


@staff_required
def return_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    return handle_form_back(
        request,
        back_url=_detail_url(suggestion),
        form=ReasonForm(posted(request)),
        action=lambda d: suggestion_services.suggestion_return(
            suggestion=suggestion,
            actor=request.user,  # type: ignore[arg-type]
            reason=d["reason"],
        ),
        success_message=_("建议已退回，并告知领衔代表。"),
        context={
            "title": _("退回建议：%(t)s") % {"t": suggestion.title},
            "submit_label": _("退回"),
        },
    )


@staff_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("lead_deputy"), pk=pk)
    form = AssignForm(posted(request))
    context = {"suggestion": suggestion, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            assignment_services.suggestion_assign(
                suggestion=suggestion,
                actor=request.user,  # type: ignore[arg-type]
                units=form.cleaned_data["chosen"],
            )
        except DomainError as error:
            return render_form_error(request, error, "staff/assign.html", context)
        messages.success(request, _("已交办。"))
        return redirect(_detail_url(suggestion))
    return render(request, "staff/assign.html", context)


@staff_required
def key(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = KeyForm(posted(request), initial={"is_key": suggestion.is_key, "leader": suggestion.key_leader})
    return handle_form_back(
        request,
        back_url=_detail_url(suggestion),
        form=form,
        action=lambda d: suggestion_services.suggestion_set_key(
            suggestion=suggestion,
            actor=request.user,  # type: ignore[arg-type]
            is_key=bool(d["is_key"]),
            leader=d.get("leader") or "",
        ),
        success_message=_("重点督办设置已保存。"),
        context={"title": _("重点督办：%(t)s") % {"t": suggestion.title}},
    )


@staff_required
def supervise(request: HttpRequest, pk: int) -> HttpResponse:
    from oversight.services import supervision as supervision_services

    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = SupervisionForm(posted(request), suggestion=suggestion)
    return handle_form_back(
        request,
        back_url=_detail_url(suggestion),
        form=form,
        action=lambda d: supervision_services.supervision_record(
            suggestion=suggestion,
            actor=request.user,  # type: ignore[arg-type]
            kind=d["kind"],
            happened_on=d["happened_on"],
            note=d["note"],
            led_by=d["led_by"],
            leader_name=d.get("leader_name") or "",
            assignment=d.get("assignment"),
            next_check_on=d.get("next_check_on"),
        ),
        success_message=_("督办记录已保存。"),
        context={"title": _("记录督办：%(t)s") % {"t": suggestion.title}},
    )
