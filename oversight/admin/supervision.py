"""督办 records. Staff record them through the pages or API (``supervision_record``); the admin
lists them for search and filtering."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from oversight.admin._base import WorkflowAdmin
from oversight.models import SupervisionAction


@admin.register(SupervisionAction)
class SupervisionActionAdmin(WorkflowAdmin):
    list_display = ("suggestion_number", "suggestion_title", "kind", "led_by", "leader_name", "happened_on")
    list_filter = ("kind", "led_by", "suggestion__is_key", "suggestion__session")
    search_fields = ("note", "leader_name", "suggestion__title", "=suggestion__number")
    list_select_related = ("suggestion",)
    raw_id_fields = ("suggestion", "assignment", "recorded_by")
    date_hierarchy = "happened_on"

    @admin.display(description=gettext_lazy("编号"), ordering="suggestion__number")
    def suggestion_number(self, obj: SupervisionAction) -> str:
        return obj.suggestion.display_number

    @admin.display(description=gettext_lazy("建议标题"))
    def suggestion_title(self, obj: SupervisionAction) -> str:
        return obj.suggestion.title
