"""Attachment downloads: the only way a stored file leaves the server.

Each file is served to whoever may see what it is attached to (oversight.api.visibility) and to
nobody else — 404, as if it did not exist. It always comes as a download (``Content-Disposition:
attachment`` with the original name, RFC 5987 ``filename*`` for Chinese names), never rendered
inline, with ``nosniff`` and a sandboxing CSP, so an uploaded page cannot run in our origin.

In production the bytes are handed to the reverse proxy: with ``ATTACHMENT_ACCEL_REDIRECT`` set
(e.g. ``/protected-media/``), the answer is an empty response with ``X-Accel-Redirect`` pointing
at the file under that prefix, which nginx serves from an ``internal`` location (docs/attachments.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from oversight.api.visibility import attachments_visible_to, report_attachments_visible_to
from oversight.attachments import ALLOWED

DOWNLOAD_SCHEMA = extend_schema(
    summary="下载附件",
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="文件本身，作为下载（Content-Disposition: attachment）"
        ),
        404: OpenApiResponse(description="附件不存在或无权查看"),
    },
)


def served_type(name: str) -> str:
    """The Content-Type follows our allow-list by extension, never what the uploader declared."""
    kind = ALLOWED.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    return kind.content_type if kind else "application/octet-stream"


def attachment_response(stored_name: str, display_name: str) -> HttpResponseBase:
    content_type = served_type(stored_name)
    response: HttpResponseBase
    prefix = settings.ATTACHMENT_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored_name)
    else:
        from django.core.files.storage import default_storage

        try:
            handle = default_storage.open(stored_name, "rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=display_name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


class _Download(APIView):
    # Anyone may ask; what they may not see answers 404 (a published reply's files are public).
    permission_classes = [AllowAny]

    # The one visibility rule for the files this view serves (oversight.case_visibility).
    visible: Callable[[Any], QuerySet[Any]]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A file is not rendered by DRF: whatever the client accepts, it gets the file.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request: Request, pk: int) -> HttpResponseBase:
        row = type(self).visible(request.user).filter(pk=pk).first()
        if row is None:
            raise Http404
        return attachment_response(row.file.name, row.name)


@DOWNLOAD_SCHEMA
class AttachmentDownloadView(_Download):
    """A reply's attachment, to whoever may see the reply."""

    visible = staticmethod(attachments_visible_to)


@DOWNLOAD_SCHEMA
class ReportAttachmentDownloadView(_Download):
    """A follow-up report's attachment, to whoever may see the report."""

    visible = staticmethod(report_attachments_visible_to)
