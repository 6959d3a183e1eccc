"""Deputies: my suggestions (led and co-signed), submit one, rate a reply. Phone-first pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.errors import DomainError
from oversight.forms.deputy import RatingForm
from oversight.forms.staff import SuggestionForm
from oversight.models import Deputy, Reply
from oversight.services import suggestions as suggestion_services
from oversight.views import list_rows, selectors
from oversight.views.common import (
    deputy_required,
    handle_form_back,
    paginate,
    posted,
    render_form_error,
    url_prefix,
)
from oversight.views.suggestions import detail_context


@deputy_required
def mine(request: HttpRequest) -> HttpResponse:
    suggestions = selectors.deputy_suggestions(request.user)
    page, query = paginate(request, suggestions.values(*list_rows.DEPUTY_FIELDS))
    deputy_id = request.user.deputy_id  # type: ignore[union-attr]
    return render(
        request,
        "deputy/mine.html",
        {
            "page_obj": page,
            "query": query,
            "rows": list_rows.deputy_suggestion_rows(page, link=url_prefix("suggestion"), deputy_id=deputy_id),
        },
    )


@deputy_required
def submit(request: HttpRequest) -> HttpResponse:
    deputy = get_object_or_404(Deputy, pk=request.user.deputy_id)  # type: ignore[union-attr]
    form = SuggestionForm(posted(request), lead_fixed=deputy)
    return handle_form_back(
        request,
        back_url=reverse("deputy:mine"),
        form=form,
        action=lambda d: suggestion_services.suggestion_submit(
            actor=request.user,  # type: ignore[arg-type]
            session=d["session"],
            title=d["title"],
            content=d["content"],
            lead_deputy=deputy,
            co_signers=list(d.get("co_signers") or []),
            category=d.get("category"),
            period=d.get("period") or "session",
        ),
        success_message=_("建议已提交，人大工作人员将进行立案审查。"),
        context={"title": _("提出建议"), "submit_label": _("提交建议")},
    )


@deputy_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The rating form lives on the suggestion page; errors re-render that page with the input kept."""
    from oversight.services import replies as reply_services

    user: Any = request.user
    reply = get_object_or_404(Reply.objects.visible_to(user).select_related("assignment__suggestion"), pk=pk)
    suggestion = reply.assignment.suggestion
    back = reverse("suggestion", args=[suggestion.pk])
    if request.method != "POST":
        return redirect(back)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            reply_services.feedback_rate(
                reply=reply, actor=user, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            context = detail_context(request, suggestion)
            context["rating_form"] = form
            return render_form_error(request, error, "suggestions/detail.html", context)
        messages.success(request, _("感谢您的评价。"))
        return redirect(back)
    context = detail_context(request, suggestion)
    context["rating_form"] = form
    return render(request, "suggestions/detail.html", context)
