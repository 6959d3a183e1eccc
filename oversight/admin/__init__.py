"""The staff admin, split by domain. Importing the modules registers their ModelAdmins."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from oversight.admin import deliberation, handling, people, replies, sessions, suggestions, supervision, voting

admin.site.site_header = _("人大监督事项跟踪系统")
admin.site.site_title = _("人大监督事项跟踪系统")
admin.site.index_title = _("管理首页")

__all__ = ["deliberation", "handling", "people", "replies", "sessions", "suggestions", "supervision", "voting"]
