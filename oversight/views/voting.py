"""满意度测评 pages. Staff: list, set up, open/close/publish, live turnout (never choices).
Reviewers (mostly on a phone): their open rounds → one page with each item and three big choices →
confirm → done. Results with counts and rates once closed (staff) or published (everyone on it).

Every round is looked up through ``VotingRound.objects.visible_to``: a reviewer not on a round's
list, or anyone else, gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.api.voting import may_see_results
from oversight.errors import DomainError
from oversight.models import Participation, VoteChoice, VotingItem, VotingRound
from oversight.services import voting
from oversight.views.common import apply_domain_error, paginate, post_action, posted, staff_required
from oversight.views.voting_forms import BallotForm, ItemForm, ReviewersForm, RoundForm
from tracker.timeline import for_case

S = VotingRound.Status

# Timeline action codes written by oversight.services.voting → what staff read on the round page.
ACTION_LABELS = {
    "round.create": gettext_lazy("创建测评"),
    "round.add_item": gettext_lazy("添加测评事项"),
    "round.set_reviewers": gettext_lazy("设置参加人员"),
    "round.open": gettext_lazy("开始投票"),
    "round.close": gettext_lazy("结束投票并计票"),
    "vote_item.pass": gettext_lazy("事项通过"),
    "vote_item.fail": gettext_lazy("事项未通过"),
    "round.publish": gettext_lazy("公布结果"),
}


def _rounds(user: Any) -> QuerySet[VotingRound]:
    return (
        VotingRound.objects.visible_to(user)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-meeting_date", "-id")
    )


def _round(user: Any, pk: int) -> VotingRound:
    return get_object_or_404(
        VotingRound.objects.visible_to(user).prefetch_related(
            Prefetch("items", queryset=VotingItem.objects.order_by("position", "id"))
        ),
        pk=pk,
    )


# --- staff ----------------------------------------------------------------------------------------


@staff_required
def round_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, _rounds(request.user))
    return render(request, "voting/staff_list.html", {"page": page, "query": query})


@staff_required
def round_new(request: HttpRequest) -> HttpResponse:
    form = RoundForm(posted(request))
    context = {"title": _("新建满意度测评"), "submit_label": _("创建"), "cancel_url": reverse("voting:list")}
    if request.method == "POST" and form.is_valid():
        try:
            voting_round = voting.round_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            status = apply_domain_error(request, error, form)
            return render(request, "form_page.html", {**context, "form": form}, status=status)
        messages.success(request, _("已创建，请添加测评事项和参加人员。"))
        return redirect("voting:detail", pk=voting_round.pk)
    return render(request, "form_page.html", {**context, "form": form})


def _detail_context(voting_round: VotingRound, **forms_: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "round": voting_round,
        "items": list(voting_round.items.all()),
        "reviewers": list(voting_round.reviewers.order_by("display_name", "username")),
    }
    timeline = list(for_case(voting_round).order_by("at", "pk"))
    for entry in timeline:
        label = ACTION_LABELS.get(entry.action, entry.action)
        if entry.action == "round.close" and (entry.data or {}).get("automatic"):
            label = _("到截止时间自动结束并计票")
        entry.label = label  # type: ignore[attr-defined]
    context["timeline"] = timeline
    if voting_round.status == S.DRAFT:
        context["item_form"] = forms_.get("item_form") or ItemForm()
        context["reviewers_form"] = forms_.get("reviewers_form") or ReviewersForm(
            initial={"reviewers": context["reviewers"]}
        )
    if voting_round.status == S.OPEN:
        eligible = voting_round.eligible_count or 0
        context["turnout"] = [
            {"item": item, "count": n, "percent": round(100 * n / eligible) if eligible else 0}
            for item, n in voting_round.turnout()
        ]
    return context


@staff_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = _round(request.user, pk)
    return render(request, "voting/staff_detail.html", _detail_context(voting_round))


def _round_form_post(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_key: str,
    action: Callable[[VotingRound, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted from the round page: on success back to it, otherwise the page again with the
    form as typed (400, or the service's refusal status)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    voting_round = _round(request.user, pk)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            action(voting_round, form.cleaned_data)
        except DomainError as error:
            status = apply_domain_error(request, error, form)
        else:
            messages.success(request, done)
            return redirect("voting:detail", pk=pk)
    context = _detail_context(voting_round, **{form_key: form})
    return render(request, "voting/staff_detail.html", context, status=status)


@staff_required
def round_add_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form_post(
        request,
        pk,
        form_class=ItemForm,
        form_key="item_form",
        action=lambda voting_round, data: voting.round_add_item(
            voting_round=voting_round,
            actor=request.user,  # type: ignore[arg-type]
            **data,
        ),
        done=_("已添加测评事项。"),
    )


@staff_required
def round_reviewers(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form_post(
        request,
        pk,
        form_class=ReviewersForm,
        form_key="reviewers_form",
        action=lambda voting_round, data: voting.round_set_reviewers(
            voting_round=voting_round,
            actor=request.user,  # type: ignore[arg-type]
            reviewers=data["reviewers"],
        ),
        done=_("已保存参加测评人员。"),
    )


def _step(service: Any, message: str) -> Any:
    @staff_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        voting_round = _round(request.user, pk)
        return post_action(
            request,
            lambda: service(voting_round=voting_round, actor=request.user),
            success_message=message,
            back_url=reverse("voting:detail", kwargs={"pk": pk}),
        )

    return view


round_open = _step(voting.round_open, _("投票已开始。"))
round_close = _step(voting.round_close, _("投票已结束，结果已计算。"))
round_publish = _step(voting.round_publish, _("测评结果已公布。"))


# --- reviewers ------------------------------------------------------------------------------------


@login_required
def my_rounds(request: HttpRequest) -> HttpResponse:
    """A reviewer's rounds: open ones first (vote or voted), then published results."""
    if not request.user.is_reviewer:  # type: ignore[union-attr]
        raise Http404
    rounds = list(_rounds(request.user).filter(status__in=[S.OPEN, S.PUBLISHED]).order_by("status", "-closes_at"))
    voted = dict(
        Participation.objects.filter(reviewer_id=request.user.pk, item__round__in=[r.pk for r in rounds])
        .values("item__round")
        .annotate(n=Count("pk"))
        .values_list("item__round", "n")
    )
    for r in rounds:
        r.voted_count = voted.get(r.pk, 0)  # type: ignore[attr-defined]
    open_rounds = [r for r in rounds if r.status == S.OPEN]
    published = [r for r in rounds if r.status == S.PUBLISHED]
    return render(request, "voting/reviewer_list.html", {"open_rounds": open_rounds, "published": published})


