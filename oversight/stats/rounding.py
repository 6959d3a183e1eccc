"""Rounding as published reports do it: percentages to two decimals, and shares published together
(A/B/C/D, categories) that add up to exactly 100.00% by the largest-remainder (Hamilton) rule."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")
# 100.00% in hundredths of a percent: the whole that largest-remainder shares out.
WHOLE = 10000


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator as a percentage rounded half-up to 0.01; None when nothing to divide."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def largest_remainder(counts: Sequence[int]) -> list[Decimal] | None:
    """Shares of ``counts`` in percent (two decimals) that sum to exactly 100.00.

    Every share is first cut down to whole hundredths of a percent; the hundredths still missing
    go one each to the shares that lost the most by the cut. Ties go to the larger count, then
    to the earlier position, so the result never depends on anything but the counts and their order.
    None when the counts are all zero (there is nothing to share).
    """
    total = sum(counts)
    if total <= 0:
        return None
    floors: list[int] = []
    remainders: list[int] = []
    for count in counts:
        quotient, remainder = divmod(count * WHOLE, total)
        floors.append(quotient)
        remainders.append(remainder)
    missing = WHOLE - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return [(Decimal(f) / 100).quantize(HUNDREDTH) for f in floors]


def fmt_percent(value: Decimal | None) -> str:
    """58.07 → "58.07%"; no value → "—" (nothing to divide yet)."""
    return "—" if value is None else f"{value}%"
