"""The front door: each person lands on their to-do list (待办); reviewers on their voting tasks;
the public on published replies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def workbenches_for(user: Any) -> list[tuple[str, str]]:
    """(url name, label) for every role the person holds, most demanding first."""
    if not getattr(user, "is_authenticated", False):
        return []
    benches: list[tuple[str, str]] = []
    if user.is_staff_member:
        benches.append(("staff:workbench", _("工作台")))
    if user.unit_ids():
        benches.append(("unit:work", _("本单位办理")))
    if user.unit_ids("head"):
        benches.append(("unit:signoff", _("待签发答复")))
    if user.deputy_id:
        benches.append(("deputy:mine", _("我的建议")))
    if user.is_reviewer:
        benches.append(("reviewer:home", _("测评任务")))
    return benches


def home(request: HttpRequest) -> HttpResponse:
    benches = workbenches_for(request.user)
    if benches and [name for name, _label in benches] != ["reviewer:home"]:
        # Everyone who can owe a step lands on their to-do list (待办), across all their roles.
        return redirect("todo")
    if benches:
        return redirect(benches[0][0])
    if request.user.is_authenticated:
        return render(request, "home_none.html")
    return redirect("public:replies")


def reviewer_home(request: HttpRequest) -> HttpResponse:
    """Reviewers' voting pages come with the voting work; this page is their landing spot."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("voting:mine")
