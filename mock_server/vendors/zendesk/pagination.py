"""Zendesk cursor pagination: page[size], page[after], page[before]; meta and links.

Cursors are opaque to clients (base64 of JSON, as Zendesk's are) and hold the
sort key of the record they point past, not an offset: a page asked for after
records were created or deleted neither skips nor repeats a record that was
there all along.
"""

from __future__ import annotations

import base64
import binascii
import bisect
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
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError):
        raise BadRequest(f"page[{direction}] is not a cursor from this list") from None


def _leading(
    ascending_keys: Sequence[tuple[Any, ...]], bound: tuple[Any, ...], descending: bool, inclusive: bool
) -> int:
    """How many records come before `bound` in list order (also those at it, when
    inclusive), by binary search over the keys in ascending order."""
    if not descending:
        return bisect.bisect_right(ascending_keys, bound) if inclusive else bisect.bisect_left(ascending_keys, bound)
    total = len(ascending_keys)
    return total - (
        bisect.bisect_left(ascending_keys, bound) if inclusive else bisect.bisect_right(ascending_keys, bound)
    )


def _fits(bound: tuple[Any, ...], keys: Sequence[tuple[Any, ...]], direction: str) -> tuple[Any, ...]:
    """A decoded cursor key that can be compared with this list's keys: same length,
    each part of the same kind (a forged cursor would otherwise crash the search)."""
    if keys:
        sample = keys[0]
        kinds_match = len(bound) == len(sample) and all(
            isinstance(part, str) == isinstance(mine, str)
            and (part is None) == (mine is None)
            and not isinstance(part, (list, dict, bool))
            for part, mine in zip(bound, sample, strict=False)
        )
        if not kinds_match:
            raise BadRequest(f"page[{direction}] is not a cursor from this list")
    return bound


def paginate(
    ctx: RequestContext,
    ordered: Sequence[Record],
    sort: str,
    sort_key: SortKey,
    path: str,
    descending: bool = False,
    ascending_keys: Sequence[tuple[Any, ...]] | None = None,
) -> Page:
    """One page of `ordered` (sorted by `sort_key`, unique per record, ascending or
    `descending`), as the query asks.  `ascending_keys` (the keys in ascending
    order) may come from a cache, so that a page costs a binary search, not a sort."""
    query = ctx.query
    after, before = query.get("page[after]"), query.get("page[before]")
    if after is not None and before is not None:
        raise BadRequest("page[after] and page[before] can't be used together")
    size = query.get("page[size]") or DEFAULT_PAGE_SIZE
    if ascending_keys is None:
        keys_in_order = [sort_key(record) for record in ordered]
        ascending_keys = keys_in_order[::-1] if descending else keys_in_order
    if before is not None:
        bound = _fits(_decode(before, "before", sort), ascending_keys, "before")
        end = _leading(ascending_keys, bound, descending, inclusive=False)
        start = max(0, end - size)
    else:
        if after is None:
            start = 0
        else:
            bound = _fits(_decode(after, "after", sort), ascending_keys, "after")
            start = _leading(ascending_keys, bound, descending, inclusive=True)
        end = min(len(ordered), start + size)
    page = list(ordered[start:end])
    more_after, more_before = end < len(ordered), start > 0
    after_cursor = _encode("after", sort, sort_key(ordered[end - 1])) if page and more_after else None
    before_cursor = _encode("before", sort, sort_key(ordered[start])) if page and more_before else None
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
