"""/__mock__/requests and /__mock__/violations: what clients sent and what was off-contract."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from ..core.journal import JournalFilter
from ..core.verification import MISSING, Expectation, candidates_filter, verify
from .body import json_body
from .errors import mock_error
from .suggest import operation_ids, unknown_message

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["journal_routes", "verify_routes"]


class FilterError(ValueError):
    """A query parameter of the journal API that cannot be read."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details

    def answer(self) -> Response:
        return mock_error(400, str(self), **self.details)


FILTERS = ("vendor", "operationId", "tenant", "method", "path", "status", "since")
PAGED = (*FILTERS, "limit", "cursor")  # GET /requests and /violations
COUNTED = (*FILTERS, "limit")  # GET /requests/count
CLEARED = ("vendor", "tenant")  # DELETE /requests


def _check_names(runtime: Runtime, allowed: tuple[str, ...]) -> None:
    """A FilterError naming an unknown query parameter, vendor or operationId, with the
    valid ones closest first: a misspelled filter never reads as "no such requests"."""
    for name, value in request.args.items(multi=True):
        if name not in allowed:
            message, valid = unknown_message("query parameter", name, allowed)
            raise FilterError(message, valid=valid)
        if not value:
            # An empty filter would read as no filter: `DELETE /requests?tenant=` would
            # clear every tenant's entries, not the caller's.
            raise FilterError(f"{name} must not be empty")
    vendor = request.args.get("vendor")
    if vendor is not None and vendor not in runtime.vendors:
        message, valid = unknown_message("vendor", vendor, runtime.vendors)
        raise FilterError(message, valid=valid)
    operation_id = request.args.get("operationId")
    if operation_id is not None:
        _check_operation(runtime, operation_id, vendor)


def _check_operation(runtime: Runtime, operation_id: str, vendor: str | None) -> None:
    known = operation_ids(runtime, vendor)
    if operation_id not in known:
        message, valid = unknown_message(f"{vendor} operationId" if vendor else "operationId", operation_id, known)
        raise FilterError(message, valid=valid)


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


PAGE_DEFAULT = 100  # entries per page when no limit is given
PAGE_MAX = 1_000  # no single answer serialises more than this


def _limit(default: int | None) -> int | None:
    raw = request.args.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_MAX:
        raise FilterError(f"limit must be a whole number from 1 to {PAGE_MAX}")
    return int(raw)


def _cursor() -> int | None:
    raw = request.args.get("cursor")
    if raw is None:
        return None
    if not raw.isdigit():
        raise FilterError("cursor must be a page.nextCursor from a previous answer")
    return int(raw)


def _next_url(cursor: int) -> str:
    """This request's URL with the cursor of the next page: filters and limit kept."""
    args = request.args.to_dict(flat=False)
    args["cursor"] = [str(cursor)]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def journal_routes(control: Blueprint, runtime: Runtime) -> None:

    journal = runtime.journal

    def listing(with_violations: bool = False) -> Response:
        """A page: the newest `limit` matches (below `cursor`), oldest first, and how to
        ask for the next, older page."""
        try:
            _check_names(runtime, PAGED)
            wanted, limit, cursor = _filter(with_violations), _limit(PAGE_DEFAULT) or PAGE_DEFAULT, _cursor()
        except FilterError as exc:
            return exc.answer()
        page = journal.page(wanted, limit, before=cursor)
        # Serialised outside the journal's lock, one page at a time.
        next_cursor = None if page.next_before is None else str(page.next_before)
        return jsonify(
            {
                "requests": [exchange.to_json() for exchange in page.entries],
                "journal": journal.stats(),
                "page": {
                    "limit": limit,
                    "nextCursor": next_cursor,
                    "next": None if page.next_before is None else _next_url(page.next_before),
                },
            }
        )

    @control.get("/requests")
    def requests_list() -> Response:
        """Recorded exchanges, a page at a time: the newest `limit` (default 100, at most
        1000) oldest first; `page.next` gives the older ones.  Filter by vendor,
        operationId, tenant, method, path (prefix), status, since (an id or a time)."""
        return listing()

    @control.get("/requests/count")
    def requests_count() -> Response:
        try:
            _check_names(runtime, COUNTED)
            wanted, limit = _filter(), _limit(None)
        except FilterError as exc:
            return exc.answer()
        found = journal.count(wanted)
        return jsonify({"count": min(found, limit) if limit else found})

    @control.delete("/requests")
    def requests_clear() -> Response:
        """Everything, or only the entries of a `vendor` and/or `tenant` (a credential or
        its label): a test sharing the server clears its own tenant's and no one else's."""
        try:
            _check_names(runtime, CLEARED)
        except FilterError as exc:
            return exc.answer()
        vendor, tenant = request.args.get("vendor"), request.args.get("tenant")
        if vendor is None and tenant is None:
            return jsonify({"cleared": journal.clear()})
        return jsonify({"cleared": journal.clear(JournalFilter(vendor=vendor, tenant=tenant))})

    @control.get("/violations")
    def violations() -> Response:
        """The exchanges the vendor would have refused, each with what was wrong (paged
        as /requests is)."""
        return listing(with_violations=True)


def verify_routes(control: Blueprint, runtime: Runtime) -> None:

    @control.post("/verify")
    def verify_calls() -> Response:
        """200 when the recorded requests meet the expectation; 409 with the closest
        requests and why each did not match, when they do not."""
        payload, refused = json_body()
        if refused is not None:
            return refused
        if not isinstance(payload, dict):
            return mock_error(400, "the body must be a JSON object naming an operationId (or method and path)")
        try:
            expectation = _expectation(payload)
            if expectation.vendor is not None and expectation.vendor not in runtime.vendors:
                message, valid = unknown_message("vendor", expectation.vendor, runtime.vendors)
                raise FilterError(message, valid=valid)
            if expectation.operation_id is not None:
                _check_operation(runtime, expectation.operation_id, expectation.vendor)
        except FilterError as exc:
            return exc.answer()
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
