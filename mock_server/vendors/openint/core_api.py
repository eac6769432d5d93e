"""OpenInt's core API (`/openint/v0/core/...`): customers, connector configs (admin),
connections, pipelines, events, and customer tokens.  Every success is a 200 with
the procedure's output as is: a bare string for a new connection id, bare arrays
for lists, `{}` or `true` for some deletes, nothing at all for a connector config
delete (FACTS.md 5)."""

from __future__ import annotations

from typing import Any, TypeVar

from ...core.paging import Base64Json, CursorError, OffsetCursor, PageSize, Window, window
from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .auth import mint_token
from .connector_configs import config_record
from .errors import TrpcError
from .model import connector, event, forget_connection, iso_now, new_connection, not_found, remember_customer
from .pages import comma_list

__all__ = [
    "admin_delete_connector_config",
    "admin_get_connector_config",
    "admin_list_connector_configs",
    "admin_update_connector_config",
    "admin_upsert_connector_config",
    "check_connection",
    "connection_record",
    "create_connect_token",
    "create_connection",
    "create_pipeline",
    "cursor_page",
    "delete_connection",
    "delete_pipeline",
    "get_connection",
    "list_connection",
    "list_connector_config_infos",
    "list_events",
    "list_pipelines",
    "sync_connection",
    "sync_pipeline",
    "update_connection",
    "update_pipeline",
    "upsert_customer",
    "visible_connections",
]

EXPANSIONS = {"integration", "integration.connector"}
# The unified cursor (docs/vendors/openint.md): base64 JSON of an offset, as json.dumps writes it.
CURSORS = OffsetCursor(Base64Json())
EVENTS_PAGE_SIZE = 100  # GUESS: events per page when page_size is not given
T = TypeVar("T")


def _offset_window(items: list[T], query: dict[str, Any]) -> Window[T]:
    """`offset` and `limit` (none: every item from the offset) of the core lists."""
    limit = query.get("limit")
    return window(items, int(query.get("offset") or 0), None if limit is None else int(limit))


def _org(ctx: RequestContext) -> str:
    return str(ctx.principal.attributes["org_id"])


def _customer(ctx: RequestContext) -> str | None:
    """The customer a customer token is limited to (None for an admin key)."""
    value = ctx.principal.attributes.get("customer_id")
    return str(value) if value is not None else None


# -- customers and tokens --------------------------------------------------------------


def upsert_customer(ctx: RequestContext) -> Reply:
    metadata = (ctx.body or {}).get("metadata")
    remember_customer(ctx, ctx.path["id"], metadata)  # listed by /v1/customer
    return Reply(200, {"id": ctx.path["id"], "orgId": _org(ctx), "metadata": metadata})


def create_connect_token(ctx: RequestContext) -> Reply:
    body = ctx.body or {}
    validity = int(body.get("validityInSeconds", 2_592_000))
    token = mint_token(_org(ctx), str(body["customerId"]), int(ctx.clock.now().timestamp()), validity)
    return Reply(200, {"token": token})


# -- connector configs ------------------------------------------------------------------


def _config_view(ctx: RequestContext, config: Record) -> dict[str, Any]:
    return {**config, "orgId": config.get("orgId") or _org(ctx)}


def admin_list_connector_configs(ctx: RequestContext) -> Reply:
    return Reply(200, [_config_view(ctx, config) for config in ctx.state.collection("connector_configs")])


def admin_get_connector_config(ctx: RequestContext) -> Reply:
    return Reply(200, _config_view(ctx, config_record(ctx, ctx.path["id"])))


def admin_upsert_connector_config(ctx: RequestContext) -> Reply:
    body = ctx.body
    configs = ctx.state.collection("connector_configs")
    name = body.get("connectorName")
    config_id = body.get("id")
    if config_id is None:
        if not name:
            raise TrpcError(400, "connectorName is required when id is not given")  # GUESS: wording
        config_id = f"ccfg_{name}_{ctx.state.ids.ulid()}"
    name = name or str(config_id).split("_")[1]
    existing = configs.get(config_id)
    stamp = iso_now(ctx)
    config = {
        "createdAt": existing["createdAt"] if existing else stamp,
        "updatedAt": stamp,
        "id": config_id,
        "connectorName": name,
        "orgId": body["orgId"],
        "config": body.get("config"),
        "displayName": body.get("displayName"),
        "disabled": bool(body.get("disabled", False)),
        "defaultPipeOut": body.get("defaultPipeOut"),
        "defaultPipeIn": body.get("defaultPipeIn"),
        "envName": None,
        "metadata": None,
    }
    configs.put(config_id, config)
    return Reply(200, _config_view(ctx, config))


