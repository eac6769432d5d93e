"""SalesOS custom objects in a tenant's state: "objects" (by id), "fields" (by id;
each names its object) and "records:<object id>".  Shapes follow the codebase's
Prisma style (FACTS.md 3; all GUESS): camelCase, ISO timestamps with milliseconds."""

from __future__ import annotations

import re
from typing import Any

from ...core.paging import PageSize, SizeError, numbered_window, page_count
from ...core.store import Collection, Record, TenantState
from ...core.vendor import RequestContext
from .errors import BadRequest, NotFound
from .guesses import PAGE_NUMBER, PAGE_SIZE, switch

__all__ = [
    "FIELD_TYPES",
    "NAME_KEYS",
    "api_name_of",
    "field_view",
    "fields_of",
    "find_field",
    "find_object",
    "new_id",
    "object_view",
    "page_of",
    "records_of",
    "stamp",
]

FIELD_TYPES = (
    "TEXT",
    "TEXTAREA",
    "NUMBER",
    "CURRENCY",
    "DATE",
    "DATETIME",
    "CHECKBOX",
    "PICKLIST",
    "MULTI_PICKLIST",
    "EMAIL",
    "PHONE",
    "URL",
    "LOOKUP",
)
# Which body keys may carry a field's API name, per salesos.field_name_key.
NAME_KEYS = {"both": ("name", "apiName"), "name": ("name",), "apiName": ("apiName",)}
DEFAULT_SETTINGS = {
    "enableSearch": True,
    "enableActivities": False,
    "enableNotes": False,
    "trackHistory": False,
    "allowBulkOperations": True,
}


def stamp(ctx: RequestContext) -> str:
    moment = ctx.clock.now()
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def new_id(ctx: RequestContext) -> str:
    return ctx.state.ids.uuid4() if switch(ctx, "id_format") == "uuid" else ctx.state.ids.cuid()


def api_name_of(label: str) -> str:
    """The API name the user guide describes: from the name, lower case, underscores."""
    name = re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")
    return name if name and name[0].isalpha() else f"x_{name}"


def find_object(ctx: RequestContext, key: str) -> Record:
    """By id, or by API name."""
    objects = ctx.state.collection("objects")
    found = objects.get(key) or objects.find(apiName=key)
    if found is None:
        raise NotFound(f"Custom object {key} not found")
    return found


def fields_of(state: TenantState, object_id: str) -> list[Record]:
    return state.collection("fields").where(objectId=object_id)


def find_field(ctx: RequestContext, obj: Record, key: str) -> Record:
    fields = ctx.state.collection("fields")
    found = fields.get(key)
    if found is None or found["objectId"] != obj["id"]:
        found = fields.find(objectId=obj["id"], apiName=key)
    if found is None:
        raise NotFound(f"Field {key} not found")
    return found


def records_of(state: TenantState, object_id: str) -> Collection:
    return state.collection(f"records:{object_id}")


def field_view(ctx: RequestContext, field: Record) -> dict[str, Any]:
    """A field as answered: its API name under `name` (the sibling API's Prisma column,
    CustomFieldDefinition.name), `apiName`, or both, per salesos.field_name_key."""
    shown: dict[str, Any] = {"id": field["id"], "objectId": field["objectId"]}
    for key in NAME_KEYS[switch(ctx, "field_name_key")]:
        shown[key] = field["apiName"]
    shown.update((key, value) for key, value in field.items() if key not in shown and key != "apiName")
    return shown


def object_view(ctx: RequestContext, obj: Record) -> dict[str, Any]:
    fields = [field_view(ctx, field) for field in fields_of(ctx.state, obj["id"])]
    return {**obj, "settings": dict(obj["settings"]), "fields": fields}


def _whole(ctx: RequestContext, name: str, bounds: PageSize) -> int:
    """A page number or size from the query (a string), within `bounds`."""
    raw = ctx.query.get(name)
    text = "" if raw is None else str(raw)
    try:
        if text and not text.isdigit():
            raise SizeError(name, bounds)
        return bounds.pick(int(text) if text else None, name)
    except SizeError:
        # GUESS: ParseIntPipe-like refusal (the real server most likely fails inside Prisma)
        limit = f" between 1 and {bounds.maximum}" if bounds.maximum else " of at least 1"
        raise BadRequest([f"{name} must be a whole number{limit}"]) from None


def page_of(ctx: RequestContext, items: list[dict[str, Any]]) -> tuple[Any, dict[str, str]]:
    """A page of items in the chosen envelope, with its headers."""
    number = _whole(ctx, "page", PAGE_NUMBER)
    limit = _whole(ctx, "limit", PAGE_SIZE)
    page = numbered_window(items, number, limit)
    if switch(ctx, "list_envelope") == "array":
        return page.items, {"X-Total-Count": str(page.total)}
    envelope = {"data": page.items, "total": page.total, "page": number, "limit": limit}
    return {**envelope, "totalPages": page_count(page.total, limit)}, {}
