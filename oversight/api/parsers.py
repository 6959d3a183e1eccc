"""Request parsers: any body that cannot be read is the client's error (400 ``parse_error``).

DRF's JSON parser turns only ``ValueError`` into a ParseError; a deeply nested document
(``[`` × 10 000) makes the decoder raise ``RecursionError`` and the request answered 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON nested too deeply") from exc
