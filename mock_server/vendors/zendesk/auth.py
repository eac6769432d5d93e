"""Zendesk auth: HTTP Basic `{email}/token:{api_token}` (or email and password), or
`Bearer {oauth_token}`.  The credential names the tenant; every failure is the same
401 {"error":"Couldn't authenticate you"} (FACTS.md 1)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from ...core.vendor import AuthRequest, AuthSettings, NewCredential, Principal
from .errors import Unauthorized

__all__ = ["authenticate", "new_credential", "user_id_of"]


def _basic_credential(encoded: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized() from None
    user, colon, secret = decoded.partition(":")
    if not colon or not user or not secret:
        raise Unauthorized()
    return user, secret


def user_id_of(credential: str) -> str:
    """The acting user's id: digits (Zendesk user ids are integers, sent as strings
    in custom object payloads), the same for one credential every time."""
    return str(10_000_000_000 + int(hashlib.sha256(credential.encode()).hexdigest()[:12], 16) % 9_000_000_000)


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        user, secret = _basic_credential(value)
        # "{email}/token" + API token, or (deprecated) email + password: the pair is the credential.
        credential = f"{user}:{secret}"
    elif scheme == "bearer" and value.strip() and " " not in value.strip():
        credential = value.strip()
    else:
        raise Unauthorized()
    declared = {str(entry["credential"]) for entry in settings.fixtures.get("credentials") or []}
    if settings.strict and credential not in declared:
        raise Unauthorized()
    return Principal(tenant=credential, attributes={"user_id": user_id_of(credential)})


def new_credential() -> NewCredential:
    """An agent's API token of a tenant of its own: Basic `{email}/token:{api_token}`."""
    email, token = f"agent-{secrets.token_hex(6)}@example.com", secrets.token_hex(20)
    user = f"{email}/token:{token}"  # what authenticate() names the tenant by
    basic = base64.b64encode(user.encode()).decode()
    return NewCredential(user, {"email": email, "token": token}, {"Authorization": f"Basic {basic}"})
