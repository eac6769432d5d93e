"""/__mock__/requests and /__mock__/violations: what clients sent and what was off-contract."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, Response, jsonify, request

from ..core.journal import JournalFilter

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["journal_routes"]


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
