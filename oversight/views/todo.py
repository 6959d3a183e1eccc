"""待办: each person's landing page — what they owe now, nearest deadline first, with the button
for the next step."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from oversight import todo


@login_required
def todo_page(request: HttpRequest) -> HttpResponse:
    items = todo.todo_for(request.user)
    only = request.GET.get("only", "")
    shown = [t for t in items if t.code == only] if only in todo.LABELS else items
    return render(
        request,
        "todo.html",
        {
            "items": shown,
            "counts": todo.remember_counts(request.user, items),
            "chosen": only if only in todo.LABELS else "",
            "staff_limit": todo.STAFF_LIMIT,
        },
    )
