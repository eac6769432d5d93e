"""HighLevel auth: `Authorization: Bearer <token>`; the token names the tenant."""

from __future__ import annotations

from werkzeug.datastructures import Headers

from ...core.vendor import AuthRequest, AuthSettings, Principal
from .errors import Unauthorized, VersionRefused

__all__ = ["API_VERSIONS", "authenticate", "check_version"]

# The versions HighLevel's versioning page names; the SDKs send v3 (Python) and 2023-02-21 (npm).
API_VERSIONS = frozenset({"2021-07-28", "2021-04-15", "2023-02-21", "v3", "legacy"})


def check_version(headers: Headers, method: str = "GET") -> None:
    """The gateway's Version check, made before any route is matched."""
    version = headers.get("Version")
    if version is None:
        raise VersionRefused("version header was not found.")
    if version not in API_VERSIONS:
        raise VersionRefused("version header is invalid")


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
