"""Events through the newer API (GET /v1/event): the events v0's /v0/core/events keeps,
as OpenInt's v1 lists them (packages/api-v1/trpc/routers/event.ts @795654e): only names
of the v1 event map, newest first (timestamp descending, then id), `search_query`
matched against the event id ignoring case, `since` an ISO 8601 timestamp the events
are at or after; a customer token sees its customer's events (the table's row policy).

v0 and v1 name the same events differently (`db/connection-created` with
`{connectionId}` against `db.connection-created` with `{connection_id}`,
packages/events/events.ts @31e88320 and events.def.ts @795654e): the mock keeps v0's
and shows v1's. v0 events the v1 map has no name for (`sync/...`, `sync.completed`)
are left out, as the v1 list leaves out names outside its map."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import TrpcError
from .pages import offset_page, searched

__all__ = ["V1_NAMES", "v1_list_events"]

# v0 name -> v1 name, and v0 data keys -> v1's, for the events the mock sends.
V1_NAMES = {"db/connection-created": "db.connection-created", "db/connection-deleted": "db.connection-deleted"}
V1_DATA_KEYS = {"connectionId": "connection_id"}


def _since_ms(value: str) -> int:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        # GUESS: the database refuses the comparison, and tRPC answers its message as a 500
        raise TrpcError(500, f'invalid input syntax for type timestamp with time zone: "{value}"') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the database's session time zone
    return int(moment.timestamp() * 1000)


def _v1_view(stored: Record) -> dict[str, Any]:
    data = {V1_DATA_KEYS.get(key, key): value for key, value in stored["data"].items()}
    shown = {key: value for key, value in stored.items() if key != "at_ms"}
    return {**shown, "name": V1_NAMES[stored["name"]], "data": data, "v": None}


def v1_list_events(ctx: RequestContext) -> Reply:
    since = ctx.query.get("since")
    floor = _since_ms(str(since)) if since else None
    customer = ctx.principal.attributes.get("customer_id")  # None for an organization's key
    found = [
        stored
        for stored in ctx.state.collection("events")
        if stored["name"] in V1_NAMES
        and (floor is None or stored["at_ms"] >= floor)
        and (customer is None or stored.get("customer_id") == customer)
        and searched(ctx, (stored["id"],))
    ]
    found.sort(key=lambda stored: stored["id"])
    found.sort(key=lambda stored: stored["at_ms"], reverse=True)
    return Reply(200, offset_page(ctx, [_v1_view(stored) for stored in found]))
