"""HighLevel's OAuth server: the token endpoint, the agency's location-token exchange and
its installed-locations list, each in the dialect of its own document.

Two documents describe it: apps/oauth.json (Version 2021-07-28: snake_case bodies,
`/oauth/locationToken`, `/oauth/installedLocations`) and apps/v3/oauth-v3.json (Version
v3, which the Python SDK sends: camelCase, `/oauth/location-token`,
`/oauth/installed-locations`, lists as `{items, pagination}`).  Where both serve one
path (POST /oauth/token) the Version header picks the dialect.

Tokens are signed JWTs (oauth_tokens.py); the only state is the set of refresh tokens
already spent (HighLevel rotates them: each works once), kept in the token endpoint's
tenant (auth.TOKEN_ENDPOINT_TENANT).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ...core.paging import Base64Json, OffsetCursor, PageError, PageSize, window
from ...core.vendor import Reply, RequestContext
from ...core.violations import Violation
from .errors import OAuthAppNotFound, OAuthRefused, Unprocessable
from .oauth_tokens import (
    ACCESS,
    ACCESS_TOKEN_SECONDS,
    COMPANY,
    LOCATION,
    REFRESH,
    find_app,
    read_token,
    sign_token,
)

__all__ = [
    "get_access_token",
    "get_installed_location",
    "get_installed_location_v3",
    "get_location_access_token",
    "get_location_access_token_v3",
]

V3 = "v3"
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")
USER_TYPES = (COMPANY, LOCATION)
# HighLevel's refresh tokens last a year unless used (marketplace OAuth FAQ); GUESS for the exact span.
REFRESH_TOKEN_LIFETIME = timedelta(days=365)
SPENT = "oauth_spent_refresh_tokens"
INSTALLED_PAGE = PageSize(default=20, maximum=100)
V3_CURSOR = OffsetCursor(Base64Json(compact=True))


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """The token endpoint's body in either dialect, by meaning."""

    v3: bool
    fields: Mapping[str, str]

    def name(self, meaning: str) -> str:
        """The field's name in the client's dialect."""
        return _CAMEL[meaning] if self.v3 else meaning

    def get(self, meaning: str) -> str:
        value = self.fields.get(self.name(meaning))
        return value if isinstance(value, str) else ""


_CAMEL = {
    "client_id": "clientId",
    "client_secret": "clientSecret",
    "grant_type": "grantType",
    "code": "code",
    "refresh_token": "refreshToken",
    "user_type": "userType",
    "redirect_uri": "redirectUri",
}


def _is_v3(ctx: RequestContext) -> bool:
    return ctx.request.header.get("Version") == V3


# -- POST /oauth/token ---------------------------------------------------------------


def get_access_token(ctx: RequestContext) -> Reply:
    request = TokenRequest(_is_v3(ctx), ctx.body if isinstance(ctx.body, dict) else {})
    _check_token_request(request)
    app = find_app(ctx.fixtures, request.get("client_id"))
    if app is None:
        raise OAuthRefused(f"Invalid parameter: {request.name('client_id')}")
    if app.get("clientSecret") != request.get("client_secret"):
        raise OAuthRefused(f"Invalid parameter: {request.name('client_secret')}")
    grant = request.get("grant_type")
    if grant == "authorization_code":
        subject = _code_subject(app, _required(request, "code"))
    elif grant == "refresh_token":
        subject = _spend_refresh_token(ctx, app, _required(request, "refresh_token"))
    else:
        # GUESS: both documents list client_credentials without saying what it issues;
        # the mock gives the app's agency (Company) token, with no refresh token.
        subject = (COMPANY, str(app["companyId"]))
    issued = _issue(ctx, app, subject, with_refresh=grant != "client_credentials")
    return Reply(200, _token_body(app, subject, issued, v3=request.v3))


def _check_token_request(request: TokenRequest) -> None:
    """The body's shape: class-validator's 422 in the 2021-07-28 dialect (as captured
    for `grant_type=""`), the v3 document's 400 "Missing/Invalid parameter" in v3."""
    if request.v3:
        for meaning in ("client_id", "client_secret", "grant_type"):
            _required(request, meaning)
        for meaning, choices in (("grant_type", GRANT_TYPES), ("user_type", USER_TYPES)):
            value = request.fields.get(request.name(meaning))
            if value is not None and value not in choices:
                raise OAuthRefused(f"Invalid parameter: {request.name(meaning)}")
        return
    messages: list[str] = []
    for meaning in ("client_id", "client_secret"):
        if not request.get(meaning):
            messages.append(f"{meaning} should not be empty")
    for meaning, choices, required in (("grant_type", GRANT_TYPES, True), ("user_type", USER_TYPES, False)):
        value = request.fields.get(meaning)
        if (value is not None or required) and value not in choices:
            messages.append(f"{meaning} must be a valid enum value")
        if required and not value:
            messages.append(f"{meaning} should not be empty")
    if messages:
        raise unprocessable_messages(messages)


