"""Did the client call X with Y, N times?  And if not, what came closest, and why not.

A matcher names an operation (or a method and path prefix) and, optionally, a
subset of the query and of the JSON body that the request must contain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .journal import Exchange, JournalFilter

__all__ = ["MISSING", "Expectation", "Verdict", "body_differences", "query_differences", "verify"]

MISSING = object()


@dataclass(frozen=True)
class Expectation:
    vendor: str | None = None
    operation_id: str | None = None
    method: str | None = None
    path: str | None = None  # a prefix
    tenant: str | None = None
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Any = MISSING
    at_least: int = 1
    at_most: int | None = None

    def describe(self) -> str:
        if self.at_most is None:
            times = f"at least {self.at_least}"
        elif self.at_least == self.at_most:
            times = f"exactly {self.at_least}"
        else:
            times = f"{self.at_least} to {self.at_most}"
        what = self.operation_id or f"{self.method or 'any method'} {self.path or 'any path'}"
        return f"{times} request(s) to {what}"


@dataclass(frozen=True)
class Verdict:
    holds: bool
    matched: int
    expected: str
    closest: Sequence[tuple[Exchange, list[str]]]


def body_differences(wanted: Any, actual: Any, where: str) -> list[str]:
    """Where `actual` fails to contain `wanted` (objects: a subset; anything else: equal)."""
    if isinstance(wanted, dict):
        if not isinstance(actual, dict):
            return [f"{where or 'body'}: expected an object, got {actual!r}"]
        found: list[str] = []
        for key, value in wanted.items():
            path = f"{where}.{key}" if where else key
            if key not in actual:
                found.append(f"{path}: missing (expected {value!r})")
            else:
                found.extend(body_differences(value, actual[key], path))
        return found
    if wanted != actual:
        return [f"{where or 'body'}: expected {wanted!r}, got {actual!r}"]
    return []


def _differences(expectation: Expectation, exchange: Exchange) -> list[str]:
    found: list[str] = []
    if expectation.operation_id is not None and exchange.operation_id != expectation.operation_id:
        found.append(f"operation: expected {expectation.operation_id}, got {exchange.operation_id or 'no operation'}")
    if expectation.method is not None and exchange.method != expectation.method.upper():
        found.append(f"method: expected {expectation.method.upper()}, got {exchange.method}")
    if expectation.path is not None and not exchange.path.startswith(expectation.path):
        found.append(f"path: expected one starting {expectation.path}, got {exchange.path}")
    shown = exchange.to_json()["request"]
    found.extend(query_differences(expectation.query, shown["query"]))
    if expectation.body is not MISSING:
        found.extend(body_differences(expectation.body, shown["body"], ""))
    return found


def query_differences(wanted: Mapping[str, Any], actual: Mapping[str, Sequence[str]]) -> list[str]:
    """Where the query parameters `actual` (name to every value sent) fail to hold each
    of `wanted` (name to a value, or to the list of every value)."""
    found: list[str] = []
    for name, value in wanted.items():
        values = actual.get(name)
        wanted_list = [str(item) for item in value] if isinstance(value, list) else [str(value)]
        if values is None or list(values) != wanted_list:
            found.append(f"query {name}: expected {wanted_list}, got {None if values is None else list(values)}")
    return found


def verify(expectation: Expectation, exchanges: Sequence[Exchange], closest: int = 3) -> Verdict:
    scored = [(exchange, _differences(expectation, exchange)) for exchange in exchanges]
    matched = sum(1 for _, differences in scored if not differences)
    holds = matched >= expectation.at_least and (expectation.at_most is None or matched <= expectation.at_most)
    near = sorted((item for item in scored if item[1]), key=lambda item: (len(item[1]), -item[0].seq))
    return Verdict(holds, matched, expectation.describe(), near[:closest] if not holds else [])


def candidates_filter(expectation: Expectation) -> JournalFilter:
    """The journal entries worth comparing: same vendor and tenant, when given."""
    return JournalFilter(vendor=expectation.vendor, tenant=expectation.tenant)
