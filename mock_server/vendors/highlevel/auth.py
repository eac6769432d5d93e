"""HighLevel auth: `Authorization: Bearer <token>`; the token names the tenant."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import Headers

from ...core.vendor import AuthRequest, AuthSettings, NewCredential, Principal, VendorOption
from .errors import (
    Forbidden,
    HighLevelError,
    LocationNotAccessible,
    Unauthorized,
    VersionMissing,
    VersionRefused,
    VersionSegmentInvalid,
)
from .oauth_tokens import ACCESS, LOCATION, read_token, tenant_key

__all__ = [
    "API_VERSIONS",
    "OAUTH",
    "OPTIONS",
    "PIT",
    "PIT_LOCATION_ERROR",
    "TOKEN_ENDPOINT_TENANT",
    "authenticate",
    "check_version",
    "location_refusal",
    "new_credential",
    "token_kind",
]

# The versions HighLevel's versioning page names; the SDKs send v3 (Python) and 2023-02-21 (npm).
API_VERSIONS = frozenset({"2021-07-28", "2021-04-15", "2023-02-21", "v3", "legacy"})
# What the gateway can parse as a version: a date, or a named version (v3, legacy).
# Parsed but unpublished ("2020-01-01") is 401 "invalid"; unparsable is the 400.
VERSION_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}|v\d+|legacy")

# The two kinds of bearer token HighLevel issues, which it refuses a location differently.
PIT = "pit"  # Private Integration token: "pit-<uuid>"
OAUTH = "oauth"  # a marketplace app's OAuth access token (a JWT)
TOKEN_KINDS = (PIT, OAUTH)

# `--vendor-option highlevel.<name>=<value>` (docs/vendors/highlevel.md, Ledger).
PIT_LOCATION_ERROR = VendorOption(
    "pit_location_error",
    default="401",
    choices=("401", "403"),
    description="a Private Integration token (pit-...) naming a location it does not open: "
    "401 'This location is not accessible from this token!', or the OAuth token's 403",
    evidence="401: integrators' code (2026), several measured it for another sub-account's location; "
    "403: one integrator (2026-08) and older troubleshooting notes (siteoptz/siteoptz "
    "ghl-403-deep-troubleshooting.md) show a pit- token getting the OAuth 403",
)
OPTIONS = (PIT_LOCATION_ERROR,)

# POST /oauth/token carries no bearer token (the app's credentials are in its body): every
# call of it works in this one tenant, which holds the refresh tokens already spent.  The
# blanks keep any bearer token from naming it.
TOKEN_ENDPOINT_TENANT = "oauth token endpoint"
TOKEN_OPERATION = "get-access-token"


def check_version(headers: Headers, method: str = "GET") -> None:
    """The gateway's Version check, made before any route is matched."""
    version = headers.get("Version")
    if not version:
        # GUESS for an empty header: Node's headers give "", which a falsy check reads as absent.
        raise VersionMissing()
    if version in API_VERSIONS:
        return
    if VERSION_SHAPE.fullmatch(version):
        raise VersionRefused()
    raise VersionSegmentInvalid(version)


def token_kind(token: str, entry: Mapping[str, Any] | None = None) -> str:
    """Which kind of token this is: a fixture's `kind`, else `pit-` for a Private
    Integration token, else OAuth (HighLevel reads any other bearer value as a JWT:
    `Bearer x` gets "Invalid JWT")."""
    declared = (entry or {}).get("kind")
    if declared in TOKEN_KINDS:
        return str(declared)
    return PIT if token.startswith("pit-") else OAUTH


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    if request.operation.operation_id == TOKEN_OPERATION:
        return Principal(tenant=TOKEN_ENDPOINT_TENANT, attributes={"tokenKind": OAUTH})
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise Unauthorized()
    issued = read_token(settings.fixtures, token, ACCESS)
    if issued is not None:
        return _issued_token_principal(issued, settings)
    declared = {entry["token"]: entry for entry in settings.fixtures.get("tokens") or []}
    entry = declared.get(token)
    if entry is None and settings.strict:
        raise Unauthorized()
    attributes: dict[str, Any] = {"tokenKind": token_kind(token, entry)}
    # Declared tokens may be bound to locations: others are refused (model.check_location).
    locations = (entry or {}).get("locationIds")
    if locations:
        attributes["locationIds"] = frozenset(locations)
    return Principal(tenant=token, attributes=attributes)


def _issued_token_principal(claims: dict[str, Any], settings: AuthSettings) -> Principal:
    """A token the mock's OAuth server issued: the tenant of its app and location (or
    company), refused once expired on the tenant's clock.  GUESS: an expired token gets
    the published UnauthorizedDTO, as any invalid one."""
    now_s = settings.clock.now().timestamp() if settings.clock is not None else 0
    if now_s >= float(claims.get("exp", 0)):
        raise Unauthorized()
    attributes: dict[str, Any] = {"tokenKind": OAUTH, "oauth": claims}
    if claims.get("authClass") == LOCATION:
        attributes["locationIds"] = frozenset({claims["authClassId"]})
    return Principal(tenant=tenant_key(claims), attributes=attributes)


def location_refusal(kind: str, options: Mapping[str, Any]) -> HighLevelError:
    """HighLevel's answer when a token names a location it cannot access: it depends on the kind of token."""
    if kind == PIT and PIT_LOCATION_ERROR.value_in(options) == "401":
        return LocationNotAccessible()
    return Forbidden()


def new_credential() -> NewCredential:
    """A Private Integration token of a tenant of its own (`pit-<uuid>`, as HighLevel
    issues them), with the Version header every request needs."""
    token = f"pit-{uuid.uuid4()}"
    return NewCredential(token, {"token": token}, {"Authorization": f"Bearer {token}", "Version": "2021-07-28"})
