"""Vendor id formats, deterministic under a seed; a clock tests can freeze."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from mock_server.core.clock import Clock, iso_millis
from mock_server.core.ids import IdFactory


def test_formats() -> None:
    ids = IdFactory(Clock(), seed=None, scope="x")
    assert re.fullmatch(r"[0-9a-f]{24}", ids.object_id())
    assert re.fullmatch(r"[0-9a-f]{17}", ids.hex(17))
    assert re.fullmatch(r"[A-Za-z0-9]{20}", ids.alnum(20))
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ids.uuid4())
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", ids.ulid())


def test_object_id_starts_with_the_clock_seconds() -> None:
    clock = Clock()
    clock.freeze(datetime(2025, 1, 2, 9, 35, 39, tzinfo=UTC))
    object_id = IdFactory(clock, seed=None, scope="x").object_id()
    assert int(object_id[:8], 16) == int(datetime(2025, 1, 2, 9, 35, 39, tzinfo=UTC).timestamp())


def test_same_seed_and_scope_give_the_same_ids() -> None:
    def sequence(seed: int, scope: str) -> list[str]:
        ids = IdFactory(Clock(), seed=seed, scope=scope)
        return [ids.object_id(), ids.uuid4(), ids.alnum(20), ids.ulid()]

    assert sequence(7, "hl:t") == sequence(7, "hl:t")
    assert sequence(7, "hl:t") != sequence(8, "hl:t")
    assert sequence(7, "hl:t") != sequence(7, "hl:other")


def test_unseeded_ids_differ() -> None:
    ids = IdFactory(Clock(), seed=None, scope="x")
    assert len({ids.object_id() for _ in range(1000)}) == 1000


def test_clock_freezes_advances_and_resumes() -> None:
    clock = Clock()
    moment = datetime(2024, 7, 29, 15, 51, 28, 71000, tzinfo=UTC)
    clock.freeze(moment)
    assert clock.now() == moment
    clock.advance(timedelta(seconds=10))
    assert clock.now() == moment + timedelta(seconds=10)
    assert clock.epoch_ms() == int((moment + timedelta(seconds=10)).timestamp() * 1000)
    clock.unfreeze()
    assert not clock.frozen
    assert abs((clock.now() - (moment + timedelta(seconds=10))).total_seconds()) < 5


def test_iso_millis_is_utc_with_milliseconds_and_z() -> None:
    assert iso_millis(datetime(2024, 7, 29, 15, 51, 28, 71999, tzinfo=UTC)) == "2024-07-29T15:51:28.071Z"
