"""Tenant state: seeded once, isolated, thread-safe, reset back to fixtures."""

from __future__ import annotations

import threading

from mock_server.core.clock import Clock
from mock_server.core.store import Collection, Store, TenantState


def seed_two(state: TenantState) -> None:
    state.collection("things").put("a", {"id": "a"})
    state.collection("things").put("b", {"id": "b"})


def test_a_tenant_is_seeded_once_on_first_use() -> None:
    calls: list[str] = []
    store = Store(Clock(), seed=None)

    def seeder(state: TenantState) -> None:
        calls.append(state.tenant)
        seed_two(state)

    first = store.tenant("v", "t1", seeder)
    again = store.tenant("v", "t1", seeder)
    assert first is again
    assert calls == ["t1"]
    assert len(first.collection("things")) == 2


def test_tenants_do_not_share_state() -> None:
    store = Store(Clock(), seed=None)
    one = store.tenant("v", "one", seed_two)
    two = store.tenant("v", "two", seed_two)
    one.collection("things").put("c", {"id": "c"})
    assert "c" in one.collection("things")
    assert "c" not in two.collection("things")


def test_reset_restores_fixtures_not_emptiness() -> None:
    store = Store(Clock(), seed=None)
    state = store.tenant("v", "t", seed_two)
    state.collection("things").delete("a")
    state.collection("things").put("z", {"id": "z"})
    assert store.reset("v", "t") == 1
    fresh = store.tenant("v", "t", seed_two)
    assert sorted(record["id"] for record in fresh.collection("things")) == ["a", "b"]


def test_reset_by_vendor_leaves_other_vendors() -> None:
    store = Store(Clock(), seed=None)
    store.tenant("v1", "t", seed_two)
    kept = store.tenant("v2", "t", seed_two)
    assert store.reset("v1") == 1
    assert store.tenants("v2") == [kept]
    assert store.tenants("v1") == []


def test_concurrent_first_use_seeds_exactly_once() -> None:
    store = Store(Clock(), seed=None)
    seeded: list[int] = []
    barrier = threading.Barrier(16)

    def seeder(state: TenantState) -> None:
        seeded.append(1)

    def use() -> None:
        barrier.wait()
        store.tenant("v", "same", seeder)

    threads = [threading.Thread(target=use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seeded) == 1


def test_collection_version_moves_on_every_write() -> None:
    things = Collection()
    start = things.version
    things.put("a", {"id": "a"})
    things.touch()
    things.delete("a")
    assert things.version == start + 3


def test_memo_rebuilds_only_when_its_version_changes() -> None:
    state = TenantState("v", "t", ids=None)  # type: ignore[arg-type]
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert state.memo("k", 1, build) == 1
    assert state.memo("k", 1, build) == 1
    assert state.memo("k", 2, build) == 2
    assert len(builds) == 2


def test_find_and_where_match_on_every_given_field() -> None:
    things = Collection()
    things.put("1", {"id": "1", "kind": "a", "loc": "x"})
    things.put("2", {"id": "2", "kind": "a", "loc": "y"})
    assert things.find(kind="a", loc="y") == {"id": "2", "kind": "a", "loc": "y"}
    assert things.find(kind="b") is None
    assert [r["id"] for r in things.where(kind="a")] == ["1", "2"]
