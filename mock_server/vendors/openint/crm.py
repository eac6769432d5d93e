"""Unified CRM (`/unified/crm/...`): the connection named by the x-connection-*
headers answers from its own data, through its connector's adapter.

A connector without a CRM adapter answers 400 `Adapter <name> not found`; an
adapter without the operation answers 501 NOT_IMPLEMENTED (FACTS.md 3).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .core import visible_connections
from .errors import OutsideError, TrpcError
from .model import CRM_ENTITIES, connector, crm_records, iso_now, not_found, raw_of, unified_view

__all__ = ["connection_for", "crm_operation"]

DEFAULT_PAGE_SIZE = 100  # GUESS (FACTS.md 7): the adapters decide
MISSING = "remoteConnectionId missing. Check your x-connection-* headers"
FILTERS = {
    "x-connection-customer-id": "customerId",
    "x-connection-connector-name": "connectorName",
    "x-connection-connector-config-id": "connectorConfigId",
}


def connection_for(ctx: RequestContext) -> Record:
    headers = ctx.request.header
    connection_id = headers.get("x-connection-id")
    visible = visible_connections(ctx)
    if connection_id:
        if not str(connection_id).startswith("conn_"):
            raise OutsideError(
                500, f"ZodError: Is not a valid connection id, expecting conn_ ({connection_id})"
            )  # GUESS
        found = next((c for c in visible if c["id"] == connection_id), None)
        if found is None:
            raise not_found("connection", str(connection_id))
        return found
    wanted = {field: str(headers[header]) for header, field in FILTERS.items() if headers.get(header)}
    if not wanted:
        raise TrpcError(400, MISSING)
    matches = [c for c in visible if all(c.get(field) == value for field, value in wanted.items())]
    if len(matches) > 1:
        shown = json.dumps(wanted, separators=(",", ":"))
        raise OutsideError(400, f"TRPCError: Multiple connections found for filter: {shown}")
    if not matches:
        raise TrpcError(400, MISSING)
    return matches[0]


def _adapter(ctx: RequestContext, connection: Record, procedure: str) -> str:
    """The connector's name, once its adapter is known to offer `procedure`."""
    name = str(connection["connectorName"])
    listed = connector(ctx.fixtures, name) or {}
    offered = listed.get("crm")
    if not offered:
        raise TrpcError(400, f"Adapter {name} not found")
    if offered != "all" and procedure not in offered:
        raise TrpcError(501, f"{name} provider does not implement crm.{procedure}")
    return name


def crm_operation(
    procedure: str, body: Callable[[RequestContext, Record, str], Any]
) -> Callable[[RequestContext], Reply]:
    """A handler: resolve the connection, check the adapter, answer with x-connection-id."""

    def handle(ctx: RequestContext) -> Reply:
        connection = connection_for(ctx)
        name = _adapter(ctx, connection, procedure)
        return Reply(200, body(ctx, connection, name), {"x-connection-id": connection["id"]})

    handle.__name__ = procedure
    return handle


# -- pages and records ---------------------------------------------------------------------------


def _offset(cursor: Any) -> int:
    if not cursor:
        return 0
    try:
        return int(json.loads(base64.b64decode(str(cursor)))["offset"])
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: nested past the parser
        raise TrpcError(400, "Invalid cursor") from None  # GUESS: wording


def page(ctx: RequestContext, items: list[Any]) -> dict[str, Any]:
    offset = _offset(ctx.query.get("cursor"))
    size = int(ctx.query.get("page_size") or DEFAULT_PAGE_SIZE)
    chunk = items[offset : offset + size]
    more = offset + size < len(items)
    cursor = base64.b64encode(json.dumps({"offset": offset + size}).encode()).decode() if more else None
    return {"next_cursor": cursor, "has_next_page": more, "items": chunk}


