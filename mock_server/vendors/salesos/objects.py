"""Custom objects: list, create (201), stats, get, update, delete."""

from __future__ import annotations

from typing import Any

from ...core.vendor import Reply, RequestContext
from .errors import Conflict
from .fields import check_field, deleted, insert_field
from .model import (
    DEFAULT_SETTINGS,
    api_name_of,
    fields_of,
    find_object,
    new_id,
    object_view,
    page_of,
    records_of,
    stamp,
)

__all__ = [
    "create_custom_object",
    "delete_custom_object",
    "get_custom_object",
    "get_stats",
    "list_custom_objects",
    "update_custom_object",
]


def list_custom_objects(ctx: RequestContext) -> Reply:
    objects = sorted(ctx.state.collection("objects").values(), key=lambda obj: (obj["createdAt"], obj["id"]))
    body, headers = page_of(ctx, [object_view(ctx, obj) for obj in objects])
    return Reply(200, body, headers)


def create_custom_object(ctx: RequestContext) -> Reply:
    body = ctx.body
    api_name = body.get("apiName") or api_name_of(body["name"])
    if ctx.state.collection("objects").find(apiName=api_name) is not None:
        raise Conflict(f"Custom object with API name '{api_name}' already exists")
    for index, field in enumerate(body.get("fields") or []):
        check_field(ctx, None, field, f"fields.{index}.")
    when = stamp(ctx)
    obj: dict[str, Any] = {
        "id": new_id(ctx),
        "name": body["name"],
        "pluralName": body.get("pluralName") or f"{body['name']}s",
        "apiName": api_name,
        "description": body.get("description"),
        "icon": body.get("icon"),
        "primaryField": body.get("primaryField"),
        "settings": {**DEFAULT_SETTINGS, **(body.get("settings") or {})},
        "createdAt": when,
        "updatedAt": when,
    }
    ctx.state.collection("objects").put(obj["id"], obj)
    for index, field in enumerate(body.get("fields") or []):
        insert_field(ctx, obj, field, f"fields.{index}.")
    return Reply(201, object_view(ctx, obj))


def get_stats(ctx: RequestContext) -> Reply:
    objects = ctx.state.collection("objects").values()
    per_object = [
        {
            "id": obj["id"],
            "name": obj["name"],
            "apiName": obj["apiName"],
            "fieldCount": len(fields_of(ctx.state, obj["id"])),
            "recordCount": len(records_of(ctx.state, obj["id"])),
        }
        for obj in objects
    ]
    return Reply(
        200,
        {
            "totalObjects": len(objects),
            "totalFields": sum(item["fieldCount"] for item in per_object),
            "totalRecords": sum(item["recordCount"] for item in per_object),
            "objects": per_object,
        },
    )


def get_custom_object(ctx: RequestContext) -> Reply:
    return Reply(200, object_view(ctx, find_object(ctx, ctx.path["id"])))


def update_custom_object(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    body = ctx.body
    for name in ("name", "pluralName", "description", "icon", "primaryField"):
        if name in body:
            obj[name] = body[name]
    if "settings" in body:
        obj["settings"] = {**obj["settings"], **body["settings"]}
    obj["updatedAt"] = stamp(ctx)
    ctx.state.collection("objects").touch()
    return Reply(200, object_view(ctx, obj))


def delete_custom_object(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    fields = ctx.state.collection("fields")
    for field in fields_of(ctx.state, obj["id"]):
        fields.delete(field["id"])
    records = records_of(ctx.state, obj["id"])
    for record in records.values():
        records.delete(record["id"])
    ctx.state.collection("objects").delete(obj["id"])
    return deleted(ctx)
