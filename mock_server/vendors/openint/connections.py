"""Connections through the newer API (/v2/connection, /v1/connection/{id}/check): the
records v0's /v0/core/connection keeps, shown in snake_case (OpenInt's v1 document,
core.connection_select; the SDK 2.9.0's types for /v2), so a connection made through
one API is seen through the other."""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .connector_configs import config_record
from .connectors import connector_view
from .core_api import connection_record, visible_connections
from .errors import TrpcError
from .model import assignments_of, event, forget_connection, new_connection
from .pages import comma_list, expansions, offset_page, searched

__all__ = [
    "v1_check_connection",
    "v2_create_connection",
    "v2_delete_connection",
    "v2_get_connection",
    "v2_list_connections",
]

FILTERS = (("connector_config_id", "connectorConfigId"), ("customer_id", "customerId"))


def _view(ctx: RequestContext, connection: Record, expand: set[str]) -> dict[str, Any]:
    standard = connection.get("standard") or {}
    shown: dict[str, Any] = {
        "id": connection["id"],
        "connector_name": connection["connectorName"],
        "customer_id": connection.get("customerId"),
        "connector_config_id": connection.get("connectorConfigId"),
        "integration_id": connection.get("integrationId"),
        "created_at": connection["createdAt"],
        "updated_at": connection["updatedAt"],
        "display_name": connection.get("displayName"),
        "disabled": connection.get("disabled"),
        "status": standard.get("status"),
        "status_message": standard.get("statusMessage"),
        "metadata": connection.get("metadata"),
        "settings": connection.get("settings") or {},
    }
    if "connector" in expand:
        shown["connector"] = connector_view(ctx.fixtures, connection["connectorName"])
    return shown


def _wanted(ctx: RequestContext, connection: Record) -> bool:
    query = ctx.query
    if any(query.get(given) is not None and connection.get(kept) != query[given] for given, kept in FILTERS):
        return False
    names, ids = comma_list(query.get("connector_names")), comma_list(query.get("connection_ids"))
    if (names and connection["connectorName"] not in names) or (ids and connection["id"] not in ids):
        return False
    # GUESS: `repl_id` keeps the connections assigned to that repl (PUT .../assignment/{repl_id})
    repl_id = query.get("repl_id")
    if repl_id and repl_id not in assignments_of(ctx.state, connection["id"]):
        return False
    return searched(ctx, (connection["id"], connection.get("displayName"), connection.get("customerId")))


def v2_list_connections(ctx: RequestContext) -> Reply:
    expand = expansions(ctx, ("connector",))
    found = [_view(ctx, c, expand) for c in visible_connections(ctx) if _wanted(ctx, c)]
    return Reply(200, offset_page(ctx, found))


def v2_create_connection(ctx: RequestContext) -> Reply:
    body = ctx.body
    config = config_record(ctx, str(body["connector_config_id"]))
    data = body["data"]
    if data["connector_name"] != config["connectorName"]:
        # GUESS: the v2 router checks the settings against the config's connector
        raise TrpcError(400, f"Connector name {data['connector_name']} does not match {config['connectorName']}")
    customer = ctx.principal.attributes.get("customer_id")
    if customer is not None and body["customer_id"] != customer:
        raise TrpcError(403, f"You are not allowed to create connections for {config['connectorName']}")
    given = {"settings": data.get("settings"), "metadata": body.get("metadata")}
    return Reply(200, _view(ctx, new_connection(ctx, config, str(body["customer_id"]), given), set()))


def v2_get_connection(ctx: RequestContext) -> Reply:
    expand = expansions(ctx, ("connector",))
    return Reply(200, _view(ctx, connection_record(ctx, ctx.path["id"]), expand))


def v2_delete_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    forget_connection(ctx.state, connection["id"])
    event(ctx, "db/connection-deleted", {"connectionId": connection["id"]}, connection.get("customerId"))
    return Reply(200, {"id": connection["id"]})


def v1_check_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    # GUESS: as v0's _check, the mock's connections are healthy.
    return Reply(200, {"id": connection["id"], "status": "healthy", "status_message": None})
