"""Every SalesOS behaviour the public evidence leaves open, in one place.

Each option is chosen with `--vendor-option salesos.<name>=<value>` (or
CRM_MOCK_VENDOR_OPTIONS); docs/vendors/salesos.md's ledger gives the evidence.
"""

from __future__ import annotations

from ...core.paging import PageSize
from ...core.vendor import RequestContext, VendorOption

__all__ = ["OPTIONS", "PAGE_NUMBER", "PAGE_SIZE", "THROTTLER_NAME", "switch"]

OPTIONS: tuple[VendorOption, ...] = (
    VendorOption(
        "error_shape",
        default="nest",
        choices=("nest", "filter"),
        description="error bodies: NestJS's {statusCode, message, error}, or the older backend's "
        "global filter {statusCode, timestamp, path, message}",
        evidence="nest: docs.salesos.org/docs/error-handling and NestJS's BaseExceptionFilter; "
        "filter: sibling api/src/common/filters/global-exception.filter.ts",
    ),
    VendorOption(
        "list_envelope",
        default="paged",
        choices=("paged", "array"),
        description="lists as {data, total, page, limit, totalPages}, or a bare array with X-Total-Count",
        evidence="paged: the codebase's paged services (notifications); array: docs.salesos.org/docs/pagination",
    ),
    VendorOption(
        "id_format",
        default="cuid",
        choices=("cuid", "uuid"),
        description="new ids: Prisma's cuid() (c + 24), or UUIDs",
        evidence="cuid: sibling api/prisma/schema.prisma (@default(cuid())); uuid: docs.salesos.org/docs "
        "(ids are UUID strings)",
    ),
    VendorOption(
        "delete_status",
        default="200",
        choices=("200", "204"),
        description='DELETE answers 200 {"success": true}, or 204 with no body',
        evidence="200: NestJS's default status codes and the sibling spec; 204: the docs' error-handling page",
    ),
    VendorOption(
        "field_name_key",
        default="both",
        choices=("both", "name", "apiName"),
        description="a field's API name on create: `name` or `apiName`, both accepted and answered, "
        "or only the one named (the other is 400 property ... should not exist)",
        evidence="name: the sibling CreateCustomFieldDto and its Prisma column CustomFieldDefinition.name; "
        "apiName: the mock's first key; the 400 is the ValidationPipe's forbidNonWhitelisted message",
    ),
    VendorOption(
        "ratelimit_headers",
        default="plain",
        choices=("plain", "suffixed"),
        description="X-RateLimit-Limit/-Remaining/-Reset (Reset a Unix timestamp), or @nestjs/throttler's "
        "headers for the throttler named medium (-medium suffixes, Reset in seconds, Retry-After-medium on a 429)",
        evidence="plain: docs.salesos.org/docs/rate-limiting; suffixed: @nestjs/throttler 6.5.1 "
        "src/throttler.guard.ts and the codebase's one-minute throttler (sibling api/src/app.module.ts)",
    ),
)
_BY_NAME = {option.name: option for option in OPTIONS}
# The codebase's one-minute throttler is named so (api/src/app.module.ts); a throttler named
# "default" would get no suffix at all (@nestjs/throttler src/throttler.guard.ts).
THROTTLER_NAME = "medium"
PAGE_NUMBER = PageSize(default=1)  # `page`: 1 when not given, at least 1
PAGE_SIZE = PageSize(default=20, maximum=100)  # `limit`: the codebase's usual default; at most 100


def switch(ctx: RequestContext, name: str) -> str:
    return _BY_NAME[name].value_in(ctx.options)
