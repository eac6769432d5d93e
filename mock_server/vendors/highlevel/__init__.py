"""HighLevel (LeadConnector) Objects, Associations and Custom Fields v2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.ratelimit import Quota, Usage
from ...core.store import TenantState
from ...core.vendor import Vendor
from .auth import OPTIONS, authenticate, check_version, new_credential
from .businesses import seed_businesses
from .contacts import DUPLICATE_CONTACTS, seed_contacts
from .errors import HighLevelDialect
from .fixture_check import fixture_objects
from .location_custom_fields import CONTACT_CUSTOM_FIELDS, seed_location_custom_fields
from .model import add_object, add_standard_items
from .opportunities import seed_lost_reasons, seed_opportunities
from .pipelines import seed_pipelines
from .routes import ROUTES
from .users import CHECK_USER_IDS, seed_users
from .values import validate_record

__all__ = ["VENDOR"]

# Documented quotas per app and location (FACTS.md 8).
BURST = Quota("burst", limit=100, window_ms=10_000)
DAILY = Quota("daily", limit=200_000, window_ms=86_400_000)
# Fixture items without their own dates get this one, so seeded state never varies.
FIXTURE_STAMP = "2025-01-01T00:00:00.000Z"


def rate_limit_headers(usages: Sequence[Usage]) -> Mapping[str, str]:
    burst, daily = usages
    return {
        "X-RateLimit-Limit-Daily": str(daily.quota.limit),
        "X-RateLimit-Daily-Remaining": str(daily.remaining),
        "X-RateLimit-Interval-Milliseconds": str(burst.quota.window_ms),
        "X-RateLimit-Max": str(burst.quota.limit),
        "X-RateLimit-Remaining": str(burst.remaining),
        # Seen in live responses (and read by the npm SDK): milliseconds until the daily quota resets.
        "X-RateLimit-Daily-Reset": str(daily.resets_in_ms),
    }


def seed(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """The fixture locations, each with the standard objects and its own custom objects."""
    stamp = FIXTURE_STAMP
    for location in fixtures.get("locations") or []:
        location_id = location["id"]
        state.collection("locations").put(location_id, {"id": location_id})
        add_standard_items(state, fixtures, location_id, stamp)
        for obj in location.get("objects") or []:
            add_object(state, location_id, obj, stamp=stamp, standard=False)
        for association in location.get("associations") or []:
            state.collection("associations").put(
                association["id"], {"locationId": location_id, "associationType": "USER_DEFINED", **association}
            )
        for relation in location.get("relations") or []:
            state.collection("relations").put(relation["id"], {"locationId": location_id, **relation})
    seed_pipelines(state, fixtures)
    seed_opportunities(state, fixtures)
    seed_lost_reasons(state, fixtures)
    seed_businesses(state, fixtures)
    seed_users(state, fixtures)
    seed_location_custom_fields(state, fixtures)
    seed_contacts(state, fixtures)


VENDOR = Vendor(
    name="highlevel",
    dialect=HighLevelDialect(),
    authenticate=authenticate,
    handlers=ROUTES,
    validate_record=validate_record,
    fixture_objects=fixture_objects,
    seed=seed,
    quotas=(BURST, DAILY),
    quota_headers=rate_limit_headers,
    gateway=check_version,
    non_json_body_is_empty=True,
    # The OAuth token endpoint's secrets, in both documents' spellings (form or JSON fields).
    credentials=(
        "Authorization",
        "client_secret",
        "clientSecret",
        "refresh_token",
        "refreshToken",
        "access_token",
        "accessToken",
    ),
    new_credential=new_credential,
    # Each option with its evidence: auth.PIT_LOCATION_ERROR, users.CHECK_USER_IDS,
    # contacts.DUPLICATE_CONTACTS, location_custom_fields.CONTACT_CUSTOM_FIELDS.
    options=(*OPTIONS, CHECK_USER_IDS, DUPLICATE_CONTACTS, CONTACT_CUSTOM_FIELDS),
)
