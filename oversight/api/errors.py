"""One error shape for every failure the API answers with.

``{"status": 409, "code": "illegal_transition", "message": "中文说明", "fields": {"field": "中文"}}``

Clients branch on ``code`` (stable, English) and show ``message`` (Chinese, through gettext).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from oversight.errors import DomainError


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "上传的文件过大。"
    default_code = "too_large"


# Messages for statuses DRF words too vaguely for the people using this product; other statuses
# keep DRF's own message (translated) or the one the permission class gives.
_MESSAGES = {
    401: "请先登录。",
    403: "您没有执行此操作的权限。",
    404: "未找到该对象，或您无权查看。",
    405: "该地址不支持此请求方法。",
    406: "无法按请求的格式返回内容。",
    413: "上传的文件过大。",
    415: "不支持的请求内容类型，请发送 JSON 或表单数据。",
}
_OWN_MESSAGE = {401, 404, 405, 406, 415}
_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def _first_message(detail: Any) -> str:
    """The first human-readable message inside DRF's nested error structure."""
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
        return ""
    if isinstance(detail, list):
        for value in detail:
            message = _first_message(value)
            if message:
                return message
        return ""
    return str(detail)


def _field_errors(detail: Any) -> dict[str, str]:
    """{field: message}; nested serializers are flattened to dotted names (``co_signers.0``)."""
    fields: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
            for index, sub in enumerate(value):
                if sub:
                    walk(f"{prefix}.{index}" if prefix else str(index), sub)
        else:
            message = _first_message(value)
            if message:
                fields[prefix or "non_field_errors"] = message

    walk("", detail)
    return fields


def error_body(*, status_code: int, code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"status": status_code, "code": code, "message": message, "fields": fields or {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: map every known failure to the one shape; others stay 500s."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        status_code, code, message, fields = exc.status, exc.code, exc.message, dict(exc.fields)
    elif isinstance(exc, Http404):
        status_code, code, message, fields = 404, "not_found", _(_MESSAGES[404]), {}
    elif isinstance(exc, DjangoPermissionDenied):
        status_code, code, message, fields = 403, "permission_denied", _(_MESSAGES[403]), {}
    elif isinstance(exc, RequestDataTooBig):
        status_code, code, message, fields = 413, "too_large", _(_MESSAGES[413]), {}
    elif isinstance(exc, DjangoValidationError):
        # A model's own validation (full_clean) refused the data: still the caller's input.
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        fields = _field_errors(messages)
        message = fields.pop("non_field_errors", "") or _("提交的数据有误，请检查后重试。")
        status_code, code = 400, "invalid"
    elif isinstance(exc, IntegrityError):
        # A unique constraint caught a race the service's locks did not (two requests creating
        # the same row at once): the second caller lost, as with any concurrent change.
        status_code, code, fields = 409, "concurrent_change", {}
        message = _("该记录已被他人同时修改或创建，请刷新后重试。")
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        detail = exc.detail
        if isinstance(exc, exceptions.ValidationError):
            fields = _field_errors(detail)
            code = "invalid"
            message = fields.pop("non_field_errors", "") if set(fields) == {"non_field_errors"} else ""
            message = message or _("提交的数据有误，请检查后重试。")
        elif isinstance(exc, exceptions.ParseError):
            # DRF's text is English and quotes the decoder's internals; the client needs to know
            # only that the body could not be read.
            code, fields = "parse_error", {}
            message = _("请求内容无法解析，请发送格式正确的 JSON 或表单数据。")
        elif isinstance(exc, exceptions.Throttled):
            code = "throttled"
            wait = getattr(exc, "wait", None)
            message = _("请求过于频繁，请 %(seconds)d 秒后再试。") % {"seconds": int(wait or 1)}
            fields = {}
        else:
            fields = {}
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else _CODES.get(status_code, "error")
            message = _(_MESSAGES[status_code]) if status_code in _OWN_MESSAGE else _first_message(detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    else:
        return None
    set_rollback()
    body = error_body(status_code=status_code, code=code, message=message, fields=fields)
    return Response(body, status=status_code, headers=headers)
