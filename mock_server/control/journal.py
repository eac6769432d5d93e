"""/__mock__/requests and /__mock__/violations: what clients sent and what was off-contract."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, Response, jsonify, request

from ..core.journal import JournalFilter
from ..core.verification import MISSING, Expectation, candidates_filter, verify

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["journal_routes", "verify_routes"]


class FilterError(ValueError):
    """A query parameter of the journal API that cannot be read."""


def _filter(with_violations: bool = False) -> JournalFilter:
    args = request.args
    status = args.get("status")
    since = args.get("since")
    since_value: int | datetime | None = None
    if since:
        try:
            since_value = int(since)
        except ValueError:
            try:
                since_value = datetime.fromisoformat(since.replace("Z", "+00:00"))
            except ValueError:
                raise FilterError("since must be an exchange id or an ISO 8601 time") from None
    if status is not None and not status.isdigit():
        raise FilterError("status must be a number")
    return JournalFilter(
        vendor=args.get("vendor"),
        operation_id=args.get("operationId"),
        tenant=args.get("tenant"),
        method=args.get("method"),
        path_prefix=args.get("path"),
        status=int(status) if status is not None else None,
        since=since_value,
        with_violations=with_violations,
    )


def _limit() -> int | None:
    raw = request.args.get("limit")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise FilterError("limit must be a positive number")
    return int(raw)


def journal_routes(control: Blueprint, runtime: Runtime) -> None:
    from .blueprint import mock_error

    journal = runtime.journal

    def answer(with_violations: bool = False, count_only: bool = False) -> Response:
        try:
            wanted, limit = _filter(with_violations), _limit()
        except FilterError as exc:
            return mock_error(400, str(exc))
        found = journal.query(wanted, limit)
        if count_only:
            return jsonify({"count": len(found)})
        return jsonify({"requests": [exchange.to_json() for exchange in found], "journal": journal.stats()})

    @control.get("/requests")
    def requests_list() -> Response:
        """Recorded exchanges, oldest first; filter by vendor, operationId, tenant, method,
        path (prefix), status, since (an id or a time); `limit` keeps the newest N."""
        return answer()

    @control.get("/requests/count")
    def requests_count() -> Response:
        return answer(count_only=True)

    @control.delete("/requests")
    def requests_clear() -> Response:
        return jsonify({"cleared": journal.clear()})

    @control.get("/violations")
    def violations() -> Response:
        """The exchanges the vendor would have refused, each with what was wrong."""
        return answer(with_violations=True)


def verify_routes(control: Blueprint, runtime: Runtime) -> None:
    from .blueprint import mock_error

    @control.post("/verify")
    def verify_calls() -> Response:
        """200 when the recorded requests meet the expectation; 409 with the closest
        requests and why each did not match, when they do not."""
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return mock_error(400, "the body must be a JSON object naming an operationId (or method and path)")
        try:
            expectation = _expectation(payload)
        except ValueError as exc:
            return mock_error(400, str(exc))
        exchanges = runtime.journal.query(candidates_filter(expectation))
        verdict = verify(expectation, exchanges)
        body = {"verified": verdict.holds, "expected": verdict.expected, "matched": verdict.matched}
        if not verdict.holds:
            body["closest"] = [
                {
                    "id": exchange.seq,
                    "operationId": exchange.operation_id,
                    "method": exchange.method,
                    "path": exchange.path,
                    "status": exchange.status,
                    "differences": differences,
                }
                for exchange, differences in verdict.closest
            ]
        response = jsonify(body)
        response.status_code = 200 if verdict.holds else 409
        return response


def _expectation(payload: dict[str, object]) -> Expectation:
    known = {"vendor", "operationId", "method", "path", "tenant", "query", "body", "count", "atLeast", "atMost"}
    unknown = sorted(set(payload) - known)
    for name in ("vendor", "operationId", "method", "path", "tenant"):
        if payload.get(name) is not None and not isinstance(payload[name], str):
            raise ValueError(f"{name} must be text")
    if unknown:
        raise ValueError(f"unknown fields {unknown}; expected some of {sorted(known)}")
    if not payload.get("operationId") and not (payload.get("method") or payload.get("path")):
        raise ValueError("name the call: an operationId, or a method and/or path")
    query = payload.get("query", {})
    if not isinstance(query, dict):
        raise ValueError("query must be an object of parameter names to values")
    count, at_least, at_most = payload.get("count"), payload.get("atLeast"), payload.get("atMost")
    for name, value in (("count", count), ("atLeast", at_least), ("atMost", at_most)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValueError(f"{name} must be a whole number of at least 0")
    if count is not None and (at_least is not None or at_most is not None):
        raise ValueError("give count, or atLeast/atMost, not both")
    low = count if isinstance(count, int) else (at_least if isinstance(at_least, int) else 1)
    high = count if isinstance(count, int) else (at_most if isinstance(at_most, int) else None)
    return Expectation(
        vendor=_text(payload.get("vendor")),
        operation_id=_text(payload.get("operationId")),
        method=_text(payload.get("method")),
        path=_text(payload.get("path")),
        tenant=_text(payload.get("tenant")),
        query=query,
        body=payload.get("body", MISSING),
        at_least=low,
        at_most=high,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    return value
