"""The public: accepted replies staff published, searchable; nothing marked not for publication;
published 审议意见 with their outcomes; vote results of rounds whose results are public."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oversight.forms.filters import PublicReplyFilter
from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem, Reply, VotingRound
from oversight.views.common import paginate


def _published() -> QuerySet[Reply]:
    return (
        Reply.objects.published()
        .select_related("assignment__unit", "assignment__suggestion", "assignment__suggestion__session")
        .order_by("-reviewed_at", "-id")
    )


def replies(request: HttpRequest) -> HttpResponse:
    filterset = PublicReplyFilter(request.GET or None, queryset=_published())
    page, query = paginate(request, filterset.qs, per_page=20)
    return render(request, "public/replies.html", {"filter": filterset, "page_obj": page, "query": query})


def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(_published(), pk=pk)
    return render(request, "public/reply_detail.html", {"reply": reply})


# --- 审议意见 and vote results the public may read ---------------------------------------------


def _published_opinions() -> QuerySet[DeliberationOpinion]:
    # visible_to(anonymous) is exactly the published opinions: the one rule for every reader.
    return DeliberationOpinion.objects.visible_to(AnonymousUser()).order_by("-meeting_date", "-id")


def opinions(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, _published_opinions(), per_page=20)
    return render(request, "public/opinions.html", {"page_obj": page, "query": query})


def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published opinion, item by item, with what became of each: its status and the outcome of
    each follow-up report's vote (passed / failed), never who voted or how."""
    opinion = get_object_or_404(_published_opinions(), pk=pk)
    items = list(
        OpinionItem.objects.filter(opinion=opinion)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=FollowUpReport.objects.filter(
                    status__in=[FollowUpReport.Status.PASSED, FollowUpReport.Status.FAILED]
                ).order_by("round"),
                to_attr="voted_reports",
            )
        )
        .order_by("number")
    )
    return render(request, "public/opinion_detail.html", {"opinion": opinion, "items": items})


def vote_results(request: HttpRequest) -> HttpResponse:
    rounds = VotingRound.objects.public().order_by("-meeting_date", "-id")
    page, query = paginate(request, rounds, per_page=20)
    return render(request, "public/vote_results.html", {"page_obj": page, "query": query})


def vote_result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_object_or_404(VotingRound.objects.public(), pk=pk)
    items = list(voting_round.items.order_by("position", "id"))
    return render(request, "voting/results.html", {"round": voting_round, "items": items, "public": True})
