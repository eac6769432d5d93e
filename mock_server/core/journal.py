"""A bounded record of every exchange: what came in, what went out, what was wrong.

Credentials never enter it: every place a vendor's credentials travel (headers,
query, form or JSON fields; redaction.py) is redacted before an exchange is made,
and tenants appear by a label derived from the credential (`tenant_label`).
Bodies are kept as bytes up to a size limit and decoded only when someone asks.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any
from urllib.parse import parse_qs

from .clock import iso_millis
from .json_input import MAX_STATE_DEPTH, unfit_json
from .store import label_or_credential
from .violations import Violation

__all__ = [
    "Exchange",
    "Journal",
    "JournalFilter",
    "Page",
    "entry_bytes",
]


def _header_name(environ_key: str) -> str:
    name = environ_key[5:] if environ_key.startswith("HTTP_") else environ_key
    return "-".join(part.capitalize() for part in name.split("_"))


def _decode(raw: bytes, content_type: str | None, truncated: bool) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if not truncated and content_type and "json" in content_type:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
            pass
        else:
            # A refused body that no encoder could be trusted with (a lone surrogate,
            # nesting past the limit) is shown as the text it came as.
            if unfit_json(document, raw, text, MAX_STATE_DEPTH) is None:
                return document
    return text + (" [truncated]" if truncated else "")


@dataclass(slots=True)
class Exchange:
    at: datetime
    vendor: str | None
    tenant: str | None
    operation_id: str | None
    method: str
    path: str
    query_string: bytes
    request_headers: tuple[tuple[str, str], ...]  # environ keys, secrets already redacted
    request_body: bytes
    request_type: str | None
    request_truncated: bool
    status: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes
    response_type: str | None
    response_truncated: bool
    duration_ms: float
    violations: tuple[Violation, ...] = ()
    near_misses: tuple[str, ...] = ()
    fault: tuple[str, str] | None = None  # (rule id, action) of the injected fault that fired
    seq: int = field(default=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.seq,
            "time": iso_millis(self.at),
            "vendor": self.vendor,
            "tenant": self.tenant,
            "operationId": self.operation_id,
            "request": {
                "method": self.method,
                "path": self.path,
                "query": parse_qs(self.query_string.decode("latin-1"), keep_blank_values=True),
                "headers": {_header_name(key): value for key, value in self.request_headers},
                "body": _decode(self.request_body, self.request_type, self.request_truncated),
            },
            "response": {
                "status": self.status,
                "headers": dict(self.response_headers),
                "body": _decode(self.response_body, self.response_type, self.response_truncated),
            },
            "durationMs": round(self.duration_ms, 3),
            "violations": [violation_json(violation) for violation in self.violations],
            "nearMisses": list(self.near_misses),
            "fault": {"id": self.fault[0], "action": self.fault[1]} if self.fault is not None else None,
        }


def violation_json(violation: Violation) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "location": violation.location,
        "pointer": "/" + "/".join(str(part) for part in violation.pointer) if violation.pointer else "",
        "kind": violation.kind,
        "message": violation.message,
    }
    if violation.expected is not None:
        shown["expected"] = violation.expected if _jsonable(violation.expected) else repr(violation.expected)
    if violation.received is not None:
        shown["received"] = violation.received if _jsonable(violation.received) else repr(violation.received)
    return shown


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class JournalFilter:
    vendor: str | None = None
    operation_id: str | None = None
    tenant: str | None = None  # a credential or its label
    method: str | None = None
    path_prefix: str | None = None
    status: int | None = None
    since: int | datetime | None = None  # an exchange id, or a time
    with_violations: bool = False
    # The tenant's label, derived once: hashing it for every entry scanned cost more than the scan.
    label: str | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.tenant is not None:
            object.__setattr__(self, "label", label_or_credential(self.tenant))

    def matches(self, exchange: Exchange) -> bool:
        if self.vendor is not None and exchange.vendor != self.vendor:
            return False
        if self.operation_id is not None and exchange.operation_id != self.operation_id:
            return False
        if self.label is not None and exchange.tenant != self.label:
            return False
        if self.method is not None and exchange.method != self.method.upper():
            return False
        if self.path_prefix is not None and not exchange.path.startswith(self.path_prefix):
            return False
        if self.status is not None and exchange.status != self.status:
            return False
        if isinstance(self.since, int) and exchange.seq <= self.since:
            return False
        if isinstance(self.since, datetime) and exchange.at < self.since:
            return False
        return not (self.with_violations and not exchange.violations)


# What an entry costs beyond the bytes of its bodies and headers: the Exchange object,
# its datetime, tuples and the str/bytes objects' own headers (benchmarks/journal_memory.py
# measures the real figure per entry; this keeps the estimate at or above it).
ENTRY_OVERHEAD = 1_024
HEADER_OVERHEAD = 120  # a (name, value) tuple and its two strings


def entry_bytes(exchange: Exchange) -> int:
    """The memory an entry is charged against the journal's byte budget."""
    headers = exchange.request_headers + exchange.response_headers
    return (
        ENTRY_OVERHEAD
        + len(exchange.request_body)
        + len(exchange.response_body)
        + len(exchange.path)
        + len(exchange.query_string)
        + HEADER_OVERHEAD * len(headers)
        + len("".join(chain.from_iterable(headers)))  # one join in C: this runs on every request
    )


