"""Records of a custom object: list, create (201), update (only the values given), delete."""

from __future__ import annotations

from ...core.vendor import Reply, RequestContext
from .errors import NotFound
from .fields import deleted
from .model import find_object, new_id, page_of, records_of, stamp
from .values import check_data

__all__ = ["create_record", "delete_record", "list_records", "update_record"]


def list_records(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    records = sorted(records_of(ctx.state, obj["id"]).values(), key=lambda r: (r["createdAt"], r["id"]))
    body, headers = page_of(ctx, [dict(record) for record in records])
    return Reply(200, body, headers)


def create_record(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    data = check_data(ctx, obj, ctx.body["data"], None)
    when = stamp(ctx)
    record = {"id": new_id(ctx), "objectId": obj["id"], "data": data, "createdAt": when, "updatedAt": when}
    records_of(ctx.state, obj["id"]).put(record["id"], record)
    return Reply(201, dict(record))


def _record(ctx: RequestContext, object_id: str) -> dict[str, object]:
    found = records_of(ctx.state, object_id).get(ctx.path["recordId"])
    if found is None:
        raise NotFound(f"Record {ctx.path['recordId']} not found")
    return found


def update_record(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    record = _record(ctx, obj["id"])
    record["data"] = check_data(ctx, obj, ctx.body["data"], record)
    record["updatedAt"] = stamp(ctx)
    records_of(ctx.state, obj["id"]).touch()
    return Reply(200, dict(record))


def delete_record(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["id"])
    record = _record(ctx, obj["id"])
    records_of(ctx.state, obj["id"]).delete(str(record["id"]))
    return deleted(ctx)
