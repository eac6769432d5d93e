"""Zendesk custom objects (Support API v2): objects, fields, records, search, bulk jobs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.ratelimit import Quota, Usage
from ...core.request_path import BODY_FIRST
from ...core.store import TenantState
from ...core.vendor import Vendor
from .auth import authenticate, new_credential
from .errors import ZendeskDialect
from .fixture_check import fixture_objects
from .model import add_object, records_of
from .routes import ROUTES
from .values import validate_record

__all__ = ["VENDOR"]

# FACTS.md 8: requests per minute per account; 700 is the Enterprise plan's.
PER_MINUTE = Quota("minute", limit=700, window_ms=60_000)
# Fixture items get this time, so seeded state never varies.
FIXTURE_STAMP = "2025-01-01T00:00:00Z"
FIXTURE_USER = "10000000001"


def rate_limit_headers(usages: Sequence[Usage]) -> Mapping[str, str]:
    [minute] = usages
    return {"X-Rate-Limit": str(minute.quota.limit), "X-Rate-Limit-Remaining": str(minute.remaining)}


def seed(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """The fixture objects with their fields and records (record ids as given)."""
    for definition in fixtures.get("objects") or []:
        add_object(state, definition, FIXTURE_USER, FIXTURE_STAMP)
        records = records_of(state, definition["key"])
        for record in definition.get("records") or []:
            records.put(
                record["id"],
                {
                    "id": record["id"],
                    "name": record["name"],
                    "custom_object_key": definition["key"],
                    "custom_object_fields": dict(record.get("custom_object_fields") or {}),
                    "external_id": record.get("external_id"),
                    "created_at": FIXTURE_STAMP,
                    "updated_at": FIXTURE_STAMP,
                    "created_by_user_id": FIXTURE_USER,
                    "updated_by_user_id": FIXTURE_USER,
                },
            )


VENDOR = Vendor(
    name="zendesk",
    dialect=ZendeskDialect(),
    authenticate=authenticate,
    handlers=ROUTES,
    validate_record=validate_record,
    fixture_objects=fixture_objects,
    seed=seed,
    quotas=(PER_MINUTE,),
    quota_headers=rate_limit_headers,
    # Rails parses a JSON body before the controller runs: bad JSON is refused first.
    request_path=BODY_FIRST,
    path_suffixes=(".json",),
    credentials=("Authorization",),
    new_credential=new_credential,
)