def admin_update_connector_config(ctx: RequestContext) -> Reply:
    config = config_record(ctx, ctx.path["id"])
    for name in ("metadata", "displayName", "disabled"):
        if name in ctx.body:
            config[name] = ctx.body[name]
    config["updatedAt"] = iso_now(ctx)
    ctx.state.collection("connector_configs").touch()
    return Reply(200, _config_view(ctx, config))


def admin_delete_connector_config(ctx: RequestContext) -> Reply:
    config_record(ctx, ctx.path["id"])
    ctx.state.collection("connector_configs").delete(ctx.path["id"])
    return Reply(200)  # the procedure returns nothing: an empty body


def list_connector_config_infos(ctx: RequestContext) -> Reply:
    wanted_id, wanted_name, kind = ctx.query.get("id"), ctx.query.get("connectorName"), ctx.query.get("type")
    infos = []
    for config in ctx.state.collection("connector_configs"):
        if (wanted_id and config["id"] != wanted_id) or (wanted_name and config["connectorName"] != wanted_name):
            continue
        listed = connector(ctx.fixtures, config["connectorName"]) or {}
        if kind == "destination":
            continue  # the CRM connectors are sources
        infos.append(
            {
                "id": config["id"],
                "envName": None,
                "displayName": config.get("displayName") or listed.get("displayName"),
                "connectorName": config["connectorName"],
                "isSource": True,
                "isDestination": False,
                "verticals": ["crm"] if listed.get("crm") else [],
                "integrations": [],
            }
        )
    return Reply(200, infos)


# -- connections ----------------------------------------------------------------------------


def visible_connections(ctx: RequestContext) -> list[Record]:
    """An admin sees every connection of the organization; a customer only its own."""
    customer = _customer(ctx)
    return [c for c in ctx.state.collection("connections") if customer is None or c.get("customerId") == customer]


def connection_record(ctx: RequestContext, connection_id: str) -> Record:
    """The connection, if the viewer may see it; else the database's 404."""
    found = next((c for c in visible_connections(ctx) if c["id"] == connection_id), None)
    if found is None:
        raise not_found("connection", connection_id)
    return found


def _brand(name: str, title: str | None) -> dict[str, str]:
    return {"id": name, "name": title or name, "logoUrl": f"https://cdn.openint.dev/connectors/{name}/logo.svg"}


def _expansions(ctx: RequestContext) -> set[str]:
    wanted = set(comma_list(ctx.query.get("expand")))
    if not wanted <= EXPANSIONS:
        raise TrpcError(400, "Invalid expand options")
    return wanted


def _connection_view(ctx: RequestContext, connection: Record, expand: set[str], with_config: bool) -> dict[str, Any]:
    shown = dict(connection)
    listed = connector(ctx.fixtures, connection["connectorName"]) or {}
    if "integration" in expand or "integration.connector" in expand:
        shown["integration"] = None  # a connection made without an integration has none
    if "integration.connector" in expand:
        shown["connector"] = _brand(connection["connectorName"], listed.get("displayName"))
    if with_config:
        shown["connector_config"] = {
            "id": connection["connectorConfigId"],
            "orgId": _org(ctx),
            "connectorName": connection["connectorName"],
        }
    return shown


def list_connection(ctx: RequestContext) -> Reply:
    expand = _expansions(ctx)
    query = ctx.query
    found = visible_connections(ctx)
    for name in ("customerId", "connectorConfigId", "connectorName"):
        if query.get(name) is not None:
            found = [c for c in found if c.get(name) == query[name]]
    page = _offset_window(found, query).items
    return Reply(200, [_connection_view(ctx, c, expand, with_config=False) for c in page])


