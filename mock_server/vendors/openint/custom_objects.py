"""Unified CRM metadata (objects, properties, associations) and custom object
records, which are checked against their object's fields."""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import RequestContext
from .crm import HUBSPOT_API, crm_operation, page
from .errors import ProviderError, TrpcError
from .model import custom_object, custom_objects, custom_record, custom_records, iso_now
from .values import record_issues

__all__ = [
    "create_custom_object_record",
    "list_custom_object_records",
    "metadata_create_association",
    "metadata_create_object",
    "metadata_create_object_property",
    "metadata_list_object_properties",
    "metadata_list_objects",
]

STANDARD_OBJECTS = {
    "account": ("Account", ("name", "website", "industry", "number_of_employees", "owner_id", "lifecycle_stage")),
    "contact": ("Contact", ("first_name", "last_name", "email", "phone")),
    "lead": ("Lead", ("first_name", "last_name", "company", "title", "lead_source", "owner_id")),
    "opportunity": ("Opportunity", ("name", "amount", "stage", "status", "close_date", "account_id", "owner_id")),
    "note": ("Note", ("content",)),
    "user": ("User", ("name", "email", "is_active")),
}


def _objects(ctx: RequestContext, connection: Record) -> Any:
    return custom_objects(ctx.state, connection["id"])


def _object_id(name: str, connector_name: str, ctx: RequestContext) -> str:
    """Custom object ids in the provider's own style: HubSpot's schema id is numeric
    (its object type id is that number prefixed with `2-`)."""
    if connector_name == "salesforce":
        return f"{name}__c"
    if connector_name == "hubspot":
        return str(10_000_000 + int(ctx.state.ids.hex(6), 16) % 89_999_999)
    return name


def _custom(ctx: RequestContext, connection: Record, object_name: str) -> Record:
    objects = _objects(ctx, connection)
    found: Record | None = objects.get(object_name) or next(
        (o for o in objects if object_name in (o["name"], o.get("object_type_id"))), None
    )
    if found is None:
        if connection["connectorName"] == "hubspot":
            # The HubSpot adapter resolves a name or `2-...` id against the schemas first.
            raise TrpcError(404, f"Could not find custom object schema with name or id {object_name}")
        raise TrpcError(404, f"Custom object {object_name} not found")  # GUESS: wording
    return found


def _list_objects(ctx: RequestContext, connection: Record, name: str) -> Any:
    kind = ctx.query.get("type")
    found: list[dict[str, str]] = []
    if kind in (None, "standard"):
        found.extend({"id": key, "name": label} for key, (label, _) in STANDARD_OBJECTS.items())
    if kind in (None, "custom"):
        found.extend({"id": obj["id"], "name": obj["name"]} for obj in _objects(ctx, connection))
    return found


def _check_primary_field(body: dict[str, Any]) -> None:
    """The HubSpot adapter's checks before it creates a schema (hubspot-adapter/index.ts
    `metadataCreateObject`): the primary field exists, is text and is required; no url fields."""
    key = body["primary_field_id"]
    primary = next((field for field in body["fields"] if field["id"] == key), None)
    if primary is None:
        raise TrpcError(400, f"Could not find primary field with key name {key}")
    if primary["type"] != "text":
        raise TrpcError(400, f"Primary field must be of type text, but was {primary['type']} with key name {key}")
    if not primary.get("is_required"):
        raise TrpcError(400, f"Primary field must be required, but was not with key name {key}")
    if any(field["type"] == "url" for field in body["fields"]):
        raise TrpcError(400, "url type is unsupported")


def _schema_conflict(ctx: RequestContext, object_name: str) -> ProviderError:
    """HubSpot's 409 for a schema name it already has, passed on. GUESS: the body's wording."""
    return _hubspot_conflict(ctx, f"Object type with name '{object_name}' already exists", "/crm/v3/schemas")


def _hubspot_conflict(ctx: RequestContext, message: str, path: str) -> ProviderError:
    body = {
        "status": "error",
        "message": message,
        "correlationId": ctx.state.ids.uuid4(),
        "category": "OBJECT_ALREADY_EXISTS",
    }
    return ProviderError(409, "Conflict", "POST", f"{HUBSPOT_API}{path}", body)


