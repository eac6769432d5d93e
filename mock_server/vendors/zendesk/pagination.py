"""Zendesk cursor pagination: page[size], page[after], page[before]; meta and links.

Cursors are opaque to clients (base64 of JSON, as Zendesk's are) and hold the
sort key of the record they point past, not an offset: a page asked for after
records were created or deleted neither skips nor repeats a record that was
there all along.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ...core.store import Record
from ...core.vendor import RequestContext
from .errors import BadRequest

__all__ = ["DEFAULT_PAGE_SIZE", "Page", "SortKey", "paginate"]

DEFAULT_PAGE_SIZE = 100  # GUESS (FACTS.md 5): a list asked for without page[size]
SortKey = Callable[[Record], tuple[Any, ...]]


@dataclass
class Page:
    records: list[Record]
    meta: dict[str, Any]
    links: dict[str, str | None]


def _encode(direction: str, sort: str, key: tuple[Any, ...]) -> str:
    raw = json.dumps({direction: list(key), "sort": sort}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def _decode(cursor: str, direction: str, sort: str) -> tuple[Any, ...]:
    try:
        decoded = json.loads(base64.b64decode(cursor, validate=True))
        key = decoded[direction]
        if decoded.get("sort") != sort or not isinstance(key, list):
            raise ValueError
        return tuple(key)
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise BadRequest(f"page[{direction}] is not a cursor from this list") from None


def paginate(
    ctx: RequestContext, ordered: Sequence[Record], sort: str, sort_key: SortKey, path: str, descending: bool = False
) -> Page:
    """One page of `ordered` (sorted by `sort_key`, unique per record, ascending or
    `descending`), as the query asks."""
    query = ctx.query
    after, before = query.get("page[after]"), query.get("page[before]")
    if after is not None and before is not None:
        raise BadRequest("page[after] and page[before] can't be used together")
    size = query.get("page[size]") or DEFAULT_PAGE_SIZE
    keys = [sort_key(record) for record in ordered]
    if before is not None:
        bound = _decode(before, "before", sort)
        end = sum(1 for key in keys if (key > bound if descending else key < bound))
        start = max(0, end - size)
    else:
        if after is None:
            start = 0
        else:
            bound = _decode(after, "after", sort)
            start = sum(1 for key in keys if (key >= bound if descending else key <= bound))
        end = min(len(ordered), start + size)
    page = list(ordered[start:end])
    more_after, more_before = end < len(ordered), start > 0
    after_cursor = _encode("after", sort, keys[end - 1]) if page and more_after else None
    before_cursor = _encode("before", sort, keys[start]) if page and more_before else None
    has_more = more_before if before is not None else more_after
    return Page(
        records=page,
        meta={"has_more": has_more, "after_cursor": after_cursor, "before_cursor": before_cursor},
        links={
            "next": _link(ctx, path, "page[after]", after_cursor, size),
            "prev": _link(ctx, path, "page[before]", before_cursor, size),
        },
    )


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
