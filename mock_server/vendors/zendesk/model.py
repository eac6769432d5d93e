"""Zendesk custom objects in a tenant's state, and how each is shown.

Collections: "objects" (by key), "fields" (by id; each names its object),
"records:<object key>" (by ULID), "jobs" (by job status id) and "counters"
(the next field and option ids).  URLs are never stored: views build them from
the base URL the client used, so they point back at the mock.
"""

from __future__ import annotations

import copy
from typing import Any

from ...core.store import Collection, Record, TenantState
from ...core.vendor import RequestContext
from .errors import NotFound

__all__ = [
    "FIELD_TYPES",
    "STANDARD_FIELD_KEYS",
    "api_url",
    "blank_if_none",
    "custom_fields",
    "field_view",
    "find_field",
    "find_object",
    "name_field",
    "next_id",
    "object_fields",
    "object_view",
    "record_view",
    "records_of",
    "stamp",
]

FIELD_TYPES = (
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "dropdown",
    "lookup",
    "multiselect",
)
NAME_KEY = "standard::name"
EXTERNAL_ID_KEY = "standard::external_id"
STANDARD_FIELD_KEYS = (NAME_KEY, EXTERNAL_ID_KEY)
# Field ids are integers of this size in the vendor's examples (4398096842879).
FIRST_FIELD_ID = 4_398_096_842_000


def stamp(ctx: RequestContext) -> str:
    """Zendesk timestamps: UTC to the second, with Z."""
    return ctx.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def api_url(ctx: RequestContext, path: str) -> str:
    return f"{ctx.base_url}/api/v2/{path}.json"


def next_id(state: TenantState, counter: str) -> int:
    counters = state.collection("counters")
    found = counters.get(counter) or {"id": counter, "value": FIRST_FIELD_ID}
    found["value"] += 1
    counters.put(counter, found)
    return int(found["value"])


def blank_if_none(description: Any) -> Any:
    """Zendesk reads back a description never given (or given as null) as "", not null
    and not the title (issue 17); its raw_description likewise."""
    return "" if description is None else description


# -- objects ------------------------------------------------------------------------


def find_object(ctx: RequestContext, key: str) -> Record:
    found = ctx.state.collection("objects").get(key)
    if found is None:
        raise NotFound()
    return found


def object_view(ctx: RequestContext, obj: Record) -> dict[str, Any]:
    shown = {name: value for name, value in obj.items() if name != "id"}
    shown["url"] = api_url(ctx, f"custom_objects/{obj['key']}")
    return shown


def add_object(state: TenantState, definition: dict[str, Any], user_id: str, when: str) -> Record:
    """A custom object with its two standard fields (name, external id), then any custom fields."""
    key = definition["key"]
    description = blank_if_none(definition.get("description"))
    obj = state.collection("objects").put(
        key,
        {
            "id": key,  # objects are known by key; "id" lets state snapshots restore them
            "key": key,
            "title": definition["title"],
            "raw_title": definition["title"],
            "title_pluralized": definition["title_pluralized"],
            "raw_title_pluralized": definition["title_pluralized"],
            "description": description,
            "raw_description": description,
            "include_in_list_view": definition.get("include_in_list_view", True),
            "allows_photos": definition.get("allows_photos", False),
            "created_at": when,
            "updated_at": when,
            "created_by_user_id": user_id,
            "updated_by_user_id": user_id,
        },
    )
    name_properties = {
        "autoincrement_enabled": False,
        "autoincrement_prefix": "",
        "autoincrement_padding": 0,
        "autoincrement_next_sequence": 1,
        "is_unique": False,
        **(definition.get("name_properties") or {}),
    }
    # The standard fields describe themselves by their titles (the vendor's field list example).
    name = {"key": NAME_KEY, "title": "Name", "description": "Name", "properties": name_properties}
    add_field(state, key, name, when, system=True)
    external_id = {"key": EXTERNAL_ID_KEY, "title": "External ID", "description": "External ID"}
    add_field(state, key, external_id, when, system=True)
    for field in definition.get("fields") or []:
        add_field(state, key, field, when)
    return obj


def delete_object(state: TenantState, key: str) -> None:
    state.collection("objects").delete(key)
    fields = state.collection("fields")
    for field in fields.where(object_key=key):
        fields.delete(str(field["id"]))
    records = records_of(state, key)
    for record in records.values():
        records.delete(record["id"])


