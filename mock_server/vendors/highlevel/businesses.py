"""Businesses (companies): get, list by location, create, update, delete
(`apps/businesses.json`).  Create and update answer `{success, buiseness}`: the
document's spelling of the key, which is what clients read.

One business, two APIs: in HighLevel a business is one record, which the Objects API
serves as a `business` record (records.py, apps/objects.json: records of custom objects
and of business) and this API serves flat.  So businesses live with the Objects API's
records (collection `records`, object key `business`), and this module only translates,
through `BUSINESS_PROPERTIES`."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.paging import window
from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext
from .errors import NotFound
from .model import add_record, add_standard_items, api_actor, check_location, ensure_location, forget_relations_of, now

__all__ = [
    "BUSINESS_PROPERTIES",
    "create_business",
    "delete_business",
    "find_business",
    "get_business",
    "get_businesses_by_location",
    "seed_businesses",
    "update_business",
]

OBJECT_KEY = "business"
# The one mapping between the two shapes: the Businesses API's key -> the business
# object's property (its field `business.<property>` in fixtures/highlevel/standard_objects.yaml).
BUSINESS_PROPERTIES: dict[str, str] = {
    "name": "name",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "address": "address",
    "city": "city",
    "state": "state",
    "postalCode": "postal_code",
    "country": "country",
    "description": "description",
}
# The document's defaults for GET /businesses/ (sent as strings).
DEFAULT_LIMIT, DEFAULT_SKIP = 100, 0


def _properties(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The Objects API's properties for the flat keys given (None ones left out)."""
    return {prop: flat[key] for key, prop in BUSINESS_PROPERTIES.items() if flat.get(key) is not None}


def _business_object(state: TenantState, location_id: str) -> Record:
    found = state.collection("objects").find(locationId=location_id, key=OBJECT_KEY)
    assert found is not None, "every location has the standard objects (model.add_standard_items)"
    return found


def seed_businesses(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """businesses.yaml, in the Businesses API's flat shape, as business records."""
    for item in fixtures.get("businesses") or []:
        location_id = item["locationId"]
        if location_id not in state.collection("locations"):
            state.collection("locations").put(location_id, {"id": location_id})
            add_standard_items(state, fixtures, location_id, item["createdAt"])
        spec = {
            "properties": _properties(item),
            **{key: item[key] for key in ("id", "createdAt", "updatedAt") if key in item},
        }
        add_record(state, _business_object(state, location_id), spec, item["createdAt"])


def find_business(state: TenantState, location_id: str, business_id: str) -> Record | None:
    found = state.collection("records").get(business_id)
    if found is None or found["objectKey"] != OBJECT_KEY or found["locationId"] != location_id:
        return None
    return found


def _actor(actor: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    """createdBy/updatedBy: the document leaves the object empty. GUESS: who and when,
    from the record's createdBy/lastUpdatedBy."""
    return {"source": actor["source"], "channel": actor["channel"], "timestamp": stamp}


def business_view(record: Record) -> dict[str, Any]:
    """A business record, flat.  GUESS: a record made through the Objects API without a
    name shows `name: ""` (the document requires the key)."""
    properties = record["properties"]
    view: dict[str, Any] = {"id": record["id"], "name": ""}
    view.update({key: properties[prop] for key, prop in BUSINESS_PROPERTIES.items() if prop in properties})
    view.update(
        {
            "locationId": record["locationId"],
            "createdBy": _actor(record["createdBy"], record["createdAt"]),
            "updatedBy": _actor(record["lastUpdatedBy"], record["updatedAt"]),
            "createdAt": record["createdAt"],
            "updatedAt": record["updatedAt"],
        }
    )
    return copy.deepcopy(view)


def _business(ctx: RequestContext) -> Record:
    """The business of the path.  GUESS: a missing one is a 400 in the shape of
    HighLevel's missing-contact answer (errors.NotFound)."""
    business_id = ctx.path["businessId"]
    found = ctx.state.collection("records").get(business_id)
    if found is None or found["objectKey"] != OBJECT_KEY:
        raise NotFound(f"Business not found for id:{business_id}")
    check_location(ctx, found["locationId"])
    return found


def _count(raw: Any, default: int) -> int:
    """limit and skip are documented as strings; one that is no number counts as absent."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def get_business(ctx: RequestContext) -> Reply:
    return Reply(200, {"business": business_view(_business(ctx))})


def get_businesses_by_location(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    listed = sorted(
        ctx.state.collection("records").where(locationId=location_id, objectKey=OBJECT_KEY),
        key=lambda item: (item["createdAt"], item["id"]),
    )
    page = window(listed, _count(ctx.query.get("skip"), DEFAULT_SKIP), _count(ctx.query.get("limit"), DEFAULT_LIMIT))
    return Reply(200, {"businesses": [business_view(record) for record in page.items]})


def create_business(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    stamp = now(ctx)
    record = add_record(
        ctx.state,
        _business_object(ctx.state, location_id),
        {"properties": _properties(body), "createdAt": stamp},
        stamp,
    )
    record["createdBy"] = record["lastUpdatedBy"] = api_actor(ctx, stamp)
    return Reply(201, {"success": True, "buiseness": business_view(record)})


def update_business(ctx: RequestContext) -> Reply:
    record = _business(ctx)
    properties = record["properties"]
    for key, prop in BUSINESS_PROPERTIES.items():
        if key not in ctx.body:
            continue
        if ctx.body[key] is None:
            properties.pop(prop, None)
        else:
            properties[prop] = ctx.body[key]
    stamp = now(ctx)
    record["updatedAt"] = stamp
    record["lastUpdatedBy"] = api_actor(ctx, stamp)
    return Reply(200, {"success": True, "buiseness": business_view(record)})


def delete_business(ctx: RequestContext) -> Reply:
    record = _business(ctx)
    ctx.state.collection("records").delete(record["id"])
    forget_relations_of(ctx.state, record["locationId"], record["id"])
    return Reply(200, {"success": True})
