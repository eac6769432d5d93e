"""Users (HighLevel's users document, users.json @ d9cbcd5): get, list by location,
search, create, update, delete; and the user checks other resources call for
owners, followers and assignees (`find_user`, `check_user_ids`).

Collection `users`, keyed by id; a user belongs to a company (agency) and to the
locations its `roles.locationIds` name."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...core.paging import window
from ...core.query import contains_text, sort_records
from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext, VendorOption
from .errors import BadRequest, ScopeNotAuthorized
from .model import check_location, ensure_location, now
from .oauth_tokens import COMPANY

__all__ = [
    "CHECK_USER_IDS",
    "check_user_ids",
    "create_user",
    "delete_user",
    "filter_users_by_email",
    "find_user",
    "get_user",
    "get_user_by_location",
    "search_users",
    "seed_users",
    "update_user",
]

# `--vendor-option highlevel.check_user_ids=on`: no published capture shows HighLevel
# refusing an unknown user id in `owner`, `followers` or `assignedTo`, so by default any
# id is taken (as before); `on` refuses ids that are no user of the location.
CHECK_USER_IDS = VendorOption(
    "check_user_ids",
    default="off",
    choices=("off", "on"),
    description="owner/followers of records and assignedTo of contacts and opportunities: "
    "'off' takes any id (no evidence HighLevel checks them), 'on' refuses an id that is no "
    "user of the location with 400 'User not found for id: <id>' (a guess)",
    evidence="no capture or issue of GoHighLevel/highlevel-api-docs shows a refused owner, "
    "follower or assignee id (searched 2026); the 400 wording follows the captured "
    "'Contact not found for id:' of the same platform (guess)",
)

# What create and update copy from a body onto the stored user.
PROFILE_KEYS = ("firstName", "lastName", "phone", "profilePhoto", "platformLanguage", "twilioPhone")
ROLE_KEYS = ("type", "role", "locationIds")
# The document's default for a search page (skip/limit are strings there: "0" and "25").
SEARCH_LIMIT = 25
# Searches sort on these; the document's example is dateAdded (GUESS: the others).
SORTABLE = ("dateAdded", "firstName", "lastName", "email", "name")


# -- state -------------------------------------------------------------------


def seed_users(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """fixtures/highlevel/users.yaml: every user as create would store it."""
    users = state.collection("users")
    for spec in fixtures.get("users") or []:
        users.put(spec["id"], _new_user(spec["id"], spec, spec.get("dateAdded", "2025-01-01T00:00:00.000Z")))


def _new_user(user_id: str, body: Mapping[str, Any], stamp: str) -> Record:
    user: Record = {
        "id": user_id,
        "companyId": body.get("companyId", ""),
        "email": str(body.get("email", "")).lower(),
        "extension": "",
        "deleted": False,
        "dateAdded": stamp,
        "permissions": copy.deepcopy(dict(body.get("permissions") or {})),
        "scopes": list(body.get("scopes") or []),
        "roles": {"type": "account", "role": "user", "locationIds": [], "restrictSubAccount": False},
    }
    _apply(user, body)
    return user


def _apply(user: Record, body: Mapping[str, Any]) -> None:
    """The profile and role fields a body gives (others are left as they are)."""
    for key in PROFILE_KEYS:
        if key in body:
            user[key] = copy.deepcopy(body[key])
    for key in ROLE_KEYS:
        if key in body:
            user["roles"][key] = list(body[key]) if key == "locationIds" else body[key]
    if "permissions" in body:
        user["permissions"] = copy.deepcopy(dict(body["permissions"]))
    if "scopes" in body:
        user["scopes"] = list(body["scopes"])
    user["name"] = " ".join(part for part in (user.get("firstName"), user.get("lastName")) if part)


def find_user(state: TenantState, location_id: str, user_id: str) -> Record | None:
    """The user `user_id` if it belongs to location `location_id`, else None."""
    user = state.collection("users").get(user_id)
    if user is None or location_id not in user["roles"]["locationIds"]:
        return None
    return user


def check_user_ids(
    ctx: RequestContext, ids: str | Iterable[str] | None, field: str, location_id: str | None = None
) -> None:
    """With `highlevel.check_user_ids=on`, every id in `ids` (one id or a list: the body's
    `field`, owner, followers or assignedTo) must be a user of the location: `location_id`,
    else the request's `locationId` (body, then query).  Off (the default), any id is taken.
    `field` names the body field for the callers' readability (one wording for all today)."""
    if CHECK_USER_IDS.value_in(ctx.options) != "on" or not ids:
        return
    if location_id is None:
        body = ctx.body if isinstance(ctx.body, Mapping) else {}
        location_id = str(body.get("locationId") or ctx.query.get("locationId") or "")
    if isinstance(ids, str):
        ids = [ids]
    for user_id in ids:
        if find_user(ctx.state, location_id, user_id) is None:
            # GUESS (Ledger): the wording of the platform's captured missing-contact answer.
            raise BadRequest(f"User not found for id: {user_id}")


def _user(ctx: RequestContext, user_id: str) -> Record:
    """A user of this tenant the token may see (one of the user's locations it opens)."""
    user = ctx.state.collection("users").get(user_id)
    if user is None:
        # GUESS (Ledger): missing items are 400s on this platform.
        raise BadRequest(f"User not found for id: {user_id}")
    locations = user["roles"]["locationIds"]
    allowed = ctx.principal.attributes.get("locationIds")
    if allowed is not None and locations and not any(location in allowed for location in locations):
        check_location(ctx, locations[0])
    return user