def create_connection(ctx: RequestContext) -> Reply:
    body = ctx.body
    config = config_record(ctx, body["connectorConfigId"])
    customer = _customer(ctx)
    if customer is not None and body.get("customerId") not in (None, customer):
        raise TrpcError(403, f"You are not allowed to create connections for {config['connectorName']}")
    connection = new_connection(ctx, config, customer or body.get("customerId"), body)
    return Reply(200, connection["id"])  # a bare JSON string


def get_connection(ctx: RequestContext) -> Reply:
    expand = _expansions(ctx)
    return Reply(200, _connection_view(ctx, connection_record(ctx, ctx.path["id"]), expand, with_config=True))


def update_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    body = ctx.body
    for name in ("settings", "displayName", "disabled", "customerId", "integrationId"):
        if name in body:
            connection[name] = body[name]
    if "metadata" in body:
        current = connection.get("metadata")
        given = body["metadata"]
        # Shallow merge: the given keys replace those keys only.
        connection["metadata"] = (
            {**current, **given} if isinstance(current, dict) and isinstance(given, dict) else given
        )
    connection["updatedAt"] = iso_now(ctx)
    ctx.state.collection("connections").touch()
    return Reply(200, dict(connection))


def delete_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    forget_connection(ctx.state, connection["id"])
    # GUESS: as db/connection-created.
    event(ctx, "db/connection-deleted", {"connectionId": connection["id"]}, connection.get("customerId"))
    return Reply(200, {})


def check_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    # GUESS: connectors answer their own report; the mock's says the connection is healthy.
    return Reply(200, {"id": connection["id"], "status": "healthy", "status_message": None})


def sync_connection(ctx: RequestContext) -> Reply:
    """connectionRouter.ts `syncConnection` @31e88320: `async` only queues the sync
    (one `sync/connection-requested` event); `metaOnly` refreshes the connection's
    own metadata and syncs no pipeline; otherwise every pipeline of the connection
    syncs, each sending `sync.completed`."""
    connection = connection_record(ctx, ctx.path["id"])
    options = ctx.body or {}
    if options.get("async"):
        requested = event(
            ctx, "sync/connection-requested", {"connectionId": connection["id"]}, connection.get("customerId")
        )
        return Reply(200, {"connection_requested_event_id": requested["id"]})
    if options.get("metaOnly"):
        return Reply(200, {"pipeline_syncs": []})
    pipelines = [
        p for p in ctx.state.collection("pipelines") if connection["id"] in (p.get("sourceId"), p.get("destinationId"))
    ]
    return Reply(200, {"pipeline_syncs": [_sync_pipeline_now(ctx, pipeline) for pipeline in pipelines]})


# -- pipelines ----------------------------------------------------------------------------------


def _pipeline(ctx: RequestContext, pipeline_id: str) -> Record:
    found = ctx.state.collection("pipelines").get(pipeline_id)
    if found is None:
        raise not_found("pipeline", pipeline_id)
    return found


def list_pipelines(ctx: RequestContext) -> Reply:
    query = ctx.query
    found = ctx.state.collection("pipelines").values()
    wanted = query.get("connectionIds")
    if wanted:
        found = [p for p in found if p.get("sourceId") in wanted or p.get("destinationId") in wanted]
    return Reply(200, _offset_window(found, query).items)


def create_pipeline(ctx: RequestContext) -> Reply:
    body = ctx.body
    pipelines = ctx.state.collection("pipelines")
    existing = pipelines.get(body["id"])
    stamp = iso_now(ctx)
    pipeline = {
        "createdAt": existing["createdAt"] if existing else stamp,
        "updatedAt": stamp,
        "id": body["id"],
        "sourceId": body.get("sourceId", (existing or {}).get("sourceId")),
        "sourceState": {},
        "sourceVertical": None,
        "streams": body.get("streams"),
        "destinationId": body.get("destinationId", (existing or {}).get("destinationId")),
        "destinationState": {},
        "destinationVertical": None,
        "linkOptions": None,
        "lastSyncStartedAt": None,
        "lastSyncCompletedAt": None,
        "disabled": bool(body.get("disabled", False)),
        "metadata": body.get("metadata"),
    }
    pipeline = {
        key: value for key, value in pipeline.items() if value is not None or key not in ("sourceId", "destinationId")
    }
    pipelines.put(body["id"], pipeline)
    return Reply(200, pipeline)


