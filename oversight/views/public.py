"""The public: accepted replies staff published, searchable; nothing marked not for publication."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oversight.forms.filters import PublicReplyFilter
from oversight.models import Reply
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
