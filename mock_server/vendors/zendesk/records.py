"""Custom object records: list, create, show, update, delete, upsert and delete by
external id or name, and count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ...core.paging import Base64Json, CursorError, Key, KeysetCursor, PageSize, keyset_window
from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import BadRequest, NotFound, RecordInvalid
from .model import custom_fields, find_object, find_record, name_field, record_view, records_of, stamp
from .values import check_record

__all__ = [
    "count_custom_object_records",
    "create_custom_object_record",
    "create_record",
    "delete_custom_object_record",
    "delete_custom_object_record_by_external_id_or_name",
    "list_custom_object_records",
    "page_reply",
    "show_custom_object_record",
    "update_custom_object_record",
    "update_record",
    "upsert_custom_object_record_by_external_id_or_name",
]

LIST_SORTS = {"id": ("id",), "updated_at": ("updated_at", "id")}
# page[size]: 1 to 100 (the spec refuses others), 100 when not given (GUESS, FACTS.md 5).
PAGE_SIZE = PageSize(default=100, maximum=100)
# Cursors are opaque to clients (base64 of JSON, as Zendesk's are) and hold the sort
# key of the record they point past, not an offset: a page asked for after records
# were created or deleted neither skips nor repeats a record that was there all along.
CURSORS = KeysetCursor(Base64Json(compact=True, strict=True))
SortKey = Callable[[Record], Key]


def _user(ctx: RequestContext) -> str:
    return str(ctx.principal.attributes["user_id"])


def _object_key(ctx: RequestContext) -> str:
    return str(find_object(ctx, ctx.path["custom_object_key"])["key"])


def create_record(ctx: RequestContext, object_key: str, payload: dict[str, Any]) -> Record:
    change = check_record(ctx.state, object_key, payload, None)
    name = change.name
    if name is None:  # autonumbered
        properties = name_field(ctx.state, object_key)["properties"]
        sequence = properties["autoincrement_next_sequence"]
        name = f"{properties['autoincrement_prefix']}{sequence:0{properties['autoincrement_padding']}d}"
        properties["autoincrement_next_sequence"] = sequence + 1
    when, user = stamp(ctx), _user(ctx)
    record_id = ctx.state.ids.ulid()
    return records_of(ctx.state, object_key).put(
        record_id,
        {
            "id": record_id,
            "name": name,
            "custom_object_key": object_key,
            "custom_object_fields": {key: value for key, value in change.values.items() if value is not None},
            "external_id": change.external_id,
            "created_at": when,
            "updated_at": when,
            "created_by_user_id": user,
            "updated_by_user_id": user,
        },
    )


def update_record(ctx: RequestContext, object_key: str, record: Record, payload: dict[str, Any]) -> Record:
    """Only the attributes given change."""
    change = check_record(ctx.state, object_key, payload, record)
    if change.name is not None:
        record["name"] = change.name
    if change.sets_external_id:
        record["external_id"] = change.external_id
    values = record["custom_object_fields"]
    for key, value in change.values.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    record["updated_at"] = stamp(ctx)
    record["updated_by_user_id"] = _user(ctx)
    records_of(ctx.state, object_key).touch()
    return record


def _one(ctx: RequestContext, object_key: str, record: Record) -> dict[str, Any]:
    return {"custom_object_record": record_view(ctx, record, custom_fields(ctx.state, object_key))}


def page_reply(
    ctx: RequestContext,
    object_key: str,
    ordered: list[Record],
    sort: str,
    sort_key: SortKey,
    path: str,
    *,
    descending: bool = False,
    counted: bool = False,
    ascending_keys: list[Key] | None = None,
) -> Reply:
    """A page of `ordered` records (sorted by `sort_key`, unique per record, ascending
    or `descending`) as page[size], page[after] and page[before] ask, with meta and
    links (and the total, for searches).  `ascending_keys` (the keys in ascending
    order) may come from a cache, so that a page costs a binary search, not a sort."""
    query = ctx.query
    after, before = query.get("page[after]"), query.get("page[before]")
    if after is not None and before is not None:
        raise BadRequest("page[after] and page[before] can't be used together")
    size = PAGE_SIZE.pick(query.get("page[size]") or None)
    if ascending_keys is None:
        keys_in_order = [sort_key(record) for record in ordered]
        ascending_keys = keys_in_order[::-1] if descending else keys_in_order
    try:
        page = keyset_window(
            ordered,
            ascending_keys,
            size,
            after=None if after is None else CURSORS.decode(after, "after", sort),
            before=None if before is None else CURSORS.decode(before, "before", sort),
            descending=descending,
        )
    except CursorError as refused:
        raise BadRequest(f"page[{refused.parameter}] is not a cursor from this list") from None
    after_cursor = CURSORS.encode("after", sort, sort_key(page.items[-1])) if page.items and page.has_more else None
    before_cursor = CURSORS.encode("before", sort, sort_key(page.items[0])) if page.items and page.has_before else None
    fields = custom_fields(ctx.state, object_key)
    body: dict[str, Any] = {
        "custom_object_records": [record_view(ctx, record, fields) for record in page.items],
        "meta": {
            "has_more": page.has_before if before is not None else page.has_more,
            "after_cursor": after_cursor,
            "before_cursor": before_cursor,
        },
        "links": {
            "next": _link(ctx, path, "page[after]", after_cursor, size),
            "prev": _link(ctx, path, "page[before]", before_cursor, size),
        },
    }
    if counted:
        body["count"] = len(ordered)
    return Reply(200, body)


def _link(ctx: RequestContext, path: str, parameter: str, cursor: str | None, size: int) -> str | None:
    """The same request for another page: other parameters kept, encoded as Zendesk encodes them."""
    if cursor is None:
        return None
    kept = [
        (name, value)
        for name, value in parse_qsl(ctx.query_string, keep_blank_values=True)
        if name not in ("page[after]", "page[before]", "page[size]")
    ]
    params = sorted([*kept, (parameter, cursor), ("page[size]", str(size))])
    return f"{ctx.base_url}/api/v2/{path}.json?{urlencode(params)}"


def list_custom_object_records(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    collection = records_of(ctx.state, object_key)
    ids, external_ids = ctx.query.get("filter[ids]"), ctx.query.get("filter[external_ids]")
    sort = ctx.query.get("sort") or "id"
    order = LIST_SORTS[sort.lstrip("-")]
    descending = sort.startswith("-")

    def sort_key(record: Record) -> tuple[Any, ...]:
        return tuple(record[attribute] for attribute in order)

    path = f"custom_objects/{object_key}/records"
    if ids is None and external_ids is None:
        # The sorted list and its keys are kept until the collection changes: a page is
        # then a binary search, not a sort of every record.
        def build() -> tuple[list[Record], list[tuple[Any, ...]]]:
            ascending = sorted(collection.values(), key=sort_key)
            return (ascending[::-1] if descending else ascending), [sort_key(record) for record in ascending]

        ordered, ascending_keys = ctx.state.memo(("zendesk-list", object_key, sort), collection.version, build)
        return page_reply(
            ctx, object_key, ordered, sort, sort_key, path, descending=descending, ascending_keys=ascending_keys
        )
    records = collection.values()
    if ids is not None:
        wanted = set(ids.split(","))
        records = [record for record in records if record["id"] in wanted]
    if external_ids is not None:
        wanted = set(external_ids.split(","))
        records = [record for record in records if record["external_id"] in wanted]
    records.sort(key=sort_key, reverse=descending)
    return page_reply(ctx, object_key, records, sort, sort_key, path, descending=descending)


def create_custom_object_record(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    record = create_record(ctx, object_key, ctx.body["custom_object_record"])
    return Reply(201, _one(ctx, object_key, record))


def show_custom_object_record(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    return Reply(200, _one(ctx, object_key, find_record(ctx, object_key, ctx.path["custom_object_record_id"])))


def update_custom_object_record(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    record = find_record(ctx, object_key, ctx.path["custom_object_record_id"])
    return Reply(200, _one(ctx, object_key, update_record(ctx, object_key, record, ctx.body["custom_object_record"])))


def delete_custom_object_record(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    find_record(ctx, object_key, ctx.path["custom_object_record_id"])
    records_of(ctx.state, object_key).delete(ctx.path["custom_object_record_id"])
    return Reply(204)


def _addressed(ctx: RequestContext, object_key: str) -> tuple[str, str, Record | None]:
    """(attribute, value, record or None) for ?external_id= or ?name= (exactly one)."""
    external_id, name = ctx.query.get("external_id"), ctx.query.get("name")
    if (external_id is None) == (name is None):
        raise BadRequest("Exactly one of external_id and name is required")
    records = records_of(ctx.state, object_key)
    if external_id is not None:
        return "external_id", str(external_id), records.find(external_id=external_id)
    name = str(name)
    if not name_field(ctx.state, object_key)["properties"].get("is_unique"):
        raise RecordInvalid(
            {"name": [("Name: records can be addressed by name only when names are unique", "NotAllowed")]}
        )
    folded = name.casefold()
    return "name", name, next((record for record in records if record["name"].casefold() == folded), None)


def upsert_custom_object_record_by_external_id_or_name(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    attribute, value, record = _addressed(ctx, object_key)
    payload = dict(ctx.body["custom_object_record"])
    if record is not None:
        return Reply(200, _one(ctx, object_key, update_record(ctx, object_key, record, payload)))
    payload.setdefault(attribute, value)
    return Reply(200, _one(ctx, object_key, create_record(ctx, object_key, payload)))


def delete_custom_object_record_by_external_id_or_name(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    _, _, record = _addressed(ctx, object_key)
    if record is None:
        raise NotFound()
    records_of(ctx.state, object_key).delete(record["id"])
    return Reply(204)


def count_custom_object_records(ctx: RequestContext) -> Reply:
    object_key = _object_key(ctx)
    return Reply(200, {"count": {"value": len(records_of(ctx.state, object_key)), "refreshed_at": stamp(ctx)}})
