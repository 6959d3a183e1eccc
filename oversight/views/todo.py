"""待办: each person's landing page — what they owe now, nearest deadline first, with the button
for the next step. Each kind shows its first items with its total and a link to its full board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from oversight import todo
from oversight.views import list_rows
from oversight.views.common import load_roles, url_prefix


@login_required
def todo_page(request: HttpRequest) -> HttpResponse:
    # The person's roles, read once for the queue and the header (views.common.load_roles).
    kinds = todo.queue(load_roles(request.user))
    only = request.GET.get("only", "")
    chosen = only if only in todo.LABELS else ""
    shown = [k for k in kinds if k.code == chosen] if chosen else kinds
    items = sorted((t for k in shown for t in k.items), key=todo._urgency)
    return render(
        request,
        "todo.html",
        {
            "items": items,
            "items_html": list_rows.todo_items(items, link=url_prefix("suggestion"), today=timezone.localdate()),
            # The kinds of which the page shows only the first items: their totals and boards.
            "more": [k for k in shown if k.has_more],
            "counts": todo.count_by_code(kinds),
            "chosen": chosen,
            "limit": todo.LIMIT,
        },
    )
