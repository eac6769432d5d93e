"""Quota windows counted on the mock clock, per tenant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mock_server.core.clock import Clock
from mock_server.core.ratelimit import Quota, QuotaCounter

BURST = Quota("burst", limit=3, window_ms=10_000)


def frozen() -> Clock:
    clock = Clock()
    clock.freeze(datetime(2025, 1, 1, tzinfo=UTC))
    return clock


def test_remaining_counts_down_and_stops_at_zero() -> None:
    counter = QuotaCounter(frozen())
    remaining = [counter.hit("hl", "t", BURST).remaining for _ in range(5)]
    assert remaining == [2, 1, 0, 0, 0]
    assert counter.hit("hl", "t", BURST).exceeded


def test_window_starts_over_after_its_length() -> None:
    clock = frozen()
    counter = QuotaCounter(clock)
    first = counter.hit("hl", "t", BURST)
    counter.hit("hl", "t", BURST)
    assert first.resets_at_ms == clock.epoch_ms() + 10_000
    clock.advance(timedelta(milliseconds=4_000))
    assert counter.hit("hl", "t", BURST).resets_in_ms == 6_000
    clock.advance(timedelta(milliseconds=-4_000))
    clock.advance(timedelta(milliseconds=10_000))
    assert counter.hit("hl", "t", BURST).remaining == 2


def test_tenants_and_vendors_count_apart() -> None:
    counter = QuotaCounter(frozen())
    counter.hit("hl", "a", BURST)
    assert counter.hit("hl", "b", BURST).remaining == 2
    assert counter.hit("zd", "a", BURST).remaining == 2


def test_reset_forgets_counts() -> None:
    counter = QuotaCounter(frozen())
    counter.hit("hl", "a", BURST)
    counter.reset("hl", "a")
    assert counter.hit("hl", "a", BURST).remaining == 2
