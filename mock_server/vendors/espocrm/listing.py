"""List parameters (FACTS.md 5): select, orderBy/order, offset, maxSize, where,
textFilter, searchParams, X-No-Total; and the {total, list} they produce."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ...core.paging import PageSize, SizeError, window
from ...core.query import Collation, record_key, sort_records, texts
from ...core.store import Record
from ...core.vendor import RequestContext
from .errors import BadRequest, Forbidden
from .metadata import EntityDef
from .model import display_name, metadata, records, view
from .where import Matcher, _like, compile_where, parse_php_query

__all__ = ["MAX_SIZE_LIMIT", "ListParams", "list_params", "listed"]

MAX_SIZE_LIMIT = 200  # config recordListMaxSizeLimit
# maxSize: the limit when not given, refused above it, a negative one is none.
PAGE_SIZE = PageSize(default=MAX_SIZE_LIMIT, maximum=MAX_SIZE_LIMIT, minimum=0, clamp_below=True)
# NULLs first in ascending order, as MySQL sorts them; text as it is (the collation's).
COLLATION = Collation(nulls_first=True)
# PHP's json_decode default depth: searchParams nested deeper do not decode.
PHP_JSON_DEPTH = 512


@dataclass
class ListParams:
    select: set[str] | None
    order_by: str
    descending: bool
    offset: int
    max_size: int
    where: Any
    text_filter: str | None
    no_total: bool


def _intval(value: Any) -> int:
    """PHP's intval: leading digits, else 0."""
    text = str(value).strip()
    digits = ""
    for index, char in enumerate(text):
        if char.isdigit() or (index == 0 and char in "+-"):
            digits += char
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return 0


def _nested_past(text: str, limit: int) -> bool:
    """Whether JSON `text` opens more than `limit` arrays/objects inside each other
    (one pass, strings skipped), as json_decode's depth check counts them."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def list_params(ctx: RequestContext, entity: EntityDef, no_total_header: bool) -> ListParams:
    raw: dict[str, Any] = parse_php_query(parse_qsl(ctx.query_string, keep_blank_values=True))
    if "searchParams" in raw:
        text = raw["searchParams"]
        try:
            searched = json.loads(text) if isinstance(text, str) and not _nested_past(text, PHP_JSON_DEPTH) else None
        except (ValueError, RecursionError):
            searched = None
        if not isinstance(searched, dict):
            raise BadRequest("Invalid search params JSON.")
        raw = {**raw, **searched}
    order_by = raw.get("orderBy", raw.get("sortBy"))
    order = raw.get("order")
    if order is None and "asc" in raw:
        order = "asc" if str(raw["asc"]).lower() == "true" else "desc"
    if order is not None and str(order).lower() not in ("asc", "desc"):
        raise BadRequest("order value is bad.")
    if order_by is not None and (not isinstance(order_by, str) or order_by not in entity.fields):
        raise BadRequest(f"Order by non-existing field '{order_by}'.")
    if order_by is None:
        order_by, order = entity.order_by, order or entity.order
    try:
        max_size = PAGE_SIZE.pick(_intval(raw["maxSize"]) if raw.get("maxSize") not in (None, "") else None)
    except SizeError:
        raise Forbidden(f"Max size should not exceed {MAX_SIZE_LIMIT}. Use offset and limit.") from None
    select_raw = raw.get("select", raw.get("attributeSelect"))
    select = None
    if select_raw not in (None, ""):
        names = select_raw if isinstance(select_raw, list) else str(select_raw).split(",")
        select = {name.strip() for name in names if name.strip()}
        select |= {"id", "assignedUserId", "createdById"} | set(entity.fields[order_by].attributes)
    text_filter = raw.get("textFilter", raw.get("q"))
    return ListParams(
        select=select,
        order_by=order_by,
        descending=str(order or "asc").lower() == "desc",
        offset=max(_intval(raw.get("offset", 0)), 0),
        max_size=max_size,
        where=raw.get("where", raw.get("whereGroup")),
        text_filter=str(text_filter) if text_filter not in (None, "") else None,
        no_total=no_total_header or "q" in raw,
    )


def _text_matcher(ctx: RequestContext, entity: EntityDef, text: str) -> Matcher:
    pattern = _like(text.replace("*", "%") + "%", "Bad textFilter.")

    def value(record: Record, name: str) -> Any:
        field = entity.fields.get(name)
        return display_name(entity, record) if field is not None and field.type == "personName" else record.get(name)

    def matches(record: Record) -> bool:
        return any(
            pattern.search(text) is not None
            for name in entity.text_filter_fields
            for text in texts(value(record, name))
        )

    return matches


def _sort_value(ctx: RequestContext, entity: EntityDef, record: Record, order_by: str) -> Any:
    field = entity.fields[order_by]
    if field.type == "personName":
        return display_name(entity, record)
    if field.type in ("link", "linkParent"):
        link = entity.links.get(order_by)
        target = record.get(f"{order_by}Type") if field.type == "linkParent" else (link.entity if link else None)
        other = records(ctx.state, target).get(str(record.get(f"{order_by}Id"))) if target else None
        return display_name(metadata(ctx).get(target or ""), other)
    return record.get(order_by)


def listed(
    ctx: RequestContext,
    entity: EntityDef,
    candidates: list[Record],
    params: ListParams,
    version: int | None = None,
) -> dict[str, Any]:
    """{total, list} for `candidates` filtered, ordered and cut as `params` say.  With
    the collection's `version`, the ordering is kept until the collection changes, so
    a page costs a filter pass, not a sort."""

    def key(record: Record) -> tuple[Any, ...]:
        return record_key([_sort_value(ctx, entity, record, params.order_by)], record["id"], COLLATION)

    def ordered() -> list[Record]:
        return sort_records(candidates, key, params.descending)

    if version is None:
        in_order = ordered()
    else:
        memo_key = ("espocrm-order", entity.name, params.order_by, params.descending)
        in_order = ctx.state.memo(memo_key, version, ordered)
    tests: list[Matcher] = []
    if params.where is not None:
        tests.append(compile_where(ctx, entity, params.where))
    if params.text_filter is not None:
        tests.append(_text_matcher(ctx, entity, params.text_filter))
    matched = [record for record in in_order if all(test(record) for test in tests)] if tests else in_order
    page = window(matched, params.offset, params.max_size)
    total = page.total
    if params.no_total:  # -1: more records follow; -2: none do
        total = -1 if page.has_more else -2
    shown = [view(ctx, entity, record, full=False, select=params.select) for record in page.items]
    return {"total": total, "list": shown}