def update_pipeline(ctx: RequestContext) -> Reply:
    pipeline = _pipeline(ctx, ctx.path["id"])
    for name in ("metadata", "disabled", "streams"):
        if name in ctx.body:
            pipeline[name] = ctx.body[name]
    pipeline["updatedAt"] = iso_now(ctx)
    ctx.state.collection("pipelines").touch()
    return Reply(200, dict(pipeline))


def delete_pipeline(ctx: RequestContext) -> Reply:
    _pipeline(ctx, ctx.path["id"])
    ctx.state.collection("pipelines").delete(ctx.path["id"])
    return Reply(200, True)


def _sync_pipeline_now(ctx: RequestContext, pipeline: Record) -> dict[str, str]:
    """Run a pipeline's sync and send `sync.completed` (sync-service.ts `_syncPipeline`)."""
    stamp = iso_now(ctx)
    pipeline["lastSyncStartedAt"] = pipeline["lastSyncCompletedAt"] = stamp
    ctx.state.collection("pipelines").touch()
    source = ctx.state.collection("connections").get(str(pipeline.get("sourceId")))
    customer_id = source.get("customerId") if source else None
    data = {
        "pipeline_id": pipeline["id"],
        "source_id": pipeline.get("sourceId"),
        "destination_id": pipeline.get("destinationId"),
        "customer_id": customer_id,
    }
    # The webhook target is the organization's, which the mock does not keep.
    completed = event(ctx, "sync.completed", data, customer_id, user={"webhook_url": ""})
    return {"pipeline_id": pipeline["id"], "sync_completed_event_id": completed["id"]}


def sync_pipeline(ctx: RequestContext) -> Reply:
    """pipelineRouter.ts `syncPipeline` @31e88320: the output schema is `{}`, so a
    finished sync answers `{}`; with `async` the procedure queues
    `sync/pipeline-requested` and returns nothing, which that schema refuses: tRPC's
    500 "Output validation failed" (the event is sent all the same)."""
    pipeline = _pipeline(ctx, ctx.path["id"])
    if (ctx.body or {}).get("async"):
        event(ctx, "sync/pipeline-requested", {"pipelineId": pipeline["id"]})
        raise TrpcError(500, "Output validation failed")
    _sync_pipeline_now(ctx, pipeline)
    return Reply(200, {})


# -- events -------------------------------------------------------------------------------------


def cursor_page(items: list[Any], cursor: Any, asked_size: Any, default_size: int) -> dict[str, Any]:
    """The unified cursor envelope {next_cursor, has_next_page, items} for the page a
    `cursor` (from a page before, or none) and `page_size` (none or 0: the default) ask for."""
    try:
        offset = CURSORS.decode(cursor)
    except CursorError:
        raise TrpcError(400, "Invalid cursor") from None  # GUESS: wording
    size = PageSize(default_size, clamp_below=True).pick(int(asked_size) if asked_size else None)
    page = window(items, offset, size)
    return {
        "next_cursor": CURSORS.encode(page.end) if page.has_more else None,
        "has_next_page": page.has_more,
        "items": page.items,
    }


def list_events(ctx: RequestContext) -> Reply:
    query = ctx.query
    since = int(query["since"])
    found = [e for e in ctx.state.collection("events") if e["at_ms"] >= since]
    if query.get("customerId") is not None:
        found = [e for e in found if e.get("customer_id") == query["customerId"]]
    if query.get("name") is not None:
        found = [e for e in found if e["name"] == query["name"]]
    customer = _customer(ctx)
    if customer is not None:
        found = [e for e in found if e.get("customer_id") == customer]
    shown = [{key: value for key, value in e.items() if key != "at_ms"} for e in found]
    return Reply(200, cursor_page(shown, query.get("cursor"), query.get("page_size"), EVENTS_PAGE_SIZE))
