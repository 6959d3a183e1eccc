"""满意度测评 in the admin: rounds, their items with the results, and what year-end votes decided.

Read-only, and deliberately without participation or tally rows: nothing here can be joined to
tell who chose what. Results (per item totals) appear only once the round is closed. The only
action is the public-results flag, through its service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from oversight.admin._base import ReadOnlyInlineMixin, WorkflowAdmin, acting_user, run_for_each
from oversight.models import VoteDecision, VotingItem, VotingRound
from oversight.services.voting_publication import round_set_results_public

RESULT_FIELDS = (
    "participants",
    "figures_withheld",
    "satisfied",
    "basic",
    "unsatisfied",
    "quorum_met",
    "passed",
    "accountability_flagged",
)


class VotingItemInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = VotingItem
    fields = ("position", "kind", "title", "year", *RESULT_FIELDS)
    readonly_fields = fields
    show_change_link = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Before the count there is nothing to show but the list (and no running totals, ever).
        if obj is None or not obj.has_results:
            return ("position", "kind", "title", "year")
        return self.fields


@admin.register(VotingRound)
class VotingRoundAdmin(WorkflowAdmin):
    list_display = ["title", "meeting_name", "meeting_date", "status", "results_public", "eligible_count"]
    list_filter = ["status", "results_public"]
    search_fields = ["title", "meeting_name"]
    readonly_fields = [
        "title",
        "meeting_name",
        "meeting_date",
        "opens_at",
        "closes_at",
        "status",
        "quorum_rule",
        "pass_rule",
        "eligible_count",
        "results_public",
        "created_at",
        "opened_at",
        "closed_at",
        "published_at",
    ]
    # The eligible list is not shown next to results; who took part is never shown at all.
    exclude = ["reviewers", "created_by"]
    inlines = [VotingItemInline]
    actions = ["make_results_public", "make_results_private"]

    @admin.action(description=_("测评结果向社会公开"), permissions=["workflow"])
    def make_results_public(self, request: HttpRequest, queryset: QuerySet[VotingRound]) -> None:
        self._set_results_public(request, queryset, public=True, done=str(_("结果向社会公开")))

    @admin.action(description=_("取消测评结果公开"), permissions=["workflow"])
    def make_results_private(self, request: HttpRequest, queryset: QuerySet[VotingRound]) -> None:
        self._set_results_public(request, queryset, public=False, done=str(_("取消结果公开")))

    def _set_results_public(
        self, request: HttpRequest, queryset: QuerySet[VotingRound], *, public: bool, done: str
    ) -> None:
        actor = acting_user(request)
        run_for_each(
            self,
            request,
            queryset,
            lambda r: round_set_results_public(voting_round=r, actor=actor, public=public),
            done=done,
        )


@admin.register(VoteDecision)
class VoteDecisionAdmin(WorkflowAdmin):
    list_display = ["decision", "unit", "year", "item", "recorded_at"]
    list_filter = ["decision", "year"]
    readonly_fields = ["item", "unit", "year", "decision", "recorded_at"]
    list_select_related = ["unit", "item"]
