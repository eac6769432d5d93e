"""Custom fields v2 and their folders."""

from __future__ import annotations

import copy

from ...core.vendor import Reply, RequestContext
from .errors import BadRequest, NotFound, Unprocessable
from .model import (
    OPTION_TYPES,
    add_field,
    ensure_location,
    find_object,
    full_field_key,
    now,
    object_fields,
    property_name,
    require,
)

__all__ = [
    "create_custom_field",
    "create_custom_field_folder",
    "delete_custom_field",
    "delete_custom_field_folder",
    "get_custom_field_by_id",
    "get_custom_fields_by_object_key",
    "update_custom_field",
    "update_custom_field_folder",
]

UPDATABLE = ("name", "description", "placeholder", "showInForms", "options", "acceptedFormats", "maxFileLimit")
# What a create body may set; anything else a client sends (id, standard, position,
# dateAdded...) is the server's to decide.
CREATABLE = (
    "name",
    "description",
    "placeholder",
    "showInForms",
    "options",
    "acceptedFormats",
    "dataType",
    "fieldKey",
    "maxFileLimit",
    "allowCustomOption",
    "parentId",
)


def _field_key(object_key: str, raw: str) -> str:
    """The full key, `<objectKey>.<key>`, from the short or the full form."""
    field_key = full_field_key(object_key, raw)
    if "." in property_name(object_key, field_key):
        # GUESS: a key of another object (or with dots of its own, which record
        # values reserve for TEXTBOX_LIST options) is refused, not nested.
        raise BadRequest(f"Invalid fieldKey {raw}: expected {object_key}.<key>")
    return field_key


def create_custom_field(ctx: RequestContext) -> Reply:
    body = ctx.body
    if body["dataType"] in OPTION_TYPES and not body.get("options"):
        # A validation error, so answered before anything is looked up.
        raise Unprocessable(["options should not be empty"])
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    obj = find_object(ctx, location_id, body["objectKey"])
    folder = ctx.state.collection("folders").get(body["parentId"])
    if folder is None or folder["locationId"] != location_id or folder["objectKey"] != obj["key"]:
        # GUESS: the parent must be one of this object's folders.
        raise BadRequest(f"Folder {body['parentId']} not found for {obj['key']}")
    field_key = _field_key(obj["key"], body["fieldKey"])
    if any(field["fieldKey"] == field_key for field in object_fields(ctx, obj)):
        # GUESS: field keys are unique within an object.
        raise BadRequest(f"Field with key {field_key} already exists")
    given = {name: body[name] for name in CREATABLE if name in body}
    field = add_field(ctx.state, location_id, obj["key"], {**given, "fieldKey": field_key}, now(ctx))
    return Reply(201, {"field": field})


def get_custom_field_by_id(ctx: RequestContext) -> Reply:
    return Reply(200, {"field": require(ctx, "fields", ctx.path["id"], "Custom field")})


def update_custom_field(ctx: RequestContext) -> Reply:
    body = ctx.body
    ensure_location(ctx, body["locationId"])
    field = require(ctx, "fields", ctx.path["id"], "Custom field")
    if field["locationId"] != body["locationId"]:
        raise NotFound("Custom field not found")
    if "options" in body and field["dataType"] in OPTION_TYPES:
        if not body["options"]:
            raise Unprocessable(["options should not be empty"])
        kept = {option["key"] for option in body["options"]}
        dropped = [option["key"] for option in field.get("options") or [] if option["key"] not in kept]
        if dropped:
            # The vendor documents that options given here replace the old ones,
            # which must all be included: "Removal of options is not supported
            # through this update".  GUESS: leaving one out is refused (400).
            raise BadRequest(f"Removal of options is not supported: {', '.join(dropped)}")
    for name in UPDATABLE:
        if name in body:
            field[name] = copy.deepcopy(body[name])
    field["dateUpdated"] = now(ctx)
    # Edited in place: the records' validators, cached per version, must see it.
    ctx.state.collection("fields").touch()
    return Reply(200, {"field": field})


def delete_custom_field(ctx: RequestContext) -> Reply:
    field = require(ctx, "fields", ctx.path["id"], "Custom field")
    obj = ctx.state.collection("objects").find(locationId=field["locationId"], key=field["objectKey"])
    if obj is not None and obj["primaryDisplayProperty"] == field["fieldKey"]:
        # GUESS: the primary display property cannot be removed.
        raise BadRequest("The primary display property of an object cannot be deleted")
    ctx.state.collection("fields").delete(field["id"])
    if obj is not None:
        name = property_name(obj["key"], field["fieldKey"])
        obj["searchableProperties"] = [key for key in obj["searchableProperties"] if key != field["fieldKey"]]
        for record in ctx.state.collection("records").where(objectId=obj["id"]):
            for key in [k for k in record["properties"] if k == name or k.startswith(name + ".")]:
                del record["properties"][key]
    return Reply(200, {"succeded": True, "id": field["id"], "key": field["fieldKey"]})


def get_custom_fields_by_object_key(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    obj = find_object(ctx, location_id, ctx.path["objectKey"])
    folders = ctx.state.collection("folders").where(locationId=location_id, objectKey=obj["key"])
    return Reply(200, {"fields": object_fields(ctx, obj), "folders": folders})


def create_custom_field_folder(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    obj = find_object(ctx, location_id, body["objectKey"])
    folder_id = ctx.state.ids.alnum(20)
    folder = {"id": folder_id, "objectKey": obj["key"], "locationId": location_id, "name": body["name"]}
    ctx.state.collection("folders").put(folder_id, folder)
    return Reply(201, folder)


def _folder(ctx: RequestContext, location_id: str) -> dict[str, str]:
    ensure_location(ctx, location_id)
    folder = ctx.state.collection("folders").get(ctx.path["id"])
    if folder is None or folder["locationId"] != location_id:
        raise NotFound("Folder not found")
    return folder


def update_custom_field_folder(ctx: RequestContext) -> Reply:
    folder = _folder(ctx, ctx.body["locationId"])
    folder["name"] = ctx.body["name"]
    return Reply(200, folder)


def delete_custom_field_folder(ctx: RequestContext) -> Reply:
    folder = _folder(ctx, ctx.query["locationId"])
    if ctx.state.collection("fields").find(parentId=folder["id"]) is not None:
        # GUESS: a folder that still holds fields stays.
        raise BadRequest("Folder is not empty; delete its fields first")
    ctx.state.collection("folders").delete(folder["id"])
    return Reply(200, {"succeded": True, "id": folder["id"], "key": folder["objectKey"]})