def _list(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        records = [r for r in crm_records(ctx.state, connection["id"], entity) if not r.get("is_deleted")]
        return page(ctx, [unified_view(name, entity, record) for record in records])

    return body


def _find(ctx: RequestContext, connection: Record, entity: str, record_id: str) -> Record:
    found = crm_records(ctx.state, connection["id"], entity).get(record_id)
    if found is None:
        # GUESS: the provider's 404 passed on (its status, the tRPC shape)
        raise TrpcError(404, f"{entity} {record_id} not found")
    return found


def _get(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        record = _find(ctx, connection, entity, ctx.path["id"])
        return {"record": unified_view(name, entity, record), "raw": raw_of(name, entity, record)}

    return body


def _new_id(ctx: RequestContext, name: str, entity: str) -> str:
    """An id in the provider's own form."""
    if name == "salesforce":
        prefix = {
            "account": "001",
            "contact": "003",
            "lead": "00Q",
            "opportunity": "006",
            "note": "002",
            "user": "005",
        }[entity]
        return prefix + ctx.state.ids.alnum(15)
    if name == "hubspot":
        return str(10_000_000_000 + int(ctx.state.ids.hex(8), 16) % 89_999_999_999)
    return str(1_000 + int(ctx.state.ids.hex(6), 16) % 8_999_000)


def _writable(entity: str, given: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in given.items() if key != "passthrough_fields"}


def _create(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        record = _insert(ctx, connection, name, entity, ctx.body["record"])
        return {"record": unified_view(name, entity, record)}

    return body


def _insert(ctx: RequestContext, connection: Record, name: str, entity: str, given: dict[str, Any]) -> Record:
    stamp = iso_now(ctx)
    record: dict[str, Any] = {"id": _new_id(ctx, name, entity), "created_at": stamp, "updated_at": stamp}
    record["is_deleted"] = False
    record.update(_writable(entity, given))
    return crm_records(ctx.state, connection["id"], entity).put(record["id"], record)


def _update(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        record = _find(ctx, connection, entity, ctx.path["id"])
        record.update(_writable(entity, ctx.body["record"]))
        record["updated_at"] = iso_now(ctx)
        crm_records(ctx.state, connection["id"], entity).touch()
        return {"record": unified_view(name, entity, record)}

    return body


def _batch_read(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        records = crm_records(ctx.state, connection["id"], entity)
        found = [records.get(str(record_id)) for record_id in ctx.body["ids"]]
        return [unified_view(name, entity, record) for record in found if record is not None]

    return body


def _domain(value: Any) -> str:
    text = str(value or "").lower().strip()
    text = re.sub(r"^[a-z]+://", "", text)
    return text.removeprefix("www.").split("/")[0]


def _upsert(entity: str) -> Callable[[RequestContext, Record, str], Any]:
    def body(ctx: RequestContext, connection: Record, name: str) -> Any:
        upsert_on, given = ctx.body["upsert_on"], ctx.body["record"]
        values = {str(value).lower() for value in upsert_on["values"]}
        records = crm_records(ctx.state, connection["id"], entity)
        if entity == "account":
            wanted = {_domain(value) for value in values}
            matches = [r for r in records if _domain(r.get("website")) in wanted]
        else:
            matches = [r for r in records if str(r.get("email") or "").lower() in values]
        if len(matches) > 1:
            # GUESS (FACTS.md 6): the adapters refuse an ambiguous upsert.
            raise TrpcError(400, f"Multiple {entity}s found for {upsert_on['key']}: {sorted(values)}")
        if matches:
            record = matches[0]
            record.update(_writable(entity, given))
            record["updated_at"] = iso_now(ctx)
            records.touch()
        else:
            record = _insert(ctx, connection, name, entity, given)
        return {"record": unified_view(name, entity, record)}

    return body


def _count(ctx: RequestContext, connection: Record, name: str) -> Any:
    entity = str(ctx.path["entity"])
    if entity not in CRM_ENTITIES:
        return {"count": 0}
    return {"count": sum(1 for r in crm_records(ctx.state, connection["id"], entity) if not r.get("is_deleted"))}


def _create_note(ctx: RequestContext, connection: Record, name: str) -> Any:
    record = _insert(ctx, connection, name, "note", ctx.body["record"])
    return {"record": unified_view(name, "note", record)}


HANDLERS: dict[str, Callable[[RequestContext], Reply]] = {
    "crm-countEntity": crm_operation("countEntity", _count),
    "crm-createNote": crm_operation("createNote", _create_note),
    "crm-listNotes": crm_operation("listNotes", _list("note")),
}
for _entity, _plural in (
    ("account", "Accounts"),
    ("contact", "Contacts"),
    ("lead", "Leads"),
    ("opportunity", "Opportunities"),
    ("user", "Users"),
):
    _title = _entity.capitalize()
    HANDLERS[f"crm-list{_plural}"] = crm_operation(f"list{_plural}", _list(_entity))
    HANDLERS[f"crm-get{_title}"] = crm_operation(f"get{_title}", _get(_entity))
for _entity, _plural in (("account", "Accounts"), ("contact", "Contacts")):
    _title = _entity.capitalize()
    HANDLERS[f"crm-create{_title}"] = crm_operation(f"create{_title}", _create(_entity))
    HANDLERS[f"crm-update{_title}"] = crm_operation(f"update{_title}", _update(_entity))
    HANDLERS[f"crm-batchRead{_plural}"] = crm_operation(f"batchRead{_plural}", _batch_read(_entity))
    HANDLERS[f"crm-upsert{_title}"] = crm_operation(f"upsert{_title}", _upsert(_entity))
