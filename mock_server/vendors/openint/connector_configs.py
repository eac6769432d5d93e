"""Connector configs through the newer API (/v2/connector-config): the records v0's
/v0/core/connector_config keeps, shown in snake_case (OpenInt's v1 document,
core.connector_config_select; the SDK 2.9.0's types for /v2)."""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .connectors import connector_view
from .model import iso_now, not_found
from .pages import comma_list, expansions, offset_page, searched

__all__ = [
    "config_record",
    "v2_create_connector_config",
    "v2_delete_connector_config",
    "v2_get_connector_config",
    "v2_list_connector_configs",
    "v2_upsert_connector_config",
]

EXPANSIONS = ("connector", "connector.schemas", "connection_count")


def config_record(ctx: RequestContext, config_id: str) -> Record:
    found = ctx.state.collection("connector_configs").get(config_id)
    if found is None:
        raise not_found("connector_config", config_id)
    return found


def _view(ctx: RequestContext, config: Record, expand: set[str]) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": config["id"],
        "connector_name": config["connectorName"],
        "config": config.get("config"),
        "created_at": config["createdAt"],
        "updated_at": config["updatedAt"],
        "org_id": config.get("orgId") or ctx.principal.attributes["org_id"],
        "display_name": config.get("displayName"),
        "disabled": config.get("disabled"),
        "metadata": config.get("metadata"),
    }
    if "connection_count" in expand:
        connections = ctx.state.collection("connections")
        shown["connection_count"] = sum(1 for c in connections if c.get("connectorConfigId") == config["id"])
    if expand & {"connector", "connector.schemas"}:
        shown["connector"] = connector_view(ctx.fixtures, config["connectorName"], "connector.schemas" in expand)
    return shown


def v2_list_connector_configs(ctx: RequestContext) -> Reply:
    expand = expansions(ctx, EXPANSIONS)
    names = set(comma_list(ctx.query.get("connector_names")))
    found = [
        config
        for config in ctx.state.collection("connector_configs")
        if (not names or config["connectorName"] in names)
        and searched(ctx, (config["id"], config.get("displayName"), config["connectorName"]))
    ]
    return Reply(200, offset_page(ctx, [_view(ctx, config, expand) for config in found]))


def v2_create_connector_config(ctx: RequestContext) -> Reply:
    body = ctx.body
    name = str(body["connector_name"])
    config_id = f"ccfg_{name}_{ctx.state.ids.ulid()}"
    created = iso_now(ctx)
    record = {
        "createdAt": created,
        "updatedAt": created,
        "id": config_id,
        "connectorName": name,
        "orgId": ctx.principal.attributes["org_id"],
        "config": body.get("config") or {},
        "displayName": body.get("display_name"),
        "disabled": bool(body.get("disabled") or False),
        "defaultPipeOut": None,
        "defaultPipeIn": None,
        "envName": None,
        "metadata": body.get("metadata"),
    }
    ctx.state.collection("connector_configs").put(config_id, record)
    return Reply(200, _view(ctx, record, set()))


def v2_get_connector_config(ctx: RequestContext) -> Reply:
    expand = expansions(ctx, EXPANSIONS)
    return Reply(200, _view(ctx, config_record(ctx, ctx.path["id"]), expand))


def v2_upsert_connector_config(ctx: RequestContext) -> Reply:
    record = config_record(ctx, ctx.path["id"])
    for given, kept in (("config", "config"), ("disabled", "disabled"), ("display_name", "displayName")):
        if given in ctx.body:
            record[kept] = ctx.body[given]
    record["updatedAt"] = iso_now(ctx)
    ctx.state.collection("connector_configs").touch()
    return Reply(200, _view(ctx, record, set()))


def v2_delete_connector_config(ctx: RequestContext) -> Reply:
    config_record(ctx, ctx.path["id"])
    ctx.state.collection("connector_configs").delete(ctx.path["id"])
    return Reply(200, {"id": ctx.path["id"]})