def user_view(user: Record) -> dict[str, Any]:
    """A user as the document's UserSchema has it (its `scopes` is declared a single
    string there, so the mock keeps the list it was given to itself)."""
    view = {
        key: copy.deepcopy(user[key])
        for key in ("id", "name", "firstName", "lastName", "email", "phone", "extension", "permissions", "roles")
        if user.get(key) is not None
    }
    view["deleted"] = user["deleted"]
    for optional in ("platformLanguage", "profilePhoto"):
        if user.get(optional) is not None:
            view[optional] = user[optional]
    return view


# -- handlers ----------------------------------------------------------------


def get_user(ctx: RequestContext) -> Reply:
    return Reply(200, user_view(_user(ctx, ctx.path["userId"])))


def get_user_by_location(ctx: RequestContext) -> Reply:
    """GET /users/?locationId= (deprecated by the document in favour of search)."""
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    users = [user for user in ctx.state.collection("users") if location_id in user["roles"]["locationIds"]]
    return Reply(200, {"users": [user_view(user) for user in _sorted(users, "dateAdded", "asc")]})


def _sorted(users: Sequence[Record], field: str, direction: str) -> list[Record]:
    return sort_records(users, lambda user: (str(user.get(field) or ""), user["id"]), direction == "desc")


def _matches_search(user: Record, query: Mapping[str, Any]) -> bool:
    roles = user["roles"]
    text = query.get("query")
    wanted_ids = {part.strip() for part in str(query.get("ids") or "").split(",") if part.strip()}
    return (
        user["companyId"] == query["companyId"]
        and (not query.get("locationId") or query["locationId"] in roles["locationIds"])
        and (not query.get("type") or roles["type"] == query["type"])
        and (not query.get("role") or roles["role"] == query["role"])
        and (not wanted_ids or user["id"] in wanted_ids)
        and (not text or any(contains_text(user.get(key), text) for key in ("name", "email", "phone")))
    )


def search_users(ctx: RequestContext) -> Reply:
    """GET /users/search: the company's users, filtered, sorted and skip/limit paged;
    `count` is every match."""
    query = ctx.query
    if query.get("locationId"):
        ensure_location(ctx, query["locationId"])
    found = [user for user in ctx.state.collection("users") if _matches_search(user, query)]
    field = query.get("sort") if query.get("sort") in SORTABLE else "dateAdded"
    found = _sorted(found, str(field), str(query.get("sortDirection") or "asc"))
    page = window(found, int(query.get("skip") or 0), int(query.get("limit") or SEARCH_LIMIT)).items
    return Reply(200, {"users": [user_view(user) for user in page], "count": len(found)})


def filter_users_by_email(ctx: RequestContext) -> Reply:
    """POST /users/search/filter-by-email: Agency-Access only (the document).  An agency
    token the mock issued (OAuth, `userType: Company`) gets its company's users with those
    emails, as `{users, count}`, each user as `projection` asks (by default id and email,
    "all" for everything); any other token gets the IAM's answer to a token without the
    scope (vendor docs issue 217). GUESS (Ledger)."""
    claims = ctx.principal.attributes.get("oauth") or {}
    if claims.get("authClass") != COMPANY or ctx.body["companyId"] != claims.get("authClassId"):
        raise ScopeNotAuthorized()
    emails = {part.strip().lower() for part in str(ctx.body["emails"]).split(",") if part.strip()}
    deleted = bool(ctx.body.get("deleted", False))
    found = [
        user
        for user in ctx.state.collection("users").where(companyId=ctx.body["companyId"])
        if user["email"] in emails and bool(user.get("deleted", False)) == deleted
    ]
    found = _sorted(found, "dateAdded", "asc")
    skip, limit = _whole(ctx.body.get("skip"), 0), _whole(ctx.body.get("limit"), SEARCH_LIMIT)
    page = window(found, skip, limit).items
    return Reply(200, {"users": [_projected(user, ctx.body.get("projection")) for user in page], "count": len(found)})


def _whole(text: Any, default: int) -> int:
    """The document's skip and limit are numbers sent as text; other text counts as the default."""
    return int(text) if isinstance(text, str) and text.isdigit() else default


def _projected(user: Record, projection: Any) -> dict[str, Any]:
    view = user_view(user)
    if projection == "all":
        return view
    wanted = {"id", "email", *(part.strip() for part in str(projection or "").split(",") if part.strip())}
    return {key: value for key, value in view.items() if key in wanted}


def create_user(ctx: RequestContext) -> Reply:
    body = ctx.body
    for location_id in body["locationIds"]:
        ensure_location(ctx, location_id)
    users = ctx.state.collection("users")
    email = str(body["email"]).lower()
    if any(user["email"] == email for user in users.where(companyId=body["companyId"])):
        # GUESS (Ledger): one user per email in a company.
        raise BadRequest("User already exists with this email")
    user = _new_user(ctx.state.ids.alnum(20), body, now(ctx))
    users.put(user["id"], user)
    return Reply(201, user_view(user))


def update_user(ctx: RequestContext) -> Reply:
    """Only the fields given change; `email` is ignored, as the document says email
    updates are no longer supported."""
    user = _user(ctx, ctx.path["userId"])
    body = ctx.body
    for location_id in body.get("locationIds") or []:
        ensure_location(ctx, location_id)
    _apply(user, body)
    return Reply(200, user_view(user))


def delete_user(ctx: RequestContext) -> Reply:
    """HighLevel queues the deletion ("will take effect in a few minutes"); the mock
    removes the user at once and answers the document's message."""
    user = _user(ctx, ctx.path["userId"])
    ctx.state.collection("users").delete(user["id"])
    message = (
        f"Queued deleting user with e-mail {user['email']} and name {user.get('name', '')}. "
        "Will take effect in a few minutes."
    )
    return Reply(200, {"succeded": True, "message": message})
