"""Every SalesOS behaviour the public evidence leaves open, in one place.

Each switch is chosen with `--vendor-option salesos.<name>=<value>` (or
CRM_MOCK_VENDOR_OPTIONS); the first value is the default.  README lists them.
"""

from __future__ import annotations

from ...core.vendor import RequestContext

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "SWITCHES", "switch"]

SWITCHES: dict[str, tuple[str, ...]] = {
    # NestJS's default error body (the public docs), or the older backend's global filter.
    "error_shape": ("nest", "filter"),
    # {data, total, page, limit, totalPages} (the codebase's paged services), or a bare
    # array with X-Total-Count (the docs' pagination page).
    "list_envelope": ("paged", "array"),
    # Prisma's cuid() (the codebase), or UUIDs (the docs' wording).
    "id_format": ("cuid", "uuid"),
    # NestJS answers DELETE 200 unless told otherwise; the docs say 204.
    "delete_status": ("200", "204"),
}
DEFAULT_PAGE = 1
DEFAULT_LIMIT = 20  # the codebase's usual default for `limit`
MAX_LIMIT = 100


def switch(ctx: RequestContext, name: str) -> str:
    return str(ctx.options.get(name, SWITCHES[name][0]))
