"""OpenInt's viewers (FACTS.md 2), resolved in the server's order: `?_token=`, then
`Authorization: Bearer <customer token>`, then `?apikey=`, then `x-apikey`.

An API key is base64 of `org_...:secret` or `user_...:secret`: an admin of that
organization (the tenant); /v1 and /v2 also take it as `Authorization: Bearer <key>`.
A customer token (POST /connect/token) is a JWT the
mock signs itself; it names the organization and one customer.  Admin-only
procedures refuse customers with 403 FORBIDDEN; no viewer at all is a 401.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from ...core.vendor import AuthRequest, AuthSettings, NewCredential, Principal
from .errors import OutsideError, TrpcError, is_newer_api

__all__ = ["ADMIN_OPERATIONS", "authenticate", "mint_token", "new_credential", "read_token"]

# adminProcedure in the vendor's routers: connector configs and customer upsert.
ADMIN_OPERATIONS = frozenset(
    {
        "upsertCustomer",
        "adminListConnectorConfigs",
        "adminUpsertConnectorConfig",
        "adminGetConnectorConfig",
        "adminUpdateConnectorConfig",
        "adminDeleteConnectorConfig",
        "createConnectToken",
        # the newer API's admin operations (GUESS: as their v0 counterparts)
        "v1-upsertCustomer",
        "v1-listCustomers",
        "v1-createToken",
        "v2-listConnectorConfigs",
        "v2-createConnectorConfig",
        "v2-getConnectorConfig",
        "v2-upsertConnectorConfig",
        "v2-deleteConnectorConfig",
        "v2-upsertOrganization",
    }
)
OWNER = re.compile(r"(org|user)_[A-Za-z0-9]+")
CONNECTION_HEADERS = (
    "x-connection-id",
    "x-connection-customer-id",
    "x-connection-connector-name",
    "x-connection-connector-config-id",
)
_SECRET = b"crm-mock openint token signing key"  # the mock's own: tokens are only ever checked here


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint_token(org_id: str, customer_id: str, issued_at: int, validity_s: int) -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims: dict[str, Any] = {"role": "customer", "sub": f"{org_id}/{customer_id}", "org_id": org_id}
    claims["customer_id"] = customer_id
    claims.update(iat=issued_at, exp=issued_at + validity_s)
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64url(hmac.new(_SECRET, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def read_token(token: str) -> Mapping[str, Any] | None:
    """The claims of a token this mock minted, or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = _b64url(hmac.new(_SECRET, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, parts[2]):
        return None
    try:
        claims = json.loads(_unb64url(parts[1]))
    except (ValueError, binascii.Error):
        return None
    return claims if isinstance(claims, dict) else None


def _from_api_key(value: str, settings: AuthSettings) -> Principal | None:
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise OutsideError(400, "TRPCError: Authorization Bearer Token") from None
    if ":" not in decoded:
        raise OutsideError(500, "TypeError: the api key is not in the <id>:<secret> form")  # GUESS: wording
    owner, _, secret = decoded.partition(":")
    if not OWNER.fullmatch(owner) or not secret:
        return None  # a well-formed key that names no one: the anonymous viewer
    declared = {(str(entry["id"]), str(entry["secret"])) for entry in settings.fixtures.get("api_keys") or []}
    if settings.strict and (owner, secret) not in declared:
        return None
    return Principal(tenant=owner, attributes={"role": "org" if owner.startswith("org_") else "user", "org_id": owner})


def _from_token(token: str, now_s: int) -> Principal | None:
    claims = read_token(token)
    if claims is None or int(claims.get("exp", 0)) < now_s:
        return None
    org_id = str(claims["org_id"])
    return Principal(
        tenant=org_id, attributes={"role": "customer", "org_id": org_id, "customer_id": str(claims["customer_id"])}
    )


def _from_bearer(value: str, now_s: int, settings: AuthSettings, newer_api: bool) -> Principal | None:
    """v0 takes only customer tokens as Bearer; /v1 and /v2 take an organization's API
    key there too (the v1 document's `token` scheme), which is what the SDK sends."""
    principal = _from_token(value, now_s)
    if principal is None and newer_api and read_token(value) is None:
        try:
            principal = _from_api_key(value, settings)
        except OutsideError:
            return None  # GUESS: a bearer that is neither a token nor a key is simply no one (401)
    return principal


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    now_s = int(settings.clock.now().timestamp()) if settings.clock is not None else 0
    principal: Principal | None = None
    token = request.query.get("_token")
    bearer = request.headers.get("Authorization", "")
    api_key = request.query.get("apikey") or request.headers.get("x-apikey")
    if token:
        principal = _from_token(token, now_s)
    elif bearer.lower().startswith("bearer "):
        principal = _from_bearer(bearer[7:].strip(), now_s, settings, is_newer_api(request.operation.path))
    elif api_key:
        principal = _from_api_key(api_key, settings)
    if principal is None:
        raise TrpcError(401, "UNAUTHORIZED")
    if principal.attributes["role"] == "customer" and request.operation.operation_id in ADMIN_OPERATIONS:
        raise TrpcError(403, "FORBIDDEN")
    # The unified router's middleware needs a connection before the input is looked at.
    if request.operation.operation_id.startswith("crm-") and not any(
        request.headers.get(header) for header in CONNECTION_HEADERS
    ):
        raise TrpcError(400, "remoteConnectionId missing. Check your x-connection-* headers")
    return principal


def new_credential() -> NewCredential:
    """An organization of its own and its API key, base64 of `org_...:secret`."""
    org_id = f"org_{secrets.token_hex(10)}"
    api_key = base64.b64encode(f"{org_id}:sk_{secrets.token_hex(16)}".encode()).decode()
    return NewCredential(org_id, {"api_key": api_key, "org_id": org_id}, {"x-apikey": api_key})
