"""Bulk intake from a spreadsheet: all rows or none, with each problem reported by row and column."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oversight.errors import DomainError
from oversight.forms.staff import ImportForm
from oversight.services import suggestions as suggestion_services
from oversight.views.common import apply_domain_error, files, posted, staff_required


@staff_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), files(request))
    context = {"form": form, "title": _("批量导入代表建议"), "submit_label": _("导入")}
    if request.method == "POST" and form.is_valid():
        try:
            report = suggestion_services.suggestion_import(
                actor=request.user,  # type: ignore[arg-type]
                session=form.cleaned_data["session"],
                rows=form.cleaned_data["sheet"],
            )
        except DomainError as error:
            status = apply_domain_error(request, error, form)
            return render(request, "staff/import.html", context, status=status)
        if report.ok:
            messages.success(request, _("已导入 %(n)s 件建议，等待立案审查。") % {"n": len(report.created)})
            return redirect("staff:submitted")
        context["problems"] = report.messages
    return render(request, "staff/import.html", context)


@staff_required
def import_template_download(request: HttpRequest) -> HttpResponse:
    """The blank sheet with the importer's headers and an example row."""
    import io
    from urllib.parse import quote

    from oversight.stats.exports import import_template
    from oversight.stats.xlsx import XLSX

    buffer = io.BytesIO()
    import_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('代表建议导入模板.xlsx')}"
    return response
