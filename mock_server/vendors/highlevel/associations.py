"""Associations (which objects may relate) and relations (which records do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.paging import window
from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext
from .businesses import find_business
from .contacts import find_contact
from .errors import BadRequest, NotFound
from .model import check_location, editable_association, ensure_location, find_association, find_object, now, trace_id
from .opportunities import find_opportunity

__all__ = [
    "create_association",
    "create_relation",
    "delete_association",
    "delete_relation",
    "find_associations",
    "get_association_by_id",
    "get_association_by_object_keys",
    "get_association_key_by_key_name",
    "get_relations_by_record_id",
    "update_association",
]


# What a relation shows; the stored one also keeps when it was made, which a
# record's `relations` list shows.
RELATION_KEYS = (
    "id",
    "associationId",
    "firstRecordId",
    "secondRecordId",
    "firstObjectKey",
    "secondObjectKey",
    "locationId",
)


def _relation_view(relation: Record) -> dict[str, Any]:
    return {key: relation[key] for key in RELATION_KEYS}


# -- associations ----------------------------------------------------------


def create_association(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    # Either side may be named by key or id; the association keeps the key.
    first_key, second_key = (
        find_object(ctx, location_id, body[side])["key"] for side in ("firstObjectKey", "secondObjectKey")
    )
    associations = ctx.state.collection("associations")
    if associations.find(locationId=location_id, key=body["key"]) is not None:
        # GUESS: association keys are unique in a location.
        raise BadRequest(f"Association with key {body['key']} already exists")
    association_id = ctx.state.ids.object_id()  # 24 hex, as in live captures and webhooks
    association = {
        "locationId": location_id,
        "id": association_id,
        "key": body["key"],
        "firstObjectLabel": body["firstObjectLabel"],
        "firstObjectKey": first_key,
        "secondObjectLabel": body["secondObjectLabel"],
        "secondObjectKey": second_key,
        "associationType": "USER_DEFINED",
    }
    associations.put(association_id, association)
    return Reply(201, association)


def find_associations(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    found = ctx.state.collection("associations").where(locationId=location_id)
    page = window(found, int(ctx.query.get("skip", 0)), int(ctx.query.get("limit", 100))).items
    return Reply(200, {"associations": page, "total": len(found), "traceId": trace_id(ctx)})


def get_association_by_id(ctx: RequestContext) -> Reply:
    return Reply(200, find_association(ctx, ctx.path["associationId"]))


def get_association_key_by_key_name(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    found = ctx.state.collection("associations").find(locationId=location_id, key=ctx.path["key_name"])
    if found is None:
        raise NotFound("Association not found")
    return Reply(200, found)


def get_association_by_object_keys(ctx: RequestContext) -> Reply:
    object_key = ctx.path["objectKey"]
    location_id = ctx.query.get("locationId")
    if location_id is not None:
        ensure_location(ctx, location_id)
    found = [
        association
        for association in ctx.state.collection("associations")
        if object_key in (association["firstObjectKey"], association["secondObjectKey"])
        and (location_id is None or association["locationId"] == location_id)
    ]
    for association in found:
        check_location(ctx, association["locationId"])
    return Reply(200, {"associations": found, "total": len(found), "traceId": trace_id(ctx)})


def update_association(ctx: RequestContext) -> Reply:
    association = editable_association(ctx, ctx.path["associationId"])
    association["firstObjectLabel"] = ctx.body["firstObjectLabel"]
    association["secondObjectLabel"] = ctx.body["secondObjectLabel"]
    return Reply(200, association)


def delete_association(ctx: RequestContext) -> Reply:
    association = editable_association(ctx, ctx.path["associationId"])
    ctx.state.collection("associations").delete(association["id"])
    relations = ctx.state.collection("relations")
    for relation in relations.where(associationId=association["id"]):
        relations.delete(relation["id"])
    return Reply(200, {"deleted": True, "id": association["id"], "message": "Association deleted successfully"})


# -- relations -------------------------------------------------------------


# The standard objects whose records live in their own API's collection, by object key.
STANDARD_RECORDS: dict[str, Callable[[TenantState, str, str], Record | None]] = {
    "contact": find_contact,
    "opportunity": find_opportunity,
    "business": find_business,
}


def _is_record_of(ctx: RequestContext, location_id: str, object_key: str, record_id: str) -> bool:
    """Whether `record_id` is a record of `object_key` in the location: a contact,
    opportunity or business of its own API, or a record of the objects API (custom
    objects, and businesses made there)."""
    lookup = STANDARD_RECORDS.get(object_key)
    if lookup is not None and lookup(ctx.state, location_id, record_id) is not None:
        return True
    record = ctx.state.collection("records").get(record_id)
    return record is not None and record["locationId"] == location_id and record["objectKey"] == object_key


def _related_sides(ctx: RequestContext, association: Record, first_id: str, second_id: str) -> tuple[str, str]:
    """The two record ids in the association's order (they may be given the other way
    round); an id that is no record of the location at all (objects API, contacts,
    opportunities, businesses) is missing."""
    location_id = association["locationId"]
    first_key, second_key = association["firstObjectKey"], association["secondObjectKey"]
    records = ctx.state.collection("records")

    def of(key: str, record_id: str) -> bool:
        return _is_record_of(ctx, location_id, key, record_id)

    def exists(record_id: str) -> bool:
        record = records.get(record_id)
        if record is not None and record["locationId"] == location_id:
            return True
        return any(lookup(ctx.state, location_id, record_id) is not None for lookup in STANDARD_RECORDS.values())

    for record_id in (first_id, second_id):
        if not exists(record_id):
            # GUESS (Ledger): HighLevel's wording for a missing related record is not captured.
            raise NotFound("Record not found")
    if of(first_key, first_id) and of(second_key, second_id):
        return first_id, second_id
    if of(first_key, second_id) and of(second_key, first_id):
        return second_id, first_id
    # GUESS: the records must be of the association's two objects.
    raise BadRequest(f"Records do not match the objects of association {association['id']}")


def create_relation(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    association = find_association(ctx, body["associationId"], location_id)
    first_key, second_key = association["firstObjectKey"], association["secondObjectKey"]
    first_id, second_id = _related_sides(ctx, association, body["firstRecordId"], body["secondRecordId"])
    relations = ctx.state.collection("relations")
    pair = {first_id, second_id}
    if any(
        {relation["firstRecordId"], relation["secondRecordId"]} == pair
        for relation in relations.where(associationId=association["id"])
    ):
        # Real message (FACTS.md 5, issue 73 of the vendor's docs repository, where
        # the client printed it followed by the error name "Bad Request", as NestJS's
        # BadRequestException words it).  Between records of one object the pair is
        # the same whichever record comes first.
        raise BadRequest(
            f"Could not create relation: duplicate relation of object Ids for given association {association['id']}"
        )
    relation_id = ctx.state.ids.object_id()
    relation = {
        "id": relation_id,
        "associationId": association["id"],
        "firstRecordId": first_id,
        "secondRecordId": second_id,
        "firstObjectKey": first_key,
        "secondObjectKey": second_key,
        "locationId": location_id,
        "createdAt": now(ctx),
    }
    relations.put(relation_id, relation)
    return Reply(201, _relation_view(relation))


def get_relations_by_record_id(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    record_id = ctx.path["recordId"]
    wanted = set(ctx.query.get("associationIds") or [])
    found = [
        relation
        for relation in ctx.state.collection("relations")
        if relation["locationId"] == location_id
        and record_id in (relation["firstRecordId"], relation["secondRecordId"])
        and (not wanted or relation["associationId"] in wanted)
    ]
    page = [
        _relation_view(relation) for relation in window(found, int(ctx.query["skip"]), int(ctx.query["limit"])).items
    ]
    return Reply(200, {"relations": page, "total": len(found), "traceId": trace_id(ctx)})


def delete_relation(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    relation = ctx.state.collection("relations").get(ctx.path["relationId"])
    if relation is None or relation["locationId"] != location_id:
        raise NotFound("Relation not found")
    ctx.state.collection("relations").delete(relation["id"])
    return Reply(200, _relation_view(relation))
