"""测评结果运用: the bodies year-end votes listed for 集中表彰 or 问责. Open to anyone; each visitor
sees the rows ``VoteDecision.objects.visible_to`` gives them (the public: rounds whose results are
public)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from oversight.models import VoteDecision


def decision_list(request: HttpRequest) -> HttpResponse:
    rows = list(
        VoteDecision.objects.visible_to(request.user)
        .select_related("unit", "item__round")
        .order_by("-year", "unit__name", "id")
    )
    context = {
        "commendation": [r for r in rows if r.decision == VoteDecision.Decision.COMMENDATION],
        "accountability": [r for r in rows if r.decision == VoteDecision.Decision.ACCOUNTABILITY],
    }
    return render(request, "voting/decisions.html", context)
