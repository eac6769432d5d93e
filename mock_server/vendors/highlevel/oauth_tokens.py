"""The tokens the mock's OAuth server issues: JWTs (HS256) signed with the app's client
secret, carrying who they act for, so any request can be authenticated from the token
alone (auth.py) and they survive a restart.

HighLevel's own access tokens are JWTs with claims like these (authClass, authClassId,
source, channel, oauthMeta); what the mock reads back is `clientKey` (which app, so
which secret) and the subject (`authClass` Location or Company, `authClassId`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "ACCESS",
    "ACCESS_TOKEN_SECONDS",
    "COMPANY",
    "LOCATION",
    "REFRESH",
    "find_app",
    "read_token",
    "sign_token",
    "tenant_key",
]

# expires_in as both OAuth documents give it: a day less one second.
ACCESS_TOKEN_SECONDS = 86399
LOCATION = "Location"
COMPANY = "Company"
ACCESS = "access"
REFRESH = "refresh"
_HEADER = {"alg": "HS256", "typ": "JWT"}


def find_app(fixtures: Mapping[str, Any], client_id: str) -> Mapping[str, Any] | None:
    """The app of fixtures/highlevel/oauth_apps.yaml whose clientId this is."""
    for app in fixtures.get("oauth_apps") or []:
        if app.get("clientId") == client_id:
            return app  # type: ignore[no-any-return]
    return None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, signing_input: str) -> str:
    return _b64(hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest())


def sign_token(app: Mapping[str, Any], claims: Mapping[str, Any]) -> str:
    """A JWT of these claims, signed with the app's client secret."""
    head = _b64(json.dumps(_HEADER, separators=(",", ":")).encode())
    body = _b64(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{head}.{body}"
    return f"{signing_input}.{_signature(str(app['clientSecret']), signing_input)}"


def read_token(fixtures: Mapping[str, Any], token: str, kind: str) -> dict[str, Any] | None:
    """The claims of a token this mock issued (of `kind`: access or refresh), its
    signature checked with its app's secret; None for any other text, whose expiry is
    the caller's to check."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(_unb64(parts[1]))
    except (binascii.Error, ValueError, RecursionError):
        return None
    if not isinstance(claims, dict) or claims.get("tokenUse") != kind:
        return None
    meta = claims.get("oauthMeta")
    app = find_app(fixtures, str(meta.get("clientKey"))) if isinstance(meta, dict) else None
    if app is None:
        return None
    expected = _signature(str(app["clientSecret"]), f"{parts[0]}.{parts[1]}")
    return claims if hmac.compare_digest(expected, parts[2]) else None


def tenant_key(claims: Mapping[str, Any]) -> str:
    """The tenant every issued token for one location (or company) shares, whichever
    app asked for it: the data belongs to the location, and survives a refresh.  It
    holds blanks, which no bearer token can, so no directly configured token ever
    names it; its label is `tenant_label` of this text (`oauth Location <locationId>`),
    which control-plane filters accept."""
    return f"oauth {claims['authClass']} {claims['authClassId']}"
