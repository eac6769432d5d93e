"""Injected failures: the next N matching requests (or a seeded share of them)
answer with a vendor error, are delayed, or lose their connection unanswered.

A rule matches by vendor, operationId or method and path prefix, and tenant;
it fires `times` times (None: until cleared), each match with `probability`
(drawn from a random source seeded per rule, so runs repeat).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ACTIONS",
    "DEFER_DELAY_ENVIRON_KEY",
    "DELAY_ENVIRON_KEY",
    "DROP_ENVIRON_KEY",
    "ConnectionDropped",
    "FaultRule",
    "Faults",
]

ACTIONS = ("rate_limited", "server_error", "unavailable", "status", "delay", "drop")

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
    delay_s: float = 0.0  # for action "delay"
    times: int | None = 1
    probability: float = 1.0
    seed: int | None = None
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if self.seed is not None:
            self._random = random.Random(self.seed)

    def matches(self, vendor: str, operation_id: str | None, method: str, path: str, tenant: str | None) -> bool:
        return (
            (self.vendor is None or self.vendor == vendor)
            and (self.operation_id is None or self.operation_id == operation_id)
            and (self.method is None or self.method.upper() == method)
            and (self.path is None or path.startswith(self.path))
            and (self.tenant is None or self.tenant == tenant)
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
        }


class Faults:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._next = 1

    def add(self, **rule: Any) -> FaultRule:
        with self._lock:
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

    def take(
        self, vendor: str, operation_id: str | None, method: str, path: str, tenant: str | None
    ) -> FaultRule | None:
        """The first live rule this request trips, counted as fired; spent rules are dropped."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if rule.spent or not rule.matches(vendor, operation_id, method, path, tenant):
                    continue
                if rule.probability < 1.0 and rule._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                self._rules = [kept for kept in self._rules if not kept.spent]
                return rule
            return None
