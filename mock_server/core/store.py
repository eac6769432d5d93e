"""Tenant-partitioned, thread-safe state held in memory.

Each (vendor, tenant) pair owns a `TenantState`: named collections of records,
an id factory and one re-entrant lock that the pipeline holds for the whole of
a request, so every write is atomic per tenant and no update is lost.  A tenant
is seeded from fixtures the first time it is used; resetting simply forgets it,
and the next request seeds it again.  Each vendor holds at most `max_tenants`
live tenants (a reset one no longer counts), so new credentials cannot grow
memory without bound.

A tenant is named by a label, `tenant_<16 hex>`, a digest of its credential.
Labels identify (journal, snapshots, console, control-plane filters); they never
authenticate: a credential that happens to look like a label is digested like
any other and names a tenant of its own.

A tenant may also be *declared* (POST /__mock__/tenants/{vendor}: a credential the
control plane made for one test): it passes --strict-auth, its ids follow one
sequence whatever its label (so a seeded server gives every fresh tenant the same
ids), and deleting it forgets the declaration with the state.  Declarations count
against --max-tenants like live tenants.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar, cast

from .clock import Clock, TenantClocks
from .ids import IdFactory

__all__ = ["Collection", "Store", "TenantLimitReached", "TenantState", "label_or_credential", "tenant_label"]

Record = dict[str, Any]
SNAPSHOT_VERSION = 1
T = TypeVar("T")


DEFAULT_MAX_TENANTS = 1000
_LABEL = re.compile(r"tenant_[0-9a-f]{16}")


@functools.lru_cache(maxsize=4096)
def tenant_label(credential: str) -> str:
    """How a tenant is named: a digest of its credential, so that no credential is
    ever stored, logged or written to a snapshot.  Always a digest, even of a text
    shaped like a label: a label read off the console must never act as its tenant."""
    return "tenant_" + hashlib.sha256(credential.encode()).hexdigest()[:16]


def label_or_credential(text: str) -> str:
    """The label a control-plane filter names: a label as given, else the label of a
    credential (the control plane, not a vendor route, may name tenants either way)."""
    return text if _LABEL.fullmatch(text) else tenant_label(text)


class TenantLimitReached(Exception):
    """A new credential, while the vendor already holds `limit` live tenants."""

    def __init__(self, vendor: str, limit: int) -> None:
        super().__init__(f"{vendor} already holds its limit of {limit} tenants")
        self.vendor = vendor
        self.limit = limit


class Collection:
    """Records by id, in insertion order.

    `version` moves on every write, so derived data (say, a validator built from
    field definitions) can be cached until the collection changes.  Code that
    edits a record in place calls `touch()`.
    """

    __slots__ = ("_items", "version")

    def __init__(self) -> None:
        self._items: dict[str, Record] = {}
        self.version = 0

    def touch(self) -> None:
        self.version += 1

    def get(self, record_id: str) -> Record | None:
        return self._items.get(record_id)

    def put(self, record_id: str, record: Record) -> Record:
        self._items[record_id] = record
        self.version += 1
        return record

    def delete(self, record_id: str) -> Record | None:
        self.version += 1
        return self._items.pop(record_id, None)

    def values(self) -> list[Record]:
        return list(self._items.values())

    def find(self, **equal: Any) -> Record | None:
        """The first record whose fields equal all of `equal`."""
        for record in self._items.values():
            if all(record.get(key) == value for key, value in equal.items()):
                return record
        return None

    def where(self, **equal: Any) -> list[Record]:
        return [
            record for record in self._items.values() if all(record.get(key) == value for key, value in equal.items())
        ]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self._items.values()))


class TenantState:
    """Everything one credential of one vendor can see."""

    def __init__(self, vendor: str, tenant: str, ids: IdFactory) -> None:
        self.vendor = vendor
        self.tenant = tenant
        self.ids = ids
        self.lock = threading.RLock()
        self._collections: dict[str, Collection] = {}
        self._memo: dict[Hashable, tuple[Hashable, Any]] = {}

    def collection(self, name: str) -> Collection:
        found = self._collections.get(name)
        if found is None:
            found = self._collections[name] = Collection()
        return found

    def memo(self, key: Hashable, version: Hashable, build: Callable[[], T]) -> T:
        """`build()`'s result, cached under `key` until `version` changes."""
        cached = self._memo.get(key)
        if cached is not None and cached[0] == version:
            return cast(T, cached[1])
        value = build()
        self._memo[key] = (version, value)
        return value

    def version(self) -> int:
        """Moves whenever any collection of the tenant changes (versions only grow)."""
        return sum(collection.version for collection in self._collections.values())

    def counts(self) -> dict[str, int]:
        """How many records each collection holds."""
        with self.lock:
            return {name: len(collection) for name, collection in self._collections.items()}

    def record_count(self) -> int:
        return sum(len(collection) for collection in self._collections.values())

    def snapshot(self) -> dict[str, list[Record]]:
        """Every collection as a list of records (deep copies), taken under the tenant's lock."""
        with self.lock:
            return {name: copy.deepcopy(collection.values()) for name, collection in self._collections.items()}

    def restore(self, collections: dict[str, list[Record]]) -> None:
        """The collections as given; their records are taken over, not copied (the caller
        hands in a document it just parsed: copying it doubled a restore's memory)."""
        with self.lock:
            self._collections.clear()
            self._memo.clear()
            for name, records in collections.items():
                target = self.collection(name)
                for record in records:
                    target.put(str(record["id"]), record)


Seeder = Callable[[TenantState], None]


