"""Tenants' own clocks (core/clock.py TenantClocks), the ids and quota windows that read them,
and a journal cleared one tenant at a time (core/journal.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mock_server.core.clock import Clock, TenantClocks
from mock_server.core.journal import Exchange, Journal, JournalFilter
from mock_server.core.ratelimit import Quota, QuotaCounter
from mock_server.core.store import Store

AT = datetime(2030, 1, 1, tzinfo=UTC)


def test_a_tenant_follows_the_server_until_it_has_a_clock_of_its_own() -> None:
    clocks = TenantClocks(Clock())
    clocks.server.freeze(AT)
    assert clocks.of("v", "a").now() == AT
    own = clocks.own("v", "a")
    assert own.now() == AT  # it starts where the server's stands
    own.advance(timedelta(days=1))
    assert clocks.of("v", "a").now() == AT + timedelta(days=1)
    assert clocks.of("v", "b").now() == AT and clocks.server.now() == AT
    assert clocks.drop("v", "a") == 1
    assert clocks.of("v", "a").now() == AT and len(clocks) == 0


def test_ids_made_before_a_tenant_got_its_clock_read_that_clock_after() -> None:
    store = Store(Clock(), seed=None)
    state = store.tenant("v", "a", lambda state: None)
    store.clocks.own("v", "a").freeze(AT)
    assert int(state.ids.object_id()[:8], 16) == int(AT.timestamp())


def test_quota_windows_run_on_the_tenants_clock() -> None:
    clocks = TenantClocks(Clock())
    clocks.server.freeze(AT)
    counter = QuotaCounter(clocks)
    burst = Quota("burst", 10, 10_000)
    counter.hit("v", "a", burst)
    counter.hit("v", "b", burst)
    clocks.own("v", "a").advance(timedelta(seconds=11))
    assert counter.hit("v", "a", burst).used == 1  # a new window for a
    assert counter.hit("v", "b", burst).used == 2  # b's clock did not move


def exchange(tenant: str) -> Exchange:
    return Exchange(AT, "v", tenant, "op", "GET", "/p", b"", (), b"", None, False, 200, (), b"", None, False, 1.0)


def test_clearing_one_tenants_entries_keeps_paging_whole() -> None:
    journal = Journal(capacity=100, body_limit=100)
    mine, theirs = "tenant_" + "a" * 16, "tenant_" + "b" * 16
    for index in range(10):
        journal.record(exchange(mine if index % 2 else theirs))
    held = journal.stats()["bytes"]
    assert journal.clear(JournalFilter(tenant=mine)) == 5
    assert journal.stats()["bytes"] < held
    assert [entry.seq for entry in journal.query(JournalFilter())] == [1, 3, 5, 7, 9]
    # Ids now have gaps: pages are still found by id.
    first = journal.page(JournalFilter(), limit=2)
    assert [entry.seq for entry in first.entries] == [7, 9]
    second = journal.page(JournalFilter(), limit=2, before=first.next_before)
    assert [entry.seq for entry in second.entries] == [3, 5]
    third = journal.page(JournalFilter(), limit=2, before=second.next_before)
    assert [entry.seq for entry in third.entries] == [1] and third.next_before is None


@pytest.mark.parametrize("move", ["freeze", "unfreeze", "reset", "advance"])
def test_a_following_clock_cannot_be_moved(move: str) -> None:
    clocks = TenantClocks()
    following = clocks.following("zendesk", "t1")
    args = (timedelta(seconds=5),) if move == "advance" else ()
    with pytest.raises(TypeError, match="read-only"):
        getattr(following, move)(*args)
    assert not clocks.has_own("zendesk", "t1")
