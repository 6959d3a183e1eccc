"""OpenAPI post-processing: document the one error shape on every operation.

drf-spectacular describes only success responses; clients (and schemathesis) should see that every
operation may also answer 400/401/403/404/409/413/429 in the ``Error`` shape of errors.py.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "所有失败响应的统一格式",
    "properties": {
        "status": {"type": "integer", "description": "HTTP 状态码"},
        "code": {
            "type": "string",
            "description": (
                "稳定的机器可读错误码，如 invalid、parse_error（请求内容无法解析）、not_authenticated、"
                "permission_denied、not_found、illegal_transition、reply_superseded、case_closed、feedback_window_closed、"
                "concurrent_change、too_large、unsupported_media_type、throttled；见 docs/api.md"
            ),
        },
        "message": {"type": "string", "description": "中文说明"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "字段错误（400 时）：字段名 → 中文说明",
        },
        "errors": {
            "type": "array",
            "items": {"type": "object"},
            "description": "批量导入被拒绝时的逐行错误",
        },
    },
    "required": ["status", "code", "message", "fields"],
}
ERRORS = {
    "400": "输入有误（invalid 等，fields 逐项说明），或请求内容无法解析（parse_error）",
    "401": "未登录",
    "403": "无权执行",
    "404": "不存在或无权查看",
    "405": "不支持的请求方法",
    "409": "状态不允许或并发修改",
    "413": "上传文件过大",
    "415": "不支持的请求格式",
    "429": "请求过于频繁（throttled），或登录失败次数过多已被锁定（locked_out）",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
    return result
