"""Fields of a custom object: add (201), update, delete (its values go too)."""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import BadRequest, Conflict
from .guesses import switch
from .model import NAME_KEYS, api_name_of, field_view, fields_of, find_field, find_object, new_id, records_of, stamp

__all__ = ["add_field", "check_field", "delete_field", "deleted", "insert_field", "update_field"]


def deleted(ctx: RequestContext) -> Reply:
    """What a DELETE answers: 200 {"success": true}, or 204 with salesos.delete_status=204."""
    return Reply(204) if switch(ctx, "delete_status") == "204" else Reply(200, {"success": True})


def given_api_name(ctx: RequestContext, given: dict[str, Any], where: str = "") -> str | None:
    """The API name a field definition asks for: `name` (the sibling CreateCustomFieldDto's
    key) or its alias `apiName`.  A key the switch does not accept is refused as the
    ValidationPipe refuses any unknown property (forbidNonWhitelisted)."""
    accepted = NAME_KEYS[switch(ctx, "field_name_key")]
    refused = [
        f"property {where}{key} should not exist" for key in ("name", "apiName") if key in given and key not in accepted
    ]
    if refused:
        raise BadRequest(refused)
    chosen = {given[key] for key in accepted if given.get(key)}
    if len(chosen) > 1:  # GUESS: two different names for one field are refused, not picked between
        raise BadRequest([f"{where}name and {where}apiName must be equal when both are given"])
    return str(chosen.pop()) if chosen else None


def check_field(ctx: RequestContext, obj: Record | None, given: dict[str, Any], where: str = "") -> str:
    """The field's API name, once the definition holds together (400 / 409 otherwise);
    `where` is the definition's place in a larger body (`fields.0.`)."""
    api_name = given_api_name(ctx, given, where) or api_name_of(given["label"])
    if obj is not None and any(f["apiName"] == api_name for f in fields_of(ctx.state, obj["id"])):
        raise Conflict(f"Field with API name '{api_name}' already exists")
    kind = given["fieldType"]
    problems = []
    if kind in ("PICKLIST", "MULTI_PICKLIST") and not given.get("picklistValues"):
        problems.append("picklistValues should not be empty")
    if kind == "LOOKUP":
        target = given.get("lookupObjectId")
        if not target:
            problems.append("lookupObjectId should not be empty")
        elif ctx.state.collection("objects").get(target) is None:
            problems.append("lookupObjectId must be the id of an existing custom object")
    if problems:
        raise BadRequest(problems)
    return str(api_name)


def insert_field(ctx: RequestContext, obj: Record, given: dict[str, Any], where: str = "") -> Record:
    api_name = check_field(ctx, obj, given, where)
    when = stamp(ctx)
    field = {
        "id": new_id(ctx),
        "objectId": obj["id"],
        "apiName": api_name,
        "label": given["label"],
        "description": given.get("description"),
        "fieldType": given["fieldType"],
        "isRequired": bool(given.get("isRequired", False)),
        "isUnique": bool(given.get("isUnique", False)),
        "defaultValue": given.get("defaultValue"),
        "picklistValues": list(given.get("picklistValues") or []),
        "lookupObjectId": given.get("lookupObjectId"),
        "createdAt": when,
        "updatedAt": when,
    }
    return ctx.state.collection("fields").put(field["id"], field)


def add_field(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    return Reply(201, field_view(ctx, insert_field(ctx, obj, ctx.body)))


def update_field(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    field = find_field(ctx, obj, ctx.path["fieldId"])
    body = ctx.body
    if body.get("isUnique") and not field["isUnique"]:
        values = [r["data"].get(field["apiName"]) for r in records_of(ctx.state, obj["id"])]
        present = [value for value in values if value is not None]
        if len(present) != len({repr(value) for value in present}):
            raise Conflict(f"Field {field['apiName']} has duplicate values and cannot be made unique")
    if "picklistValues" in body and field["fieldType"] in ("PICKLIST", "MULTI_PICKLIST") and not body["picklistValues"]:
        raise BadRequest(["picklistValues should not be empty"])
    for name in ("label", "description", "isRequired", "isUnique", "defaultValue", "picklistValues"):
        if name in body:
            field[name] = body[name]
    field["updatedAt"] = stamp(ctx)
    ctx.state.collection("fields").touch()
    return Reply(200, field_view(ctx, field))


def delete_field(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    field = find_field(ctx, obj, ctx.path["fieldId"])
    ctx.state.collection("fields").delete(field["id"])
    records = records_of(ctx.state, obj["id"])
    for record in records:
        record["data"].pop(field["apiName"], None)
    records.touch()
    return deleted(ctx)