def _create_object(ctx: RequestContext, connection: Record, name: str) -> Any:
    body = ctx.body
    _check_primary_field(body)
    if any(o["name"] == body["name"] for o in _objects(ctx, connection)) or body["name"] in STANDARD_OBJECTS:
        raise _schema_conflict(ctx, body["name"])
    object_id = _object_id(body["name"], name, ctx)
    _objects(ctx, connection).put(object_id, custom_object(object_id, body, iso_now(ctx)))
    return {"id": object_id, "name": body["name"]}


def _properties_of(ctx: RequestContext, connection: Record, object_name: str) -> list[dict[str, Any]]:
    if object_name in STANDARD_OBJECTS:
        _, names = STANDARD_OBJECTS[object_name]
        extra = ctx.state.collection(f"crm:{connection['id']}:properties:{object_name}").values()
        return [{"id": n, "label": n.replace("_", " ").capitalize(), "type": "text"} for n in names] + extra
    obj = _custom(ctx, connection, object_name)
    return [
        {"id": f["id"], "label": f["label"], "type": f["type"], "raw_details": f.get("raw_details", {})}
        for f in obj["fields"]
    ] + list(obj["properties"])


def _list_properties(ctx: RequestContext, connection: Record, name: str) -> Any:
    return _properties_of(ctx, connection, ctx.path["object_name"])


def _create_property(ctx: RequestContext, connection: Record, name: str) -> Any:
    object_name = ctx.path["object_name"]
    given = {key: value for key, value in ctx.body.items() if key in ("id", "label", "type", "raw_details")}
    if any(p["id"] == given["id"] for p in _properties_of(ctx, connection, object_name)):
        raise _property_conflict(ctx, object_name, given["id"])
    if object_name in STANDARD_OBJECTS:
        ctx.state.collection(f"crm:{connection['id']}:properties:{object_name}").put(given["id"], given)
    else:
        obj = _custom(ctx, connection, object_name)
        obj["properties"].append(given)
        _objects(ctx, connection).touch()
    return given


def _property_conflict(ctx: RequestContext, object_name: str, property_name: str) -> ProviderError:
    """HubSpot's 409 for a property name the object already has, passed on. GUESS: the body."""
    message = f"Property named '{property_name}' already exists."
    return _hubspot_conflict(ctx, message, f"/crm/v3/properties/{object_name}")


def _create_association(ctx: RequestContext, connection: Record, name: str) -> Any:
    body = ctx.body
    known = (
        set(STANDARD_OBJECTS)
        | {o["name"] for o in _objects(ctx, connection)}
        | {o["id"] for o in _objects(ctx, connection)}
    )
    for side in ("source_object", "target_object"):
        if body[side] not in known:
            raise TrpcError(404, f"Object {body[side]} not found")  # GUESS
    association_id = f"{body['source_object']}_{body['target_object']}_{body['suggested_key_name']}"
    schema = {
        "id": association_id,
        "source_object": body["source_object"],
        "target_object": body["target_object"],
        "display_name": body["display_name"],
    }
    ctx.state.collection(f"crm:{connection['id']}:associations").put(association_id, dict(schema))
    return {"association_schema": schema}


# -- records of custom objects ----------------------------------------------------------------


def _list_records(ctx: RequestContext, connection: Record, name: str) -> Any:
    obj = _custom(ctx, connection, ctx.path["object_name"])
    return page(ctx, custom_records(ctx.state, connection["id"], obj["id"]).values(), name)


def _create_record(ctx: RequestContext, connection: Record, name: str) -> Any:
    obj = _custom(ctx, connection, ctx.path["object_name"])
    given = ctx.body["record"]
    issues = record_issues(obj["fields"], given)
    if issues:
        raise TrpcError(400, "Input validation failed", issues=issues)
    record = custom_record(obj, ctx.state.ids.ulid(), given, iso_now(ctx))
    custom_records(ctx.state, connection["id"], obj["id"]).put(record["id"], record)
    return {"record": record}


# -- handlers: one per operationId (routes.py), each named after its adapter procedure ------------

metadata_list_objects = crm_operation("metadataListObjects", _list_objects)
metadata_create_object = crm_operation("metadataCreateObject", _create_object)
metadata_list_object_properties = crm_operation("metadataListObjectProperties", _list_properties)
metadata_create_object_property = crm_operation("metadataCreateObjectProperty", _create_property)
metadata_create_association = crm_operation("metadataCreateAssociation", _create_association)
list_custom_object_records = crm_operation("listCustomObjectRecords", _list_records)
create_custom_object_record = crm_operation("createCustomObjectRecord", _create_record)