@dataclass(frozen=True, slots=True)
class Page:
    """Journal entries, oldest first, and the id below which the next (older) page starts."""

    entries: list[Exchange]
    next_before: int | None  # None: no older entry matches


class Journal:
    """The last `capacity` exchanges that fit in `byte_budget` bytes (0 of either keeps
    none); the oldest are dropped first.

    Ids are given in order and the kept entries are contiguous (only the oldest ever
    leave), so an entry's place is its id minus the oldest id: paging finds its start
    without scanning.  Clearing one tenant's entries leaves gaps; paging then finds its
    start by bisection.
    """

    def __init__(self, capacity: int, body_limit: int, byte_budget: int = 64 * 2**20) -> None:
        self.capacity = capacity
        self.body_limit = body_limit
        self.byte_budget = byte_budget
        self._entries: deque[Exchange] = deque()
        self._sizes: deque[int] = deque()
        self._bytes = 0
        self._next = 1
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.capacity > 0 and self.byte_budget > 0

    def cap(self, raw: bytes) -> tuple[bytes, bool]:
        if len(raw) > self.body_limit:
            return raw[: self.body_limit], True
        return raw, False

    def record(self, exchange: Exchange) -> None:
        if not self.enabled:
            return
        size = entry_bytes(exchange)
        with self._lock:
            exchange.seq = self._next
            self._next += 1
            self._entries.append(exchange)
            self._sizes.append(size)
            self._bytes += size
            while self._entries and (len(self._entries) > self.capacity or self._bytes > self.byte_budget):
                self._entries.popleft()
                self._bytes -= self._sizes.popleft()

    def query(self, wanted: JournalFilter, limit: int | None = None) -> list[Exchange]:
        with self._lock:
            found = [exchange for exchange in self._entries if wanted.matches(exchange)]
        return found[-limit:] if limit else found

    def page(self, wanted: JournalFilter, limit: int, before: int | None = None) -> Page:
        """The newest `limit` matches with an id below `before` (all ids when None), oldest
        first.  Entries that arrive meanwhile get higher ids, so walking down with
        `next_before` meets every entry once (unless it is dropped from the journal first)."""
        found: list[Exchange] = []
        next_before: int | None = None
        with self._lock:
            entries = self._entries
            if not entries:
                return Page([], None)
            start = len(entries) if before is None else self._place(before)
            floor = wanted.since if isinstance(wanted.since, int) else 0
            for index in range(start - 1, -1, -1):
                exchange = entries[index]
                if exchange.seq <= floor:
                    break
                if not wanted.matches(exchange):
                    continue
                if len(found) == limit:  # one more match exists: there is a next page
                    next_before = found[-1].seq
                    break
                found.append(exchange)
        found.reverse()
        return Page(found, next_before)

    def count(self, wanted: JournalFilter) -> int:
        with self._lock:
            return sum(1 for exchange in self._entries if wanted.matches(exchange))

    def _place(self, seq: int) -> int:
        """How many kept entries have an id below `seq` (the caller holds the lock)."""
        entries = self._entries
        if entries[-1].seq - entries[0].seq + 1 == len(entries):  # contiguous: no search
            return max(0, min(len(entries), seq - entries[0].seq))
        return bisect.bisect_left(entries, seq, key=lambda exchange: exchange.seq)

    def clear(self, wanted: JournalFilter | None = None) -> int:
        """Drop every entry, or those `wanted` matches (say, one tenant's); how many went."""
        with self._lock:
            if wanted is None:
                dropped = len(self._entries)
                self._entries.clear()
                self._sizes.clear()
                self._bytes = 0
                return dropped
            kept = [
                (entry, size)
                for entry, size in zip(self._entries, self._sizes, strict=True)
                if not wanted.matches(entry)
            ]
            dropped = len(self._entries) - len(kept)
            self._entries = deque(entry for entry, _ in kept)
            self._sizes = deque(size for _, size in kept)
            self._bytes = sum(self._sizes)
            return dropped

    def __len__(self) -> int:
        return len(self._entries)

    def stats(self) -> Mapping[str, int]:
        """Sizes, and the id of the oldest entry kept (the next id when empty): a reader
        that polls with `since` drops what it holds below it (cleared or pushed out)."""
        with self._lock:
            oldest = self._entries[0].seq if self._entries else self._next
            return {
                "entries": len(self._entries),
                "capacity": self.capacity,
                "bytes": self._bytes,
                "byteBudget": self.byte_budget,
                "bodyLimit": self.body_limit,
                "oldestId": oldest,
            }