def _eligible_round(request: HttpRequest, pk: int) -> VotingRound:
    voting_round = _round(request.user, pk)
    if not voting_round.reviewers.filter(pk=request.user.pk or 0).exists():
        raise Http404
    return voting_round


@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the ballot. POST: the confirmation page; POST with ``confirmed``: cast it."""
    voting_round = _eligible_round(request, pk)
    if voting_round.status != S.OPEN:
        messages.error(request, _("本次测评不在投票中。"))
        return redirect("voting:mine")
    voted = voting_round.voted_item_ids(request.user)
    items = [item for item in voting_round.items.all() if item.pk not in voted]
    if not items:
        return redirect("voting:done", pk=pk)
    form = BallotForm(posted(request), items=items)
    context = {"round": voting_round, "form": form, "choices": VoteChoice.choices}
    if request.method != "POST" or not form.is_valid() or request.POST.get("edit"):
        return render(request, "voting/vote.html", context, status=400 if request.method == "POST" else 200)
    if not request.POST.get("confirmed"):
        labels = dict(VoteChoice.choices)
        summary = [(item, labels[choice]) for item, choice in zip(items, form.choices().values(), strict=True)]
        return render(request, "voting/confirm.html", {**context, "summary": summary})
    try:
        voting.ballot_cast(voting_round=voting_round, actor=request.user, choices=form.choices())  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "voting/vote.html", context, status=error.status)
    return redirect("voting:done", pk=pk)


@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = _eligible_round(request, pk)
    voted = voting_round.voted_item_ids(request.user)
    items = [item for item in voting_round.items.all() if item.pk in voted]
    remaining = voting_round.status == S.OPEN and len(items) < len(voting_round.items.all())
    return render(request, "voting/done.html", {"round": voting_round, "items": items, "remaining": remaining})


# --- results --------------------------------------------------------------------------------------


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = _round(request.user, pk)
    if not may_see_results(request.user, voting_round):
        raise Http404
    context = {
        "round": voting_round,
        "items": list(voting_round.items.all()),
        "min_ballots": settings.VOTING_MIN_BALLOTS,
    }
    return render(request, "voting/results.html", context)