def unprocessable_messages(messages: list[str]) -> Unprocessable:
    """class-validator's 422 with these messages (the journal keeps them as violations)."""
    error = Unprocessable(messages)
    error.because([Violation("body", (), "invalid", message) for message in messages])
    return error


def _required(request: TokenRequest, meaning: str) -> str:
    value = request.get(meaning)
    if not value:
        raise OAuthRefused(f"Missing parameter: {request.name(meaning)}")
    return value


def _code_subject(app: Mapping[str, Any], code: str) -> tuple[str, str]:
    """Who a code grants access to: a code of the app's fixture, or `<locationId>.<any>`
    for a location it is installed on, or `<companyId>.<any>` for its agency."""
    for listed in app.get("codes") or []:
        if listed.get("code") == code:
            if listed.get("userType") == COMPANY:
                return COMPANY, str(app["companyId"])
            return LOCATION, str(listed["locationId"])
    prefix, dot, _rest = code.partition(".")
    if dot and prefix == app.get("companyId"):
        return COMPANY, prefix
    if dot and prefix in _installed_ids(app):
        return LOCATION, prefix
    # GUESS: node-oauth2-server's wording, as HighLevel's refresh-token refusal is.
    raise OAuthRefused("Invalid grant: authorization code is invalid")


def _spend_refresh_token(ctx: RequestContext, app: Mapping[str, Any], token: str) -> tuple[str, str]:
    """The refresh token's subject, once: a second use (or another app's, an expired or
    a foreign token) is the v3 document's 400 "Invalid grant: refresh token is invalid"."""
    claims = read_token(ctx.fixtures, token, REFRESH)
    spent = ctx.state.collection(SPENT)
    if (
        claims is None
        or claims["oauthMeta"]["clientKey"] != app["clientId"]
        or ctx.clock.now().timestamp() >= float(claims.get("exp", 0))
        or str(claims.get("jti")) in spent
    ):
        raise OAuthRefused("Invalid grant: refresh token is invalid")
    spent.put(str(claims["jti"]), {"id": str(claims["jti"]), "spentAt": ctx.clock.now().isoformat()})
    return str(claims["authClass"]), str(claims["authClassId"])


def _installed_ids(app: Mapping[str, Any]) -> list[str]:
    return [str(item["locationId"]) for item in app.get("installations") or []]


def _issue(
    ctx: RequestContext, app: Mapping[str, Any], subject: tuple[str, str], *, with_refresh: bool
) -> dict[str, str]:
    """A new access token (and refresh token) for the subject, on the mock's clock."""
    auth_class, auth_class_id = subject
    now = ctx.clock.now()
    iat = int(now.timestamp())
    claims: dict[str, Any] = {
        "authClass": auth_class,
        "authClassId": auth_class_id,
        "companyId": app["companyId"],
        "source": "INTEGRATION",
        "sourceId": app["appId"],
        "channel": "OAUTH",
        "primaryAuthClassId": auth_class_id,
        "oauthMeta": {
            "scopes": str(app.get("scope", "")).split(),
            "client": app["appId"],
            "clientKey": app["clientId"],
            "versionId": app.get("versionId", app["appId"]),
        },
        "iat": iat,
    }
    access = {**claims, "tokenUse": ACCESS, "exp": iat + ACCESS_TOKEN_SECONDS, "jti": ctx.state.ids.uuid4()}
    tokens = {"access": sign_token(app, access)}
    if with_refresh:
        expires = int((now + REFRESH_TOKEN_LIFETIME).timestamp())
        refresh = {**claims, "tokenUse": REFRESH, "exp": expires, "jti": ctx.state.ids.uuid4()}
        tokens["refresh"] = sign_token(app, refresh)
    return tokens


def _token_body(
    app: Mapping[str, Any], subject: tuple[str, str], issued: Mapping[str, str], *, v3: bool
) -> dict[str, Any]:
    auth_class, auth_class_id = subject
    body: dict[str, Any] = {
        "accessToken" if v3 else "access_token": issued["access"],
        "tokenType" if v3 else "token_type": "Bearer",
        "expiresIn" if v3 else "expires_in": ACCESS_TOKEN_SECONDS,
    }
    if "refresh" in issued:
        body["refreshToken" if v3 else "refresh_token"] = issued["refresh"]
    body.update({"scope": app.get("scope", ""), "userType": auth_class, "companyId": app["companyId"]})
    if auth_class == LOCATION:
        body["locationId"] = auth_class_id
    else:
        body.update(
            {"approvedLocations": _installed_ids(app), "installToFutureLocations": False, "approveAllLocations": False}
        )
    body.update({"userId": app["userId"], "isBulkInstallation": False})
    return body


