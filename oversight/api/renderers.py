"""The API's JSON renderer: DRF's ``JSONRenderer`` output, byte for byte, written by orjson.

DRF encodes with the standard library (``json.dumps`` to a ``str``, two scans for U+2028/U+2029,
then UTF-8): about 0.4 ms for a page of 50 suggestions, more than building the page's rows
(docs/benchmarks.md). orjson writes the same compact UTF-8 JSON in a fraction of that. Where the
two could differ, DRF's own renderer answers instead, so the bytes never change:

- anything orjson does not encode natively the way ``json`` would (datetimes, dates, times,
  dataclasses, Decimal, lazy strings, querysets…) goes through DRF's ``JSONEncoder.default``, as
  it does under DRF;
- floats: the two spell a finite float alike except from 1e-9 to below 1e-4, which ``json``
  writes ``4.5e-05`` and orjson ``0.000045`` or ``4.5e-6``; any output holding ``e-`` or
  ``0.0000`` is rendered again by DRF (checked on 330,000 floats, random bit patterns and every
  power of ten; a string that happens to hold such text only costs the second rendering);
- what orjson refuses (keys that are not strings, integers past 64 bits, invalid UTF-8, too deep
  nesting) is rendered by DRF, which encodes it or raises as before;
- an indented rendering (``Accept: application/json; indent=4``) is DRF's.

One difference is left: NaN and infinities, which DRF refuses (``STRICT_JSON``: the request fails),
orjson writes as ``null``. This API sends no floats at all (rates are strings, docs/api.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework import renderers

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None or not (self.compact and self.strict and not self.ensure_ascii):
            return super().render(data, accepted_media_type, renderer_context)  # type: ignore[no-any-return]
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)  # type: ignore[no-any-return]
        try:
            body = orjson.dumps(data, default=self.encoder_class().default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)  # type: ignore[no-any-return]
        if b"e-" in body or b"0.0000" in body:  # perhaps a float json spells otherwise (see above)
            return super().render(data, accepted_media_type, renderer_context)  # type: ignore[no-any-return]
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            # DRF escapes U+2028 and U+2029 so that the JSON is also valid JavaScript.
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
