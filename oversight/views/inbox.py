"""The in-app inbox (站内消息): reminders and notices, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from oversight.views.common import paginate
from tracker import services as tracker_services
from tracker.models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.for_user(request.user).order_by("-created_at", "-id")
    page, query = paginate(request, qs, per_page=30)
    return render(request, "inbox/list.html", {"page_obj": page, "query": query})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: mark read and follow the link (only to this site)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    tracker_services.notification_mark_read(notification=notification, actor=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("inbox")


@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = tracker_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)s 条消息标为已读。") % {"n": count})
    return redirect("inbox")
