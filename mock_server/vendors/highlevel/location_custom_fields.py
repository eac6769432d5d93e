"""A location's custom fields of contacts and opportunities (`/locations/{locationId}/customFields`,
HighLevel's locations document), and the check of the values contacts give them.

These are not the custom fields v2 of custom objects (custom_fields.py): they live in
the `location_custom_fields` collection, keyed by id, each `{id, name, fieldKey,
dataType, model, picklistOptions, ...}` as the document's CustomFieldSchema shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ...core.schema import compile_schema
from ...core.store import Record, TenantState
from ...core.values import FieldRule, Kind, ValueRules, field_violations, rules_schema
from ...core.vendor import Reply, RequestContext, VendorOption
from ...core.violations import Violation
from .errors import BadRequest, NotFound
from .model import ensure_location
from .values import KINDS

__all__ = [
    "CONTACT_CUSTOM_FIELDS",
    "create_location_custom_field",
    "custom_value_violations",
    "delete_location_custom_field",
    "find_location_custom_field",
    "get_custom_field",
    "get_custom_fields",
    "seed_location_custom_fields",
    "update_location_custom_field",
]

COLLECTION = "location_custom_fields"
MODELS = ("contact", "opportunity")

# `--vendor-option highlevel.contact_custom_fields=check|ignore` (docs/vendors/highlevel.md, Ledger).
CONTACT_CUSTOM_FIELDS = VendorOption(
    "contact_custom_fields",
    default="check",
    choices=("check", "ignore"),
    description="a contact's customFields entry naming no custom field of the location: "
    "'check' answers 400 'Custom field <id> not found for this location', "
    "'ignore' drops the entry silently",
    evidence="guess: no capture of HighLevel's answer to an unknown custom field id on a contact was found",
)

# Contacts write a MONETORY value as a plain number and a file field as an object keyed by
# upload id (TextField ... FileField in the contacts document), unlike custom-object records.
CONTACT_KINDS: Mapping[str, Kind] = {**KINDS, "MONETORY": Kind.DECIMAL, "FILE_UPLOAD": Kind.ANY}


def _read_field(field: Mapping[str, Any]) -> Iterable[FieldRule]:
    yield FieldRule(
        key="field_value",
        kind=CONTACT_VALUES.kind_of(field["dataType"]),
        label=str(field.get("name", "")),
        options=tuple(field.get("picklistOptions") or ()),
        open_options=bool(field.get("isAllowedCustomOption")),
    )


CONTACT_VALUES = ValueRules(kinds=CONTACT_KINDS, read_field=_read_field)


# -- state -----------------------------------------------------------------------------------


def _field_key(model: str, name: str) -> str:
    """`contact.pet_count` from the model and the name, as HighLevel derives it."""
    return f"{model}." + re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _add_field(state: TenantState, location_id: str, spec: Mapping[str, Any]) -> Record:
    model = str(spec.get("model") or "contact")
    siblings = state.collection(COLLECTION).where(locationId=location_id)
    field_id = spec.get("id") or state.ids.alnum(20)
    field: Record = {
        "id": field_id,
        "name": spec["name"],
        "fieldKey": spec.get("fieldKey") or _field_key(model, spec["name"]),
        "placeholder": spec.get("placeholder", ""),
        "dataType": spec["dataType"],
        "position": spec.get("position", max((f["position"] for f in siblings), default=-50) + 50),
        "picklistOptions": list(spec.get("picklistOptions") or spec.get("options") or []),
        "picklistImageOptions": [],
        "isAllowedCustomOption": bool(spec.get("isAllowedCustomOption", False)),
        "isMultiFileAllowed": bool(spec.get("isMultipleFile", spec.get("isMultiFileAllowed", False))),
        "maxFileLimit": spec.get("maxNumberOfFiles", spec.get("maxFileLimit", 0)),
        "locationId": location_id,
        "model": model,
    }
    if spec.get("textBoxListOptions") is not None:
        field["textBoxListOptions"] = list(spec["textBoxListOptions"])
    if spec.get("acceptedFormat") is not None:
        field["acceptedFormat"] = list(spec["acceptedFormat"])
    state.collection(COLLECTION).put(field_id, field)
    return field


def seed_location_custom_fields(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """location_custom_fields.yaml: {locationId: [field, ...]}."""
    for location_id, fields in (fixtures.get("location_custom_fields") or {}).items():
        for spec in fields or []:
            _add_field(state, location_id, spec)


def find_location_custom_field(state: TenantState, location_id: str, id_or_key: str) -> Record | None:
    """A field of the location by id, or by key (`contact.pet_count` or `pet_count`)."""
    found = state.collection(COLLECTION).get(id_or_key)
    if found is not None and found["locationId"] == location_id:
        return found
    for field in state.collection(COLLECTION).where(locationId=location_id):
        if id_or_key in (field["fieldKey"], field["fieldKey"].split(".", 1)[-1]):
            return field
    return None


def _field(ctx: RequestContext) -> Record:
    location_id = ctx.path["locationId"]
    ensure_location(ctx, location_id)
    field = ctx.state.collection(COLLECTION).get(ctx.path["id"])
    if field is None or field["locationId"] != location_id:
        # GUESS: worded as the other missing items (errors.NotFound).
        raise NotFound("Custom field not found")
    return field


# -- handlers --------------------------------------------------------------------------------


def get_custom_fields(ctx: RequestContext) -> Reply:
    location_id = ctx.path["locationId"]
    ensure_location(ctx, location_id)
    model = ctx.query.get("model") or "all"
    fields = [
        field
        for field in ctx.state.collection(COLLECTION).where(locationId=location_id)
        if model == "all" or field["model"] == model
    ]
    return Reply(200, {"customFields": sorted(fields, key=lambda field: field["position"])})


def get_custom_field(ctx: RequestContext) -> Reply:
    return Reply(200, {"customField": _field(ctx)})


def create_location_custom_field(ctx: RequestContext) -> Reply:
    location_id = ctx.path["locationId"]
    ensure_location(ctx, location_id)
    body = ctx.body
    key = _field_key(str(body.get("model") or "contact"), body["name"])
    if find_location_custom_field(ctx.state, location_id, key) is not None:
        # GUESS: keys are unique in a location; the answer to a second one was not captured.
        raise BadRequest(f"Custom field with key {key} already exists")
    return Reply(201, {"customField": _add_field(ctx.state, location_id, body)})


UPDATABLE = {
    "name": "name",
    "placeholder": "placeholder",
    "position": "position",
    "options": "picklistOptions",
    "acceptedFormat": "acceptedFormat",
    "textBoxListOptions": "textBoxListOptions",
    "isMultipleFile": "isMultiFileAllowed",
    "maxNumberOfFiles": "maxFileLimit",
}


def update_location_custom_field(ctx: RequestContext) -> Reply:
    field = _field(ctx)
    for given, stored in UPDATABLE.items():
        if given in ctx.body:
            field[stored] = ctx.body[given]
    # Edited in place: the cached value checks must see it.
    ctx.state.collection(COLLECTION).touch()
    return Reply(200, {"customField": field})


def delete_location_custom_field(ctx: RequestContext) -> Reply:
    field = _field(ctx)
    ctx.state.collection(COLLECTION).delete(field["id"])
    # The contacts' values of the field go with it.
    for contact in ctx.state.collection("contacts").where(locationId=field["locationId"]):
        contact["customFields"] = [item for item in contact["customFields"] if item["id"] != field["id"]]
    return Reply(200, {"succeded": True})


# -- values on contacts ------------------------------------------------------------------------


def custom_value_violations(ctx: RequestContext, field: Record, value: Any, index: int) -> list[Violation]:
    """What is wrong with `value` for this field, pointing at customFields[index].field_value."""
    validator = ctx.state.memo(
        ("location-field-value", field["id"]),
        ctx.state.collection(COLLECTION).version,
        lambda: compile_schema(rules_schema(CONTACT_VALUES.fields([field]))),
    )
    return field_violations(validator, {"field_value": value}, ("customFields", index))
