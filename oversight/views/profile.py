"""The person's own page: who they are, and how they want to hear of their work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oversight.forms.profile import NotificationPreferenceForm
from tracker import services as tracker_services


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    pref = tracker_services.notification_preference_get(user=request.user)
    initial = {
        "by_email": pref.by_email,
        "by_sms": pref.by_sms,
        "daily_digest": pref.daily_digest,
        "digest_hour": pref.digest_hour,
    }
    form = NotificationPreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                tracker_services.notification_preference_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("提醒方式已保存。"))
                return redirect("profile")
        status = 400
    return render(request, "profile.html", {"form": form, "pref": pref}, status=status)
