"""HighLevel's state in a tenant: locations, objects, fields, folders, records,
associations and relations, and how each is shown in a response.

Collections (all keyed by id): locations, objects, fields, folders, records (custom
objects' and businesses', which businesses.py serves flat), associations, relations.
A location is created on first mention with the standard objects every HighLevel
location has.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ...core.clock import iso_millis
from ...core.store import Record, TenantState
from ...core.vendor import RequestContext
from .auth import OAUTH, location_refusal
from .errors import BadRequest, NotFound

__all__ = [
    "CUSTOM_PREFIX",
    "ensure_location",
    "find_object",
    "forget_relations_of",
    "now",
    "object_fields",
    "property_name",
]

CUSTOM_PREFIX = "custom_objects."
OPTION_TYPES = {"SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "RADIO", "CHECKBOX", "TEXTBOX_LIST"}
# Who a change is attributed to when made through the public API (live captures:
# source INTEGRATION, channel OAUTH).
API_ACTOR = {"source": "INTEGRATION", "channel": "OAUTH"}
# Who seeded records were made by (a UUID, like the vendor's example sourceId).
FIXTURE_SOURCE_ID = "5f1c9d2e-8a43-4b6f-9e21-7d0c3b8a6f14"


def now(ctx: RequestContext) -> str:
    return iso_millis(ctx.clock.now())


def api_actor(ctx: RequestContext, stamp: str) -> dict[str, str]:
    """Who made or changed a record through the API: a UUID (as the vendor's example)
    that stays the same for one credential, without echoing the credential itself."""
    source_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"crm-mock:highlevel:{ctx.state.tenant}"))
    return {**API_ACTOR, "createdAt": stamp, "sourceId": source_id}


def trace_id(ctx: RequestContext) -> str:
    """The per-response traceId HighLevel adds to its envelopes (a UUID)."""
    return ctx.state.ids.uuid4()


# -- locations and access -------------------------------------------------


def check_location(ctx: RequestContext, location_id: str) -> None:
    """Refused when the credential is bound to other locations (tokens.yaml): a Private
    Integration token gets 401, an OAuth token 403 (auth.location_refusal)."""
    allowed = ctx.principal.attributes.get("locationIds")
    if allowed is not None and location_id not in allowed:
        raise location_refusal(str(ctx.principal.attributes.get("tokenKind", OAUTH)), ctx.options)


def ensure_location(ctx: RequestContext, location_id: str) -> None:
    """Access check, then the location's standard objects on first mention."""
    check_location(ctx, location_id)
    locations = ctx.state.collection("locations")
    if location_id in locations:
        return
    locations.put(location_id, {"id": location_id})
    add_standard_items(ctx.state, ctx.fixtures, location_id, now(ctx))


def add_standard_items(state: TenantState, fixtures: Mapping[str, Any], location_id: str, stamp: str) -> None:
    """What every location has: the standard objects and the system associations."""
    for template in fixtures.get("standard_objects") or []:
        add_object(state, location_id, template, stamp=stamp, standard=True)
    for association in fixtures.get("standard_associations") or []:
        # The same constant id in every location, as the service shows; keyed apart here.
        state.collection("associations").put(
            f"{location_id}/{association['id']}",
            {"locationId": location_id, **association, "associationType": "SYSTEM_DEFINED"},
        )


def add_object(state: TenantState, location_id: str, spec: Mapping[str, Any], stamp: str, standard: bool) -> Record:
    """An object with its folder, fields and records, from a fixture or a create request."""
    object_id = spec.get("id") or state.ids.object_id()
    key = spec["key"]
    obj: Record = {
        "id": object_id,
        "standard": standard,
        "key": key,
        "labels": dict(spec["labels"]),
        "description": spec.get("description"),
        "locationId": location_id,
        "primaryDisplayProperty": spec["primaryDisplayProperty"],
        "searchableProperties": list(spec.get("searchableProperties") or [spec["primaryDisplayProperty"]]),
        "dateAdded": spec.get("dateAdded", stamp),
        "dateUpdated": spec.get("dateUpdated", stamp),
        "type": "SYSTEM_DEFINED" if standard else "USER_DEFINED",
    }
    state.collection("objects").put(object_id, obj)
    folder_ids: list[str] = []
    for folder in spec.get("folders") or [{"name": f"{obj['labels']['singular']} Details"}]:
        folder_id = folder.get("id") or state.ids.alnum(20)
        state.collection("folders").put(
            folder_id, {"id": folder_id, "objectKey": key, "locationId": location_id, "name": folder["name"]}
        )
        folder_ids.append(folder_id)
    for field in spec.get("fields") or []:
        add_field(state, location_id, key, {"parentId": folder_ids[0], "standard": standard, **field}, stamp)
    for record in spec.get("records") or []:
        add_record(state, obj, record, stamp)
    return obj


def add_field(state: TenantState, location_id: str, object_key: str, spec: Mapping[str, Any], stamp: str) -> Record:
    field_id = spec.get("id") or state.ids.alnum(20)
    siblings = state.collection("fields").where(locationId=location_id, objectKey=object_key)
    field: Record = {
        "id": field_id,
        "standard": bool(spec.get("standard", False)),
        "position": max((sibling["position"] for sibling in siblings), default=-1) + 1,
        "locationId": location_id,
        "name": spec.get("name", ""),
        "showInForms": spec.get("showInForms", True),
        "objectKey": object_key,
        "dataType": spec["dataType"],
        "parentId": spec["parentId"],
        "fieldKey": full_field_key(object_key, spec["fieldKey"]),
        "dateAdded": spec.get("dateAdded", stamp),
        "dateUpdated": spec.get("dateUpdated", stamp),
    }
    for optional in ("description", "placeholder", "options", "acceptedFormats", "allowCustomOption", "maxFileLimit"):
        if spec.get(optional) is not None:
            field[optional] = copy.deepcopy(spec[optional])
    state.collection("fields").put(field_id, field)
    return field


def add_record(state: TenantState, obj: Record, spec: Mapping[str, Any], stamp: str) -> Record:
    record_id = spec.get("id") or state.ids.object_id()
    created = spec.get("createdAt", stamp)
    actor = {**API_ACTOR, "createdAt": created, "sourceId": spec.get("sourceId", FIXTURE_SOURCE_ID)}
    record: Record = {
        "id": record_id,
        "objectId": obj["id"],
        "objectKey": obj["key"],
        "locationId": obj["locationId"],
        "owner": list(spec.get("owner") or []),
        "followers": list(spec.get("followers") or []),
        "properties": copy.deepcopy(dict(spec.get("properties") or {})),
        "createdAt": created,
        "updatedAt": spec.get("updatedAt", created),
        "createdBy": actor,
        "lastUpdatedBy": dict(actor),
    }
    state.collection("records").put(record_id, record)
    return record


# -- keys ------------------------------------------------------------------


def normalise_object_key(raw: str) -> str:
    """custom_objects.<snake_case>, the prefix added when missing."""
    short = raw[len(CUSTOM_PREFIX) :] if raw.startswith(CUSTOM_PREFIX) else raw
    short = re.sub(r"[^a-z0-9]+", "_", short.strip().lower()).strip("_")
    return CUSTOM_PREFIX + short


def full_field_key(object_key: str, raw: str) -> str:
    """`custom_objects.pet.name` from either that or `name`."""
    prefix = object_key + "."
    return raw if raw.startswith(prefix) else prefix + raw


def property_name(object_key: str, field_key: str) -> str:
    """The key a record's properties use: the field key without the object prefix."""
    prefix = object_key + "."
    return field_key[len(prefix) :] if field_key.startswith(prefix) else field_key


# -- lookups ---------------------------------------------------------------


def find_object(ctx: RequestContext, location_id: str, key_or_id: str) -> Record:
    objects = ctx.state.collection("objects")
    found = objects.get(key_or_id)
    if found is not None and found["locationId"] == location_id:
        return found
    found = objects.find(locationId=location_id, key=key_or_id)
    if found is None:
        # GUESS (FACTS.md 6): the vendor's not-found wording is not documented.
        raise NotFound(f"Object schema with key {key_or_id} not found")
    return found


def object_fields(ctx: RequestContext, obj: Record) -> list[Record]:
    return ctx.state.collection("fields").where(locationId=obj["locationId"], objectKey=obj["key"])


def find_record(ctx: RequestContext, record_id: str, key_or_id: str) -> Record:
    """A record by id, which must belong to the object named (by key or id)."""
    record = ctx.state.collection("records").get(record_id)
    if record is None or key_or_id not in (record["objectKey"], record["objectId"]):
        raise NotFound("Record not found")
    check_location(ctx, record["locationId"])
    return record


def find_association(ctx: RequestContext, association_id: str, location_id: str | None = None) -> Record:
    """An association by id; system ones share their constant id across locations."""
    associations = ctx.state.collection("associations")
    found = associations.get(association_id)
    if found is None or (location_id is not None and found["locationId"] != location_id):
        candidates = associations.where(id=association_id)
        allowed = ctx.principal.attributes.get("locationIds")
        found = next(
            (
                item
                for item in candidates
                if (location_id is None or item["locationId"] == location_id)
                and (allowed is None or item["locationId"] in allowed)
            ),
            None,
        )
    if found is None:
        raise NotFound("Association not found")
    check_location(ctx, found["locationId"])
    return found


def editable_association(ctx: RequestContext, association_id: str) -> Record:
    association = find_association(ctx, association_id)
    if association["associationType"] == "SYSTEM_DEFINED":
        # GUESS: the built-in associations cannot be changed or removed.
        raise BadRequest("System defined associations cannot be modified")
    return association


def require(ctx: RequestContext, collection: str, item_id: str, what: str) -> Record:
    item = ctx.state.collection(collection).get(item_id)
    if item is None:
        raise NotFound(f"{what} not found")
    check_location(ctx, item["locationId"])
    return item


# -- views -----------------------------------------------------------------


def object_view(obj: Record) -> dict[str, Any]:
    """An object (schema) as HighLevel shows it: live captures use createdAt and
    updatedAt here, where the vendor's spec says dateAdded and dateUpdated."""
    view: dict[str, Any] = {
        "id": obj["id"],
        "standard": obj["standard"],
        "key": obj["key"],
        "labels": dict(obj["labels"]),
        "locationId": obj["locationId"],
        "primaryDisplayProperty": obj["primaryDisplayProperty"],
        "searchableProperties": list(obj["searchableProperties"]),
        "requiredProperties": [],  # GUESS: seen in captures, never with values
        "type": obj["type"],
        "createdAt": obj["dateAdded"],
        "updatedAt": obj["dateUpdated"],
    }
    if obj.get("description") is not None:
        view["description"] = obj["description"]
    return view


def forget_relations_of(state: TenantState, location_id: str, record_id: str) -> None:
    """Drop the relations naming a deleted record (custom-object record, contact,
    opportunity or business), as HighLevel's relations do not outlive their records."""
    relations = state.collection("relations")
    for relation in relations.where(locationId=location_id):
        if record_id in (relation["firstRecordId"], relation["secondRecordId"]):
            relations.delete(relation["id"])


def record_relations(ctx: RequestContext, record: Record) -> list[dict[str, Any]]:
    """A record's relations seen from the record: the other side's object and id."""
    projected = []
    for relation in ctx.state.collection("relations"):
        if record["id"] == relation["firstRecordId"]:
            other_key, other_id = relation["secondObjectKey"], relation["secondRecordId"]
        elif record["id"] == relation["secondRecordId"]:
            other_key, other_id = relation["firstObjectKey"], relation["firstRecordId"]
        else:
            continue
        projected.append(
            {
                "associationId": relation["associationId"],
                "relationId": relation["id"],
                "objectKey": other_key,
                "recordId": other_id,
                "createdAt": relation.get("createdAt", record["createdAt"]),
            }
        )
    return projected


def record_view(ctx: RequestContext, record: Record) -> dict[str, Any]:
    """A record as get returns it, in a live capture's shape (FACTS.md 4 and the
    research notes): `owners` and, unlike search, a singular `follower`.
    GUESS: create and update answer with the same shape as get."""
    return {
        "id": record["id"],
        "properties": record["properties"],
        "objectKey": record["objectKey"],
        "owners": list(record["owner"]),
        "follower": list(record["followers"]),
        "relations": record_relations(ctx, record),
        "locationId": record["locationId"],
        "createdBy": record["createdBy"],
        "createdAt": record["createdAt"],
        "updatedAt": record["updatedAt"],
        "lastUpdatedBy": record["lastUpdatedBy"],
    }


def epoch_ms(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def searched_record_view(ctx: RequestContext, record: Record, cursor: list[Any]) -> dict[str, Any]:
    """A record as search returns it (live capture): `followers` plural, and its
    cursor twice, as `sort` and `searchAfter`."""
    return {
        "id": record["id"],
        "locationId": record["locationId"],
        "objectId": record["objectId"],
        "objectKey": record["objectKey"],
        "createdBy": record["createdBy"],
        "createdAt": record["createdAt"],
        "lastUpdatedBy": record["lastUpdatedBy"],
        "updatedAt": record["updatedAt"],
        "owners": list(record["owner"]),
        "followers": list(record["followers"]),
        "properties": record["properties"],
        "relations": record_relations(ctx, record),
        "sort": cursor,
        "searchAfter": list(cursor),
    }
