"""The reply list's page of rows, built from plain values instead of serializer instances.

``ReplySerializer`` turns 50 replies — with their assignments read whole for two ids and their
attachments as model instances — into some 1,000 field lookups, most of the list's time after its
query (docs/benchmarks.md "The reply list's rows"). As ``suggestion_rows`` does for the suggestion
list, the list reads only the columns it shows (``values()``) and builds each row directly: the
JSON is exactly what ``ReplySerializer`` renders, the reviewer's note blanked by the same rule
(``case_visibility.may_read_internal``) — the schema still documents that serializer, and
tests/api/test_reply_rows.py compares the two for every role. The public list
(``PublicReplySerializer``) likewise.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from rest_framework.request import Request

from oversight.api.serializers.replies import ReplySerializer
from oversight.api.suggestion_rows import PageFormat
from oversight.case_visibility import may_read_internal
from oversight.models import Attachment, Reply
from oversight.models.suggestions import display_number
from oversight.views.common import url_for

# The serializer's own columns (what it computes — the assignment's ids, the label, the files —
# comes from the join and the page's attachments below).
COLUMNS = tuple(
    name for name in ReplySerializer.Meta.fields if name not in {"suggestion", "unit", "status_display", "attachments"}
)
_STATUS = dict(Reply.Status.choices)


def page_values(qs: QuerySet[Reply]) -> QuerySet[Any]:
    """The list's queryset as dicts of the columns shown, with the assignment's suggestion and unit
    (one join, where the serializer read the whole assignment)."""
    return qs.values(*COLUMNS, suggestion=F("assignment__suggestion_id"), unit=F("assignment__unit_id"))


def reply_rows(page: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    """Serialise one page of ``page_values`` rows: one more query, the page's attachments."""
    fmt = PageFormat(_STATUS)
    files = _attachments([row["id"] for row in page], request, fmt)
    viewer = request.user
    internal: dict[int, bool] = {}
    out = []
    for row in page:
        unit = row["unit"]
        if unit not in internal:
            internal[unit] = may_read_internal(viewer, unit)
        sent_on = row["sent_on"]
        out.append(
            {
                "id": row["id"],
                "assignment": row["assignment"],
                "suggestion": row["suggestion"],
                "unit": unit,
                "round": row["round"],
                "category": row["category"],
                "original_category": row["original_category"],
                "content": row["content"],
                "is_public": row["is_public"],
                "published": row["published"],
                "status": row["status"],
                "status_display": fmt.status.get(row["status"], row["status"]),
                "drafted_at": fmt.datetime(row["drafted_at"]),
                "signed_at": fmt.datetime(row["signed_at"]),
                "reviewed_at": fmt.datetime(row["reviewed_at"]),
                # The reviewer's 审核意见 is for the unit, never for deputies (oversight.case_visibility).
                "review_note": row["review_note"] if internal[unit] else "",
                "sent_on": sent_on.isoformat() if sent_on else None,
                "on_time": row["on_time"],
                "attachments": files.get(row["id"], []),
            }
        )
    return out


def _attachments(ids: list[int], request: Request, fmt: PageFormat) -> dict[int, list[dict[str, Any]]]:
    """The page's attachments by reply, as ``AttachmentSerializer`` renders them (the download URL
    absolute, as ``request.build_absolute_uri`` makes it), in upload order."""
    if not ids:
        return {}
    origin = request.build_absolute_uri("/")[:-1]
    found: dict[int, list[dict[str, Any]]] = {}
    rows = Attachment.objects.filter(reply_id__in=ids).order_by("id")
    for a in rows.values("id", "reply_id", "name", "size", "content_type", "uploaded_at"):
        found.setdefault(a["reply_id"], []).append(
            {
                "id": a["id"],
                "name": a["name"],
                "size": a["size"],
                "content_type": a["content_type"],
                "uploaded_at": fmt.datetime(a["uploaded_at"]),
                "download_url": origin + url_for("api:attachment-download", a["id"]),
            }
        )
    return found


def public_page_values(qs: QuerySet[Reply]) -> QuerySet[Any]:
    """The public list's queryset as dicts: the reply's published columns and the names it shows
    (the suggestion's number and title, its session's name, the unit's name) — never anything else
    of the suggestion or the assignment."""
    return qs.values(
        "id",
        "category",
        "content",
        "sent_on",
        suggestion_kind=F("assignment__suggestion__kind"),
        suggestion_no=F("assignment__suggestion__number"),
        suggestion_title=F("assignment__suggestion__title"),
        session_name=F("assignment__suggestion__session__name"),
        unit_name=F("assignment__unit__name"),
    )


def public_reply_rows(page: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    """Serialise one page of ``public_page_values`` rows as ``PublicReplySerializer`` renders them."""
    fmt = PageFormat(_STATUS)
    files = _attachments([row["id"] for row in page], request, fmt)
    out = []
    for row in page:
        sent_on = row["sent_on"]
        out.append(
            {
                "id": row["id"],
                "suggestion_number": display_number(row["suggestion_kind"], row["suggestion_no"]),
                "suggestion_title": row["suggestion_title"],
                "session_name": row["session_name"],
                "unit_name": row["unit_name"],
                "category": row["category"],
                "content": row["content"],
                "sent_on": sent_on.isoformat() if sent_on else None,
                "attachments": files.get(row["id"], []),
            }
        )
    return out
