"""HighLevel auth: `Authorization: Bearer <token>`; the token names the tenant."""

from __future__ import annotations

from ...core.vendor import AuthRequest, AuthSettings, Principal
from .errors import Unauthorized

__all__ = ["authenticate"]


def authenticate(request: AuthRequest, settings: AuthSettings) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise Unauthorized()
    declared = {entry["token"]: entry for entry in settings.fixtures.get("tokens") or []}
    entry = declared.get(token)
    if entry is None:
        if settings.strict:
            raise Unauthorized()
        return Principal(tenant=token)
    # Declared tokens may be bound to locations: others answer 403.
    locations = entry.get("locationIds")
    return Principal(tenant=token, attributes={"locationIds": frozenset(locations)} if locations else {})
