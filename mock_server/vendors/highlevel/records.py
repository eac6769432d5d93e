"""Records of custom objects and business: create, get, update, delete, search."""

from __future__ import annotations

from typing import Any

from ...core.query import contains_text, sort_records
from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import BadRequest, NotFound, Unprocessable
from .model import (
    CUSTOM_PREFIX,
    add_record,
    api_actor,
    ensure_location,
    find_object,
    find_record,
    forget_relations_of,
    now,
    object_fields,
    property_name,
    record_view,
    searched_record_view,
    trace_id,
)
from .search import compile_filters, ordering
from .users import check_user_ids
from .values import reject_record_values

__all__ = [
    "create_object_record",
    "delete_object_record",
    "get_record_by_id",
    "search_object_records",
    "update_object_record",
]

# Records exist for custom objects and for business (companies) only.  A business
# record is the very one the Businesses API serves flat (businesses.py).
RECORD_STANDARD_OBJECTS = {"business"}


def _record_object(ctx: RequestContext, location_id: str, schema_key: str) -> Record:
    obj = find_object(ctx, location_id, schema_key)
    if obj["standard"] and obj["key"] not in RECORD_STANDARD_OBJECTS:
        # GUESS: the vendor documents the limit, not the answer to crossing it.
        raise BadRequest(f"Records of {obj['key']} are not supported by this API")
    return obj


def _owner(body: dict[str, Any]) -> list[str] | None:
    owner = body.get("owner", body.get("owners"))
    return list(owner) if owner is not None else None


def _check_people(ctx: RequestContext, location_id: str, body: dict[str, Any]) -> None:
    """Owner and followers are users of the location, when `highlevel.check_user_ids=on`."""
    check_user_ids(ctx, _owner(body), "owner", location_id)
    check_user_ids(ctx, body.get("followers"), "followers", location_id)


def create_object_record(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    obj = _record_object(ctx, location_id, ctx.path["schemaKey"])
    values = body.get("properties") or {}
    reject_record_values(ctx, obj, values)
    _check_people(ctx, location_id, body)
    stamp = now(ctx)
    record = add_record(
        ctx.state,
        obj,
        {
            "properties": {k: v for k, v in values.items() if v is not None},
            "owner": _owner(body),
            "followers": body.get("followers"),
            "createdAt": stamp,
        },
        stamp,
    )
    record["createdBy"] = record["lastUpdatedBy"] = api_actor(ctx, stamp)
    return Reply(201, {"record": record_view(ctx, record), "traceId": trace_id(ctx)})


def get_record_by_id(ctx: RequestContext) -> Reply:
    schema_key = ctx.path["schemaKey"]
    record = find_record(ctx, ctx.path["id"], schema_key)
    return Reply(200, {"record": record_view(ctx, record), "traceId": trace_id(ctx)})


def update_object_record(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    obj = _record_object(ctx, location_id, ctx.path["schemaKey"])
    record = find_record(ctx, ctx.path["id"], obj["key"])
    if record["locationId"] != location_id:
        raise NotFound("Record not found")
    body = ctx.body
    values = body.get("properties")
    if values is not None:
        reject_record_values(ctx, obj, values)
        for name, value in values.items():
            if value is None:
                record["properties"].pop(name, None)
            else:
                record["properties"][name] = value
    _check_people(ctx, location_id, body)
    owner = _owner(body)
    if owner is not None:
        record["owner"] = owner
    if body.get("followers") is not None:
        record["followers"] = list(body["followers"])
    stamp = now(ctx)
    record["updatedAt"] = stamp
    record["lastUpdatedBy"] = api_actor(ctx, stamp)
    return Reply(200, {"record": record_view(ctx, record), "traceId": trace_id(ctx)})


def delete_object_record(ctx: RequestContext) -> Reply:
    record = find_record(ctx, ctx.path["id"], ctx.path["schemaKey"])
    ctx.state.collection("records").delete(record["id"])
    forget_relations_of(ctx.state, record["locationId"], record["id"])
    return Reply(200, {"id": record["id"], "success": True})


def _matches(record: Record, names: list[str], needle: str) -> bool:
    """Whether any of the searched properties contains `needle`, regardless of case."""
    for name in names:
        value = record["properties"].get(name)
        if isinstance(value, dict):
            value = value.get("value")
        if contains_text(value, needle, str.lower):
            return True
    return False


def _search_terms(ctx: RequestContext, obj: Record, query: str) -> tuple[list[str], str]:
    searchable = [property_name(obj["key"], key) for key in obj["searchableProperties"]]
    field_names = {property_name(obj["key"], field["fieldKey"]) for field in object_fields(ctx, obj)}
    query = query.strip()
    if not query or query == "*":
        return [], ""
    if ":" in query:
        field, _, needle = query.partition(":")
        name = property_name(obj["key"], field.strip())
        if name.startswith(CUSTOM_PREFIX):
            name = name.rsplit(".", 1)[-1]
        if name not in searchable:
            known = "unknown" if name not in field_names else "not searchable"
            # GUESS: searching on a property that is not searchable is a validation error.
            raise Unprocessable([f"{field.strip()} is {known}; searchable properties: {', '.join(searchable)}"])
        return [name], needle.strip()
    return searchable, query


def search_object_records(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    obj = _record_object(ctx, location_id, ctx.path["schemaKey"])
    names, needle = _search_terms(ctx, obj, body.get("query") or "")
    keep = compile_filters(body.get("filters") or [])
    order = ordering(body.get("sort"))
    matches = [
        record
        for record in ctx.state.collection("records").where(objectId=obj["id"])
        if (not needle or _matches(record, names, needle)) and keep(record)
    ]
    matches = sort_records(matches, order.key, order.descending)
    page = order.page(matches, int(body["pageLimit"]), body.get("searchAfter") or [], body.get("page"))
    return Reply(
        200,
        {
            "records": [searched_record_view(ctx, record, order.cursor(record)) for record in page.items],
            "total": len(matches),
            "traceId": trace_id(ctx),
        },
    )
