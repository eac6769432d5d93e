"""EspoCRM auth, checked in the server's order (FACTS.md 2):

1. `Espo-Authorization: base64(user:password)` wins when present;
2. then `X-Api-Key`, or `X-Hmac-Authorization: base64(key:hex(HMAC-SHA256(secret,
   "METHOD /path-after-api-v1")))`;
3. then HTTP Basic.

Users, passwords and keys live in fixtures/espocrm/users.yaml.  Without
--strict-auth any user name and password, and any API key, is accepted as the
first admin user; HMAC always needs a declared key, as its secret signs the request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from ...core.vendor import AuthRequest, AuthSettings, NewCredential, Principal
from .errors import BadRequest, Unauthorized

__all__ = ["API_BASE", "authenticate", "new_credential", "resource_path"]

API_BASE = "/api/v1"


def resource_path(path: str) -> str:
    """The path after /api/v1, with its leading slash: what an HMAC signature covers."""
    _, found, rest = path.partition(API_BASE)
    return rest if found else path


def _users(settings: AuthSettings) -> list[Mapping[str, Any]]:
    return list(settings.fixtures.get("users") or [])


def _decode(value: str) -> str | None:
    try:
        return base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _principal(credential: str, user: Mapping[str, Any] | None, settings: AuthSettings) -> Principal:
    if user is None:
        if settings.strict:
            raise Unauthorized()
        admins = [entry for entry in _users(settings) if entry.get("type") == "admin"]
        user = admins[0] if admins else {"id": "1"}
    return Principal(tenant=credential, attributes={"user_id": str(user["id"])})


def _by_password(user_name: str, password: str, settings: AuthSettings) -> Principal:
    for user in _users(settings):
        if user.get("userName") == user_name:
            if user.get("password") != password:
                raise Unauthorized()
            return _principal(f"{user_name}:{password}", user, settings)
    return _principal(f"{user_name}:{password}", None, settings)


def _by_hmac(value: str, request: AuthRequest, settings: AuthSettings) -> Principal:
    decoded = _decode(value)
    if decoded is None or ":" not in decoded:
        raise Unauthorized()
    key, _, signature = decoded.partition(":")
    user = next((entry for entry in _users(settings) if entry.get("apiKey") == key and entry.get("secretKey")), None)
    if user is None:
        raise Unauthorized()
    signed = f"{request.method} {resource_path(request.path)}".encode()
    expected = hmac.new(str(user["secretKey"]).encode(), signed, hashlib.sha256)
    # The hex digest, or the legacy raw binary one.
    if not (
        hmac.compare_digest(signature, expected.hexdigest())
        or hmac.compare_digest(signature.encode("latin-1", "replace"), expected.digest())
    ):
        raise Unauthorized()
    return Principal(tenant=key, attributes={"user_id": str(user["id"])})  # the same tenant as X-Api-Key


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    headers = request.headers
    espo = headers.get("Espo-Authorization")
    if espo is not None:
        decoded = _decode(espo)
        if decoded is None or ":" not in decoded:
            raise BadRequest("Auth: Bad authorization string provided.")
        user_name, _, password = decoded.partition(":")
        return _by_password(user_name, password, settings)
    api_key = headers.get("X-Api-Key")
    if api_key is not None:
        if not api_key.strip():
            raise Unauthorized()
        user = next((entry for entry in _users(settings) if entry.get("apiKey") == api_key), None)
        return _principal(api_key, user, settings)
    signed = headers.get("X-Hmac-Authorization")
    if signed is not None:
        return _by_hmac(signed, request, settings)
    scheme, _, value = headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        decoded = _decode(value)
        if decoded is None or ":" not in decoded:
            raise Unauthorized()
        user_name, _, password = decoded.partition(":")
        return _by_password(user_name, password, settings)
    # No credentials at all: browsers get a Basic challenge (not XHR, no Referer, not POST).
    challenge = (
        headers.get("X-Requested-With") != "XMLHttpRequest"
        and headers.get("Referer") is None
        and request.method != "POST"
    )
    raise Unauthorized(challenge=challenge)


def new_credential() -> NewCredential:
    """An API user's key of a tenant of its own (`X-Api-Key`, 32 hex digits as EspoCRM makes them)."""
    key = secrets.token_hex(16)
    return NewCredential(key, {"api_key": key}, {"X-Api-Key": key})
