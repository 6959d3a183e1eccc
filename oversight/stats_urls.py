"""/stats/ pages (staff): the dashboard, its tables as .xlsx, the annual report (.docx)."""

from __future__ import annotations

from django.urls import path

from oversight.views import exports, stats

app_name = "stats"
urlpatterns = [
    path("", stats.dashboard, name="dashboard"),
    path("export/<slug:name>.xlsx", exports.export_table, name="export"),
    path("report.docx", exports.annual_report, name="report"),
]
