"""届/次会议 and suggestion categories: reference data staff maintain."""

from __future__ import annotations

from django.contrib import admin

from oversight.admin._base import StaffAdmin
from oversight.models import Session, SuggestionCategory, Term


@admin.register(Term)
class TermAdmin(StaffAdmin):
    list_display = ("name", "number", "starts_on", "ends_on")
    search_fields = ("name",)


@admin.register(Session)
class SessionAdmin(StaffAdmin):
    list_display = ("name", "term", "number", "opens_on", "closes_on")
    list_filter = ("term",)
    search_fields = ("name", "term__name")
    list_select_related = ("term",)
    autocomplete_fields = ("term",)


@admin.register(SuggestionCategory)
class SuggestionCategoryAdmin(StaffAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
