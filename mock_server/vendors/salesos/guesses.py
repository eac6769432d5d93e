"""Every SalesOS behaviour the public evidence leaves open, in one place.

Each switch is chosen with `--vendor-option salesos.<name>=<value>` (or
CRM_MOCK_VENDOR_OPTIONS); the first value is the default.  README lists them.
"""

from __future__ import annotations

from ...core.vendor import RequestContext

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "SWITCHES", "THROTTLER_NAME", "switch"]

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
    # A field's API name on create: `name` (the sibling CreateCustomFieldDto) or `apiName`
    # (the mock's first choice); both accepted and both returned, or only the one named.
    "field_name_key": ("both", "name", "apiName"),
    # X-RateLimit-Limit/-Remaining/-Reset with Reset a Unix timestamp (the docs' rate-limiting
    # page), or @nestjs/throttler's own headers for a throttler named "medium" (suffixed names,
    # Reset in seconds, Retry-After-medium on a 429).
    "ratelimit_headers": ("plain", "suffixed"),
}
# The codebase's one-minute throttler is named so (api/src/app.module.ts); a throttler named
# "default" would get no suffix at all (@nestjs/throttler src/throttler.guard.ts).
THROTTLER_NAME = "medium"
DEFAULT_PAGE = 1
DEFAULT_LIMIT = 20  # the codebase's usual default for `limit`
MAX_LIMIT = 100


def switch(ctx: RequestContext, name: str) -> str:
    return str(ctx.options.get(name, SWITCHES[name][0]))
