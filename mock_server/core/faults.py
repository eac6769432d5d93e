"""Injected failures: the next N matching requests (or a seeded share of them)
answer with a vendor error, are delayed, lose their connection unanswered, or get
the answer the rule spells out (`respond`: a status, headers and a body of the
user's own, after a delay if the rule has one too).

A rule matches by vendor, operationId or method and path prefix, tenant, and a
subset of the query parameters and of the JSON body (matched as
/__mock__/verify matches, verification.py); it fires `times` times (None: until
cleared), each match with `probability` (drawn from a random source seeded per
rule, so runs repeat).  A spent rule stays listed, and never fires again, until
cleared: at most MAX_RULES rules are kept, the oldest spent ones going first.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .verification import MISSING, body_differences, query_differences

__all__ = [
    "ACTIONS",
    "DEFER_DELAY_ENVIRON_KEY",
    "DELAY_ENVIRON_KEY",
    "DROP_ENVIRON_KEY",
    "MAX_RULES",
    "CannedAnswer",
    "ConnectionDropped",
    "FaultRequest",
    "FaultRule",
    "Faults",
]

ACTIONS = ("rate_limited", "server_error", "unavailable", "status", "delay", "drop", "respond")
MAX_RULES = 1_000  # rules kept, live and spent; past it the oldest spent rule goes, or the add is refused

# The pipeline marks a request whose connection is to be dropped here; the WSGI
# wrapper in app.py then raises ConnectionDropped instead of answering.
DROP_ENVIRON_KEY = "crm_mock.drop_connection"

# A server that answers on an event loop (rsgi_bridge.py) sets the first key: the
# pipeline then does not sleep for a delay fault but leaves the seconds in the
# second, and the server waits them out before sending, holding no one else up.
DEFER_DELAY_ENVIRON_KEY = "crm_mock.defer_delay"
DELAY_ENVIRON_KEY = "crm_mock.delay_s"


class ConnectionDropped(ConnectionAbortedError):
    """Raised out of the WSGI app so that the server closes the connection without
    writing a byte (wsgiref and werkzeug's servers treat a ConnectionError that way;
    the in-process test client hands it to the caller)."""


@dataclass(frozen=True, slots=True)
class CannedAnswer:
    """A `respond` action's answer: sent as it is, not checked against the vendor's spec."""

    status: int
    headers: tuple[tuple[str, str], ...]  # without Content-Type, which is `content_type`
    body: bytes
    content_type: str | None  # None: no body and none named
    shown: Mapping[str, Any]  # the action as the user gave it, for listings


@dataclass(frozen=True, slots=True)
class FaultRequest:
    """What a rule may match a request by."""

    vendor: str
    operation_id: str | None
    method: str
    path: str
    tenant: str | None
    query: Mapping[str, Sequence[str]] = field(default_factory=dict)  # name to every value sent
    body: Any = None  # the parsed JSON body (None: none, or not JSON)


@dataclass
class FaultRule:
    id: str
    action: str  # one of ACTIONS
    vendor: str | None = None
    operation_id: str | None = None
    method: str | None = None
    path: str | None = None
    tenant: str | None = None  # a tenant label
    status: int | None = None  # for action "status"
    delay_s: float = 0.0  # for action "delay", and before a "respond"
    respond: CannedAnswer | None = None  # for action "respond"
    query: Mapping[str, Any] = field(default_factory=dict)  # a subset of the query parameters
    body: Any = MISSING  # a subset of the JSON body
    times: int | None = 1
    probability: float = 1.0
    seed: int | None = None
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if self.seed is not None:
            self._random = random.Random(self.seed)

    def matches(self, request: FaultRequest) -> bool:
        return (
            (self.vendor is None or self.vendor == request.vendor)
            and (self.operation_id is None or self.operation_id == request.operation_id)
            and (self.method is None or self.method.upper() == request.method)
            and (self.path is None or request.path.startswith(self.path))
            and (self.tenant is None or self.tenant == request.tenant)
            and not (self.query and query_differences(self.query, request.query))
            and (self.body is MISSING or not body_differences(self.body, request.body, ""))
        )

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "vendor": self.vendor,
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "tenant": self.tenant,
            "status": self.status,
            "delay": self.delay_s,
            "times": self.times,
            "probability": self.probability,
            "seed": self.seed,
            "fired": self.fired,
            "spent": self.spent,
            "respond": dict(self.respond.shown) if self.respond is not None else None,
            "query": dict(self.query),
            **({"body": self.body} if self.body is not MISSING else {}),
        }


class Faults:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._next = 1

    def add(self, **rule: Any) -> FaultRule:
        """The rule, kept; a ValueError when MAX_RULES live rules leave no room."""
        with self._lock:
            if len(self._rules) >= MAX_RULES:
                spent = next((kept for kept in self._rules if kept.spent), None)
                if spent is None:
                    raise ValueError(
                        f"this server already holds {MAX_RULES} live fault rules; clear some (DELETE /__mock__/faults)"
                    )
                self._rules.remove(spent)
            added = FaultRule(id=f"fault_{self._next}", **rule)
            self._next += 1
            self._rules.append(added)
            return added

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def clear(self, rule_id: str | None = None) -> int:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule_id is not None and rule.id != rule_id]
            return before - len(self._rules)

    @property
    def armed(self) -> bool:
        """Whether any rule is kept at all (spent or not): the cheap test per request."""
        return bool(self._rules)

    def take(self, request: FaultRequest) -> FaultRule | None:
        """The first live rule this request trips, counted as fired (a spent rule stays
        listed, with `spent`, and is passed over)."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if rule.spent or not rule.matches(request):
                    continue
                if rule.probability < 1.0 and rule._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                return rule
            return None
