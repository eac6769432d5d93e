"""SalesOS custom objects (v1): objects, fields and records, with every guess switchable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.dialect import current_scope
from ...core.ratelimit import Quota, Usage
from ...core.store import TenantState
from ...core.vendor import Vendor
from .auth import authenticate, new_credential
from .errors import SalesOsDialect
from .fixture_check import fixture_objects
from .guesses import OPTIONS, THROTTLER_NAME
from .model import DEFAULT_SETTINGS
from .routes import ROUTES
from .values import validate_record

__all__ = ["VENDOR"]

# FACTS.md 1: the docs' global limit, 100 requests a minute.
PER_MINUTE = Quota("minute", limit=100, window_ms=60_000)
FIXTURE_STAMP = "2025-01-01T00:00:00.000Z"


def rate_limit_headers(usages: Sequence[Usage]) -> Mapping[str, str]:
    """The docs' headers (X-RateLimit-Reset a Unix timestamp, rate-limiting page), or with
    salesos.ratelimit_headers=suffixed the ones @nestjs/throttler writes for a named throttler:
    `X-RateLimit-<Limit|Remaining|Reset>-<name>`, Reset in seconds until the window ends
    (src/throttler.guard.ts `handleRequest`, src/throttler.service.ts `getExpirationTime`)."""
    [minute] = usages
    if current_scope().options.get("ratelimit_headers") == "suffixed":
        suffix = f"-{THROTTLER_NAME}"
        return {
            f"X-RateLimit-Limit{suffix}": str(minute.quota.limit),
            f"X-RateLimit-Remaining{suffix}": str(minute.remaining),
            f"X-RateLimit-Reset{suffix}": str(-(-minute.resets_in_ms // 1000)),
        }
    return {
        "X-RateLimit-Limit": str(minute.quota.limit),
        "X-RateLimit-Remaining": str(minute.remaining),
        "X-RateLimit-Reset": str(-(-minute.resets_at_ms // 1000)),  # the second the window starts over
    }


def seed(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """The fixture objects, fields and records, with the ids they declare."""
    for definition in fixtures.get("objects") or []:
        obj = {
            "id": definition["id"],
            "name": definition["name"],
            "pluralName": definition.get("pluralName", f"{definition['name']}s"),
            "apiName": definition["apiName"],
            "description": definition.get("description"),
            "icon": definition.get("icon"),
            "primaryField": definition.get("primaryField"),
            "settings": {**DEFAULT_SETTINGS, **(definition.get("settings") or {})},
            "createdAt": FIXTURE_STAMP,
            "updatedAt": FIXTURE_STAMP,
        }
        state.collection("objects").put(obj["id"], obj)
        for field in definition.get("fields") or []:
            state.collection("fields").put(
                field["id"],
                {
                    "id": field["id"],
                    "objectId": obj["id"],
                    "apiName": field["apiName"],
                    "label": field["label"],
                    "description": field.get("description"),
                    "fieldType": field["fieldType"],
                    "isRequired": bool(field.get("isRequired", False)),
                    "isUnique": bool(field.get("isUnique", False)),
                    "defaultValue": field.get("defaultValue"),
                    "picklistValues": list(field.get("picklistValues") or []),
                    "lookupObjectId": field.get("lookupObjectId"),
                    "createdAt": FIXTURE_STAMP,
                    "updatedAt": FIXTURE_STAMP,
                },
            )
        for record in definition.get("records") or []:
            state.collection(f"records:{obj['id']}").put(
                record["id"],
                {
                    "id": record["id"],
                    "objectId": obj["id"],
                    "data": dict(record["data"]),
                    "createdAt": FIXTURE_STAMP,
                    "updatedAt": FIXTURE_STAMP,
                },
            )


VENDOR = Vendor(
    name="salesos",
    dialect=SalesOsDialect(),
    authenticate=authenticate,
    handlers=ROUTES,
    fixture_objects=fixture_objects,
    seed=seed,
    quotas=(PER_MINUTE,),
    quota_headers=rate_limit_headers,
    # Express reads a missing or non-JSON body as {} and lets validation speak.
    non_json_body_is_empty=True,
    options=OPTIONS,
    credentials=("Authorization", "X-API-Key"),
    new_credential=new_credential,
    validate_record=validate_record,
)
