"""SalesOS auth: `Authorization: Bearer <JWT>` (its `sub` names the tenant, or the
whole token when it has none), or `X-API-Key` as the docs offer for server-to-server
calls.  Anything else is NestJS's bare 401."""

from __future__ import annotations

import base64
import binascii
import json
import secrets

from ...core.vendor import AuthRequest, AuthSettings, NewCredential, Principal
from ...core.violations import Violation
from .errors import Unauthorized

__all__ = ["authenticate", "new_credential"]


def _subject(token: str) -> str | None:
    """The JWT's subject, or None when the token is not a well-formed JWT."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # nested past the parser
        return None
    if not isinstance(claims, dict):
        return None
    subject = claims.get("sub")
    return str(subject) if subject else token


# SalesOS's 401 says only "Unauthorized"; the journal's violation says why.
EXPECTED = "SalesOS expects Authorization: Bearer <JWT> (header.payload.signature, base64url) or X-API-Key"
NOT_A_JWT = f"the bearer token is not a JWT: {EXPECTED}"
NO_CREDENTIAL = f"no credential sent: {EXPECTED}"
NOT_DECLARED = "the credential is not declared in the fixtures' credentials (strict auth)"


def _refused(header: str, why: str) -> Exception:
    return Unauthorized().because([Violation("header", (header,), "invalid", why)])


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    declared = {str(entry["credential"]) for entry in settings.fixtures.get("credentials") or []}
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        subject = _subject(token.strip())
        if subject is None:
            raise _refused("Authorization", NOT_A_JWT)
        if settings.strict and token.strip() not in declared:
            raise _refused("Authorization", NOT_DECLARED)
        return Principal(tenant=subject)
    api_key = request.headers.get("X-API-Key", "").strip()
    if api_key:
        if settings.strict and api_key not in declared:
            raise _refused("X-API-Key", NOT_DECLARED)
        return Principal(tenant=f"key:{api_key}")
    raise _refused("Authorization", NO_CREDENTIAL)


def _b64url_json(document: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def new_credential() -> NewCredential:
    """A bearer JWT whose subject is a user of a tenant of its own (the mock reads the
    subject, never the signature)."""
    subject = f"user_{secrets.token_hex(8)}"
    signature = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    token = f"{_b64url_json({'alg': 'HS256', 'typ': 'JWT'})}.{_b64url_json({'sub': subject})}.{signature}"
    return NewCredential(subject, {"token": token}, {"Authorization": f"Bearer {token}"})
