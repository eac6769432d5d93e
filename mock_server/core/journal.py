"""A bounded record of every exchange: what came in, what went out, what was wrong.

Credentials never enter it: secret headers are redacted and tenants appear by a
label derived from the credential (`tenant_label`), never the credential itself.
Bodies are kept as bytes up to a size limit and decoded only when someone asks.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from .clock import iso_millis
from .store import tenant_label
from .violations import Violation

__all__ = ["Exchange", "Journal", "JournalFilter", "environ_headers", "secret_environ_keys"]

ALWAYS_SECRET = ("authorization", "proxy-authorization", "cookie", "set-cookie")


def _redact(value: str) -> str:
    scheme, _, rest = value.partition(" ")
    return f"{scheme} [redacted]" if rest else "[redacted]"


def environ_headers(environ: Mapping[str, Any], secret_keys: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """A request's headers straight from the WSGI environ (cheaper than Werkzeug's view),
    secrets redacted on the way in so that they are never stored."""
    pairs = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            pairs.append((key, _redact(value) if key in secret_keys else value))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            pairs.append((key, value))
    return tuple(pairs)


def secret_environ_keys(secret: Iterable[str]) -> frozenset[str]:
    names = {name.lower() for name in secret} | set(ALWAYS_SECRET)
    return frozenset("HTTP_" + name.upper().replace("-", "_") for name in names)


def _header_name(environ_key: str) -> str:
    name = environ_key[5:] if environ_key.startswith("HTTP_") else environ_key
    return "-".join(part.capitalize() for part in name.split("_"))


def _decode(raw: bytes, content_type: str | None, truncated: bool) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if not truncated and content_type and "json" in content_type:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
            pass
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

    def matches(self, exchange: Exchange) -> bool:
        if self.vendor is not None and exchange.vendor != self.vendor:
            return False
        if self.operation_id is not None and exchange.operation_id != self.operation_id:
            return False
        if self.tenant is not None and exchange.tenant != tenant_label(self.tenant):
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


class Journal:
    """The last `capacity` exchanges (0 keeps none)."""

    def __init__(self, capacity: int, body_limit: int) -> None:
        self.capacity = capacity
        self.body_limit = body_limit
        self._entries: deque[Exchange] = deque(maxlen=max(capacity, 1))
        self._next = 1
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def cap(self, raw: bytes) -> tuple[bytes, bool]:
        if len(raw) > self.body_limit:
            return raw[: self.body_limit], True
        return raw, False

    def record(self, exchange: Exchange) -> None:
        if not self.enabled:
            return
        with self._lock:
            exchange.seq = self._next
            self._next += 1
            self._entries.append(exchange)

    def query(self, wanted: JournalFilter, limit: int | None = None) -> list[Exchange]:
        with self._lock:
            found = [exchange for exchange in self._entries if wanted.matches(exchange)]
        return found[-limit:] if limit else found

    def clear(self) -> int:
        with self._lock:
            dropped = len(self._entries)
            self._entries.clear()
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
                "bodyLimit": self.body_limit,
                "oldestId": oldest,
            }