class Store:
    """All tenants of all vendors."""

    def __init__(self, clock: Clock | TenantClocks, seed: int | None, max_tenants: int = DEFAULT_MAX_TENANTS) -> None:
        self.clocks = clock if isinstance(clock, TenantClocks) else TenantClocks(clock)
        self.clock = self.clocks.server
        self.seed = seed
        self.max_tenants = max_tenants  # live tenants per vendor
        self._tenants: dict[tuple[str, str], TenantState] = {}
        self._declared: dict[str, set[str]] = {}  # vendor -> declared labels
        self._lock = threading.Lock()

    def _ids(self, vendor: str, tenant: str) -> IdFactory:
        """A tenant's ids: on the tenant's clock, in a sequence of its own (one shared by
        every declared tenant: each is a fresh start, and a seeded one repeats)."""
        scope = f"{vendor}:declared" if self.declared(vendor, tenant) else f"{vendor}:{tenant}"
        return IdFactory(self.clocks.following(vendor, tenant), self.seed, scope)

    def tenant(self, vendor: str, tenant: str, seeder: Seeder) -> TenantState:
        """The tenant's state, seeded from fixtures on first use; TenantLimitReached when
        it is new and the vendor already holds max_tenants."""
        key = (vendor, tenant)
        state = self._tenants.get(key)
        if state is not None:
            return state
        with self._lock:
            state = self._tenants.get(key)
            if state is None:
                if not self.declared(vendor, tenant) and self._count(vendor) >= self.max_tenants:
                    raise TenantLimitReached(vendor, self.max_tenants)
                state = TenantState(vendor, tenant, self._ids(vendor, tenant))
                with state.lock:
                    seeder(state)
                self._tenants[key] = state
            return state

    def _count(self, vendor: str) -> int:
        """Live or declared tenants of `vendor` (the caller holds the lock; only new tenants ask)."""
        live = {label for name, label in self._tenants if name == vendor}
        return len(live | self._declared.get(vendor, set()))

    def declare(self, vendor: str, tenant: str) -> None:
        """Make `tenant` (a label) known before its first request: it passes strict auth
        and counts against max_tenants; TenantLimitReached when the vendor is full."""
        with self._lock:
            if not self.knows(vendor, tenant) and self._count(vendor) >= self.max_tenants:
                raise TenantLimitReached(vendor, self.max_tenants)
            self._declared.setdefault(vendor, set()).add(tenant)

    def declared(self, vendor: str, tenant: str) -> bool:
        return tenant in self._declared.get(vendor, ())

    def has_declared(self, vendor: str) -> bool:
        """Whether any tenant of `vendor` is declared (asked on every refused strict auth)."""
        return bool(self._declared.get(vendor))

    def knows(self, vendor: str, tenant: str) -> bool:
        """A live or declared tenant."""
        return (vendor, tenant) in self._tenants or self.declared(vendor, tenant)

    def delete(self, vendor: str, tenant: str) -> bool:
        """Forget the tenant and its declaration; False when there was neither."""
        with self._lock:
            declared = self.declared(vendor, tenant)
            self._declared.get(vendor, set()).discard(tenant)
            return self._tenants.pop((vendor, tenant), None) is not None or declared

    def reset(self, vendor: str | None = None, tenant: str | None = None) -> int:
        """Forget matching tenants (they are seeded again on next use); how many were dropped."""
        with self._lock:
            doomed = [
                key
                for key in self._tenants
                if (vendor is None or key[0] == vendor) and (tenant is None or key[1] == tenant)
            ]
            for key in doomed:
                del self._tenants[key]
            return len(doomed)

    def snapshot(self, vendor: str | None = None, tenant: str | None = None) -> dict[str, Any]:
        """{"version": 1, "vendors": {vendor: {tenant label: {collection: [records]}}}}"""
        vendors: dict[str, dict[str, Any]] = {}
        for state in self.tenants(vendor):
            if tenant is None or state.tenant == tenant:
                vendors.setdefault(state.vendor, {})[state.tenant] = state.snapshot()
        return {"version": SNAPSHOT_VERSION, "vendors": vendors}

    def restore(self, snapshot: dict[str, Any]) -> int:
        """The snapshot's tenants, as they were in it (other tenants are untouched); how many."""
        if snapshot.get("version") != SNAPSHOT_VERSION or not isinstance(snapshot.get("vendors"), dict):
            raise ValueError(f"not a crm-mock state snapshot (version {SNAPSHOT_VERSION} expected)")
        vendors: dict[str, Any] = snapshot["vendors"]
        for vendor, tenants in vendors.items():
            self._check_tenant_limit(vendor, len(tenants))  # before building: each tenant costs memory
        # Build every tenant first: a snapshot that fails half-way changes nothing.
        built: dict[tuple[str, str], TenantState] = {}
        for vendor, tenants in vendors.items():
            for tenant, collections in tenants.items():
                state = TenantState(vendor, tenant, self._ids(vendor, tenant))
                state.restore(collections)
                built[(vendor, tenant)] = state
        with self._lock:
            for vendor in vendors:
                kept = sum(1 for key in self._tenants if key[0] == vendor and key not in built)
                self._check_tenant_limit(vendor, kept + sum(1 for key in built if key[0] == vendor))
            self._tenants.update(built)
        return len(built)

    def _check_tenant_limit(self, vendor: str, count: int) -> None:
        if count > self.max_tenants:
            raise ValueError(
                f"{vendor} would hold {count} tenants, over its limit of {self.max_tenants} (--max-tenants)"
            )

    def tenants(self, vendor: str | None = None) -> list[TenantState]:
        with self._lock:
            return [state for (name, _), state in self._tenants.items() if vendor is None or name == vendor]
