"""Objects (schemas): list, create, get by key or id, update."""

from __future__ import annotations

from typing import Any

from ...core.vendor import Reply, RequestContext
from .errors import BadRequest, Unprocessable
from .model import (
    CUSTOM_PREFIX,
    add_field,
    add_object,
    ensure_location,
    find_object,
    full_field_key,
    normalise_object_key,
    now,
    object_fields,
    object_view,
    trace_id,
)

__all__ = [
    "create_custom_object_schema",
    "get_object_by_location_id",
    "get_object_schema_by_key",
    "update_custom_object",
]


def get_object_by_location_id(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    objects = ctx.state.collection("objects").where(locationId=location_id)
    # Live captures: served from HighLevel's cache, with a traceId.
    return Reply(200, {"objects": [object_view(obj) for obj in objects], "cache": True, "traceId": trace_id(ctx)})


def create_custom_object_schema(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    key = normalise_object_key(body["key"])
    if key == CUSTOM_PREFIX:
        # GUESS: a key with no letters or digits (" ", "custom_objects.", "--") has
        # nothing left once normalised; refused as class-validator refuses "".
        raise Unprocessable(["key should not be empty"])
    if ctx.state.collection("objects").find(locationId=location_id, key=key) is not None:
        # GUESS (FACTS.md 6): duplicate keys are refused with a 400; wording ours.
        raise BadRequest(f"Custom object with key {key} already exists")
    display = body["primaryDisplayPropertyDetails"]
    display_key = full_field_key(key, display["key"])
    stamp = now(ctx)
    obj = add_object(
        ctx.state,
        location_id,
        {
            "key": key,
            "labels": body["labels"],
            "description": body.get("description"),
            "primaryDisplayProperty": display_key,
            "searchableProperties": [display_key],
        },
        stamp=stamp,
        standard=False,
    )
    folder = ctx.state.collection("folders").find(locationId=location_id, objectKey=key)
    assert folder is not None  # add_object always makes one
    add_field(
        ctx.state,
        location_id,
        key,
        {"fieldKey": display_key, "name": display["name"], "dataType": display["dataType"], "parentId": folder["id"]},
        stamp,
    )
    return Reply(201, {"object": object_view(obj)})


def get_object_schema_by_key(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    obj = find_object(ctx, location_id, ctx.path["key"])
    body: dict[str, Any] = {"object": object_view(obj)}
    if str(ctx.query.get("fetchProperties", "")).lower() == "true":
        body["fields"] = object_fields(ctx, obj)
    return Reply(200, {**body, "cache": True, "traceId": trace_id(ctx)})


def update_custom_object(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    obj = find_object(ctx, location_id, ctx.path["key"])
    known = {field["fieldKey"] for field in object_fields(ctx, obj)}
    unknown = [key for key in body["searchableProperties"] if key not in known]
    if unknown:
        # GUESS: searchable properties must be fields of this object.
        raise BadRequest(f"Invalid searchable properties: {', '.join(unknown)}")
    labels = body.get("labels") or {}
    for part in ("singular", "plural"):
        if labels.get(part):
            obj["labels"][part] = labels[part]
    if "description" in body:
        obj["description"] = body["description"]
    obj["searchableProperties"] = list(dict.fromkeys(body["searchableProperties"]))
    obj["dateUpdated"] = now(ctx)
    return Reply(200, {"object": object_view(obj)})
