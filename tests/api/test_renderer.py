"""The API's JSON renderer writes exactly DRF's bytes (oversight/api/renderers.py)."""

from __future__ import annotations

import dataclasses
import struct
import uuid
from collections import OrderedDict, namedtuple
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from oversight.api.renderers import JSONRenderer

# No clock is read here: the datetimes below are literals.


@dataclasses.dataclass
class Point:
    x: int
    label: str


Pair = namedtuple("Pair", "a b")

SHANGHAI = ZoneInfo("Asia/Shanghai")
CASES: list[Any] = [
    {"count": 3, "next": None, "previous": "http://testserver/api/v1/suggestions/?page=2", "results": []},
    {"title": "老旧小区改造", "quote": 'a "b" \\ c', "controls": "".join(chr(i) for i in range(32)) + "\x7f"},
    {"separators": "\u2028 and \u2029 and 😀 and \ud7ff\ue000"},
    {"at": datetime(2026, 6, 15, 10, 0, 0, 123456, tzinfo=SHANGHAI), "utc": datetime(2026, 6, 15, tzinfo=UTC)},
    {"naive": datetime(2026, 6, 15, 10, 0), "day": date(2026, 6, 15), "t": time(9, 30, 1, 500)},
    {"delta": timedelta(days=2, seconds=5), "id": uuid.UUID(int=12345), "price": Decimal("12.50")},
    {"lazy": gettext_lazy("已逾期"), "bytes": b"abc", "set": {1}, "tuple": (1, "a"), "pair": Pair(1, 2)},
    {"ordered": OrderedDict([("b", 1), ("a", 2)])},
    ReturnDict({"b": [1, 2], "a": {"c": None}}, serializer=None),  # type: ignore[call-overload]
    ReturnList([{"x": True}, {"y": False}], serializer=None),  # type: ignore[call-overload]
    {1: "int key", None: "none key"},
    {"big": 2**70, "negative": -(2**63), "edge": 2**64 - 1},
    {"floats": [0.1, 100.0, 1e16, 1.5e-05, 5e-06, 4.5e-5, 1e-9, 1e-10, 1e300, -0.0, 1 / 3, 123456789.125]},
    [[[[["deep"]]]]],
    "just a string",
    17,
    [],
]


def _drf(data: Any, media_type: str | None = None) -> bytes:
    return renderers.JSONRenderer().render(data, media_type, {})  # type: ignore[no-any-return]


@pytest.mark.parametrize("data", CASES)
def test_the_bytes_are_drfs(data: Any) -> None:
    assert JSONRenderer().render(data, "application/json", {}) == _drf(data, "application/json")


def test_floats_are_spelt_as_drf_spells_them() -> None:
    # Powers of ten, their neighbours and arbitrary bit patterns over the whole double range.
    floats = [float(f"{m}e{k}") for k in range(-320, 300, 7) for m in (1, 1.5, 9.999, 3.14159265358979)]
    floats += [struct.unpack("d", struct.pack("Q", (i * 0x9E3779B97F4A7C15) % 2**64))[0] for i in range(3000)]
    floats = [f for f in floats if f == f and abs(f) != float("inf")]
    assert JSONRenderer().render(floats) == _drf(floats)


def test_indent_and_refusals_are_drfs() -> None:
    data = {"a": [1, 2]}
    assert JSONRenderer().render(data, "application/json; indent=4", {}) == _drf(data, "application/json; indent=4")
    assert JSONRenderer().render(None) == b""
    for unencodable in ({"point": Point(1, "x")}, {"when": time(9, 30, tzinfo=UTC)}):
        with pytest.raises((TypeError, ValueError)):  # as under DRF
            _drf(unencodable)
        with pytest.raises((TypeError, ValueError)):
            JSONRenderer().render(unencodable)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate fails as under DRF
        JSONRenderer().render({"x": "\ud800"})