# -- fields -------------------------------------------------------------------------


def object_fields(state: TenantState, key: str) -> list[Record]:
    """The object's fields, standard ones first, in position order."""
    fields = state.collection("fields").where(object_key=key)
    return sorted(fields, key=lambda field: (field["position"], field["id"]))


def custom_fields(state: TenantState, key: str) -> list[Record]:
    return [field for field in object_fields(state, key) if field["key"] not in STANDARD_FIELD_KEYS]


def name_field(state: TenantState, key: str) -> Record:
    found = state.collection("fields").find(object_key=key, key=NAME_KEY)
    assert found is not None, f"object {key} has no name field"
    return found


def find_field(ctx: RequestContext, object_key: str, key_or_id: str) -> Record:
    fields = ctx.state.collection("fields")
    found = fields.find(object_key=object_key, key=key_or_id)
    if found is None and key_or_id.isdigit():
        candidate = fields.get(key_or_id)
        found = candidate if candidate is not None and candidate["object_key"] == object_key else None
    if found is None:
        raise NotFound()
    return found


def add_field(
    state: TenantState, object_key: str, definition: dict[str, Any], when: str, *, system: bool = False
) -> Record:
    field_id = next_id(state, "field")
    kind = definition.get("type") or "text"
    description = blank_if_none(definition.get("description"))
    positions = [field["position"] for field in state.collection("fields").where(object_key=object_key)]
    field: Record = {
        "object_key": object_key,
        "id": field_id,
        "key": definition["key"],
        "type": kind,
        "title": definition["title"],
        "raw_title": definition["title"],
        "description": description,
        "raw_description": description,
        "position": definition.get("position", max(positions, default=-1) + 1),
        "active": definition.get("active", True),
        "system": system,
        "regexp_for_validation": definition.get("regexp_for_validation") if kind == "regexp" else None,
        "created_at": when,
        "updated_at": when,
    }
    if kind == "checkbox":
        field["tag"] = definition.get("tag")
    if kind in ("dropdown", "multiselect"):
        field["custom_field_options"] = [
            option_record(state, option, index) for index, option in enumerate(definition["custom_field_options"])
        ]
    if kind == "lookup":
        field["relationship_target_type"] = definition["relationship_target_type"]
        field["relationship_filter"] = definition.get("relationship_filter")
    if definition["key"] == NAME_KEY:
        field["properties"] = dict(definition["properties"])
    state.collection("fields").put(str(field_id), field)
    return field


def option_record(state: TenantState, option: dict[str, Any], index: int) -> Record:
    return {
        "id": option.get("id") or next_id(state, "option"),
        "name": option["name"],
        "raw_name": option["name"],
        "value": option["value"],
        "position": option.get("position", index),
    }


def field_view(ctx: RequestContext, field: Record) -> dict[str, Any]:
    shown = {name: value for name, value in field.items() if name != "object_key"}
    base = f"custom_objects/{field['object_key']}/fields/{field['id']}"
    shown["url"] = api_url(ctx, base)
    if "custom_field_options" in shown:
        shown["custom_field_options"] = [
            {**option, "url": api_url(ctx, f"{base}/options/{option['id']}")}
            for option in field["custom_field_options"]
        ]
    if "properties" in shown:
        shown["properties"] = dict(field["properties"])
    return shown


# -- records ------------------------------------------------------------------------


def records_of(state: TenantState, object_key: str) -> Collection:
    return state.collection(f"records:{object_key}")


def find_record(ctx: RequestContext, object_key: str, record_id: str) -> Record:
    found = records_of(ctx.state, object_key).get(record_id)
    if found is None:
        raise NotFound()
    return found


def record_view(ctx: RequestContext, record: Record, fields: list[Record]) -> dict[str, Any]:
    """Every custom field of the object is shown, null when the record has no value."""
    values = record["custom_object_fields"]
    return {
        "id": record["id"],
        "name": record["name"],
        "custom_object_key": record["custom_object_key"],
        "custom_object_fields": {field["key"]: copy.copy(values.get(field["key"])) for field in fields},
        "external_id": record["external_id"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "created_by_user_id": record["created_by_user_id"],
        "updated_by_user_id": record["updated_by_user_id"],
        "url": api_url(ctx, f"custom_objects/{record['custom_object_key']}/records/{record['id']}"),
    }
