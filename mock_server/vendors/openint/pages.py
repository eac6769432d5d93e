"""The newer API's list envelope and query conventions (/v1 and /v2): offset paging
as `{items, total, limit, offset, has_next_page}` (OpenInt's v1 document; the SDK's
SyncOffsetPagination reads `items`, `total` and `offset`), lists sent comma-joined
(the SDK's query string format), and `search_query` as a substring match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...core.paging import window
from ...core.query import contains_text
from ...core.vendor import RequestContext
from .errors import TrpcError

__all__ = ["DEFAULT_LIMIT", "comma_list", "expansions", "offset_page", "searched"]

DEFAULT_LIMIT = 50  # the v1 document's default; its maximum (3000) is in the spec


def offset_page(ctx: RequestContext, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    limit = int(ctx.query.get("limit", DEFAULT_LIMIT))
    offset = int(ctx.query.get("offset") or 0)
    page = window(items, offset, limit)
    return {
        "items": page.items,
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "has_next_page": page.has_more,
    }


def comma_list(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def expansions(ctx: RequestContext, allowed: Sequence[str]) -> set[str]:
    """The `expand` values asked for; one the operation does not know is zod's enum refusal."""
    wanted = comma_list(ctx.query.get("expand"))
    for index, value in enumerate(wanted):
        if value not in allowed:
            shown = " | ".join(f"'{option}'" for option in allowed)
            issue = {
                "code": "invalid_enum_value",
                "message": f"Invalid enum value. Expected {shown}, received '{value}'",
                "path": ["expand", index],
            }
            raise TrpcError(400, "Input validation failed", issues=[issue])
    return set(wanted)


def searched(ctx: RequestContext, texts: Iterable[Any]) -> bool:
    """Whether `search_query` (when given) is in any of the texts, ignoring case."""
    query = ctx.query.get("search_query")
    if not query:
        return True
    return any(contains_text(text, query, str.lower) for text in texts)
