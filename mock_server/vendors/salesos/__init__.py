"""SalesOS custom objects (v1): objects, fields and records, with every guess switchable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.ratelimit import Quota, Usage
from ...core.store import TenantState
from ...core.vendor import Vendor
from .auth import authenticate
from .errors import SalesOsDialect
from .guesses import SWITCHES
from .handlers import HANDLERS
from .model import DEFAULT_SETTINGS

__all__ = ["VENDOR"]

# FACTS.md 1: the docs' global limit, 100 requests a minute.
PER_MINUTE = Quota("minute", limit=100, window_ms=60_000)
FIXTURE_STAMP = "2025-01-01T00:00:00.000Z"


def rate_limit_headers(usages: Sequence[Usage]) -> Mapping[str, str]:
    [minute] = usages
    return {
        "X-RateLimit-Limit": str(minute.quota.limit),
        "X-RateLimit-Remaining": str(minute.remaining),
        "X-RateLimit-Reset": str(-(-minute.resets_in_ms // 1000)),  # seconds until the window starts over
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
    handlers=HANDLERS,
    seed=seed,
    quotas=(PER_MINUTE,),
    quota_headers=rate_limit_headers,
    # Express reads a missing or non-JSON body as {} and lets validation speak.
    non_json_body_is_empty=True,
    body_errors_before_auth=True,
    switches=SWITCHES,
    credentials=("Authorization", "X-API-Key"),
)