# -- the agency's endpoints ---------------------------------------------------------


def _agency(ctx: RequestContext) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The app and claims of the agency (Company) token calling; any other token is
    refused with the 401 HighLevel gives a token outside an endpoint's scope (issue 217)."""
    claims = ctx.principal.attributes.get("oauth")
    app = find_app(ctx.fixtures, str(claims["oauthMeta"]["clientKey"])) if claims else None
    if claims is None or app is None or claims.get("authClass") != COMPANY:
        raise OAuthRefused("The token is not authorized for this scope.", status=401)
    return app, claims


def _location_token(ctx: RequestContext, *, v3: bool) -> Reply:
    app, _claims = _agency(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    location_id, company_id = str(body.get("locationId", "")), str(body.get("companyId", ""))
    if company_id != app["companyId"] or location_id not in _installed_ids(app):
        # GUESS: no capture of this refusal; the OAuth server's 400 envelope.
        raise OAuthRefused("Location not found or the app is not installed on it")
    issued = _issue(ctx, app, (LOCATION, location_id), with_refresh=v3)
    reply: dict[str, Any] = {
        "accessToken" if v3 else "access_token": issued["access"],
        "tokenType" if v3 else "token_type": "Bearer",
        "expiresIn" if v3 else "expires_in": ACCESS_TOKEN_SECONDS,
        "scope": app.get("scope", ""),
        "locationId": location_id,
        "userId": app["userId"],
        "appId": app["appId"],
        "versionId": app.get("versionId", app["appId"]),
    }
    if v3:
        reply["refreshToken"] = issued["refresh"]
    return Reply(200, reply)


def get_location_access_token(ctx: RequestContext) -> Reply:
    return _location_token(ctx, v3=False)


def get_location_access_token_v3(ctx: RequestContext) -> Reply:
    return _location_token(ctx, v3=True)


def _installed(ctx: RequestContext, app: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The app's installations matching the query's filters, as InstalledLocationSchema."""
    query = ctx.query
    text = str(query.get("query") or "").lower()
    wanted = query.get("isInstalled")
    found = []
    for item in app.get("installations") or []:
        if query.get("locationId") and item["locationId"] != query["locationId"]:
            continue
        if text and text not in str(item.get("name", "")).lower():
            continue
        if wanted is False or str(wanted).lower() == "false":
            continue  # every listed location has the app installed
        found.append(
            {
                "_id": item["locationId"],
                "name": item.get("name", ""),
                "address": item.get("address", ""),
                "isInstalled": True,
                "versionId": app.get("versionId", app["appId"]),
                "installedAt": item.get("installedAt", ""),
            }
        )
    return found


def _asked_app(ctx: RequestContext) -> Mapping[str, Any] | None:
    app, _claims = _agency(ctx)
    if ctx.query.get("appId") != app["appId"] or ctx.query.get("companyId") != app["companyId"]:
        return None
    return app


def get_installed_location(ctx: RequestContext) -> Reply:
    app = _asked_app(ctx)
    if app is None:
        raise OAuthRefused("App not found")  # GUESS: never captured
    locations = _installed(ctx, app)
    try:
        skip, limit = int(ctx.query.get("skip") or 0), int(ctx.query.get("limit") or INSTALLED_PAGE.default)
    except ValueError:
        raise unprocessable_messages(["skip must be a number string"]) from None  # GUESS: wording
    page = window(locations, skip, limit)
    return Reply(200, {"locations": page.items, "count": page.total, "installToFutureLocations": False})


def get_installed_location_v3(ctx: RequestContext) -> Reply:
    app = _asked_app(ctx)
    if app is None:
        raise OAuthAppNotFound(str(ctx.query.get("appId")))
    locations = _installed(ctx, app)
    try:
        asked = ctx.query.get("pageSize")
        size = INSTALLED_PAGE.pick(int(asked) if asked is not None else None, "pageSize")
        offset = V3_CURSOR.decode(ctx.query.get("pageToken"), "pageToken")
    except PageError as refused:
        raise OAuthRefused(f"Invalid parameter: {refused.parameter}") from None
    page = window(locations, offset, size)
    pagination: dict[str, Any] = {
        "totalRecords": page.total,
        "hasNextPage": page.has_more,
        "hasPrevPage": page.has_before,
        "currentPageSize": len(page.items),
    }
    if page.has_more:
        pagination["nextPageToken"] = V3_CURSOR.encode(page.end)
    if page.has_before:
        pagination["prevPageToken"] = V3_CURSOR.encode(max(0, page.offset - size))
    filters = {key: value for key, value in ctx.query.items() if key not in ("pageSize", "pageToken")}
    return Reply(
        200,
        {
            "items": page.items,
            "pagination": pagination,
            "metadata": {"filterApplied": filters, "sortApplied": {"installedAt": "desc"}},
            "installToFutureLocations": False,
        },
    )
