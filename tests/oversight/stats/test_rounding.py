from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from oversight.stats.rounding import fmt_percent, largest_remainder, percent


def test_percent_rounds_half_up_to_two_decimals() -> None:
    assert percent(54, 93) == Decimal("58.06")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 800) == Decimal("0.13")  # 0.125 → 0.13, as reports round
    assert percent(0, 0) is None
    assert fmt_percent(None) == "—"
    assert fmt_percent(Decimal("95.70")) == "95.70%"


def test_largest_remainder_gives_the_missing_hundredth_to_the_largest_remainder() -> None:
    # Plain rounding would give 33.33 × 3 = 99.99.
    assert largest_remainder([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert largest_remainder([54, 30, 7, 2]) == [Decimal("58.06"), Decimal("32.26"), Decimal("7.53"), Decimal("2.15")]
    assert largest_remainder([0, 0]) is None


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=12))
def test_shares_published_together_sum_to_exactly_one_hundred(counts: list[int]) -> None:
    shares = largest_remainder(counts)
    if sum(counts) == 0:
        assert shares is None
        return
    assert shares is not None
    assert sum(shares) == Decimal("100.00")
    for count, share in zip(counts, shares, strict=True):
        exact = Decimal(count) * 100 / sum(counts)
        # Never more than one hundredth away from the exact share, and an empty class stays 0.
        assert abs(share - exact) < Decimal("0.01")
        if count == 0:
            assert share == 0
