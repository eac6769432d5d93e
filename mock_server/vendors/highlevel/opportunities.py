"""Opportunities: create, get, update, status, delete, upsert, search (GET and POST),
followers and lost reasons (`apps/opportunities.json`).  Each opportunity belongs to a
contact of its location and sits in one stage of one of the location's pipelines
(pipelines.py)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.paging import PageError, PageSize, keyset_window, numbered_window, window
from ...core.query import contains_text, sort_records
from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext
from .contacts import find_contact
from .errors import NotFound, Unprocessable
from .model import check_location, ensure_location, epoch_ms, forget_relations_of, now
from .pipelines import pipeline_stage
from .search import compile_filters, ordering, rename_fields
from .users import check_user_ids

__all__ = [
    "add_followers_opportunity",
    "create_opportunity",
    "delete_opportunity",
    "find_opportunity",
    "get_lost_reason",
    "get_opportunity",
    "remove_followers_opportunity",
    "search_opportunities_advanced",
    "search_opportunity",
    "seed_lost_reasons",
    "seed_opportunities",
    "update_opportunity",
    "update_opportunity_status",
    "upsert_opportunity",
]

# GET /opportunities/search: 20 a page unless asked (the document's default).
# GUESS: at most 100, as HighLevel's other searches.
SEARCH_PAGE = PageSize(default=20, maximum=100)
# What create and update copy from a body as they are.
PLAIN_FIELDS = ("name", "monetaryValue", "assignedTo", "source", "lostReasonId")


def seed_opportunities(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    opportunities = state.collection("opportunities")
    for item in fixtures.get("opportunities") or []:
        opportunity = {"followers": [], "customFields": [], "source": "", **copy.deepcopy(dict(item))}
        opportunity.setdefault("updatedAt", opportunity["createdAt"])
        opportunity.setdefault("lastStatusChangeAt", opportunity["createdAt"])
        opportunity.setdefault("lastStageChangeAt", opportunity["createdAt"])
        opportunities.put(opportunity["id"], opportunity)


def find_opportunity(state: TenantState, location_id: str, opportunity_id: str) -> Record | None:
    found = state.collection("opportunities").get(opportunity_id)
    return found if found is not None and found["locationId"] == location_id else None


# -- checks -----------------------------------------------------------------


def _contact(ctx: RequestContext, location_id: str, contact_id: str) -> Record:
    contact = find_contact(ctx.state, location_id, contact_id)
    if contact is None:
        # The wording of HighLevel's missing-contact 400 (errors.NotFound).
        raise NotFound(f"Contact not found for id:{contact_id}")
    return contact


def _opportunity(ctx: RequestContext) -> Record:
    """The opportunity of the path, which the credential must be allowed to see.
    GUESS: a missing one is a 400 in the shape of HighLevel's missing-contact answer."""
    found = ctx.state.collection("opportunities").get(ctx.path["id"])
    if found is None:
        raise NotFound(f"Opportunity not found for id:{ctx.path['id']}")
    check_location(ctx, found["locationId"])
    return found


def _custom_fields(given: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Input `{id, key?, field_value}` as HighLevel reads it back: `{id, fieldValue}`.
    GUESS: values are not checked against the location's opportunity fields yet."""
    return [{"id": item.get("id") or item.get("key", ""), "fieldValue": item.get("field_value", "")} for item in given]


# -- views ------------------------------------------------------------------


def _contact_view(contact: Record | None, contact_id: str) -> dict[str, Any]:
    """The contact summary an opportunity carries (SearchOpportunitiesContactResponseSchema)."""
    if contact is None:
        return {"id": contact_id}
    full_name = " ".join(part for part in (contact.get("firstName"), contact.get("lastName")) if part)
    view: dict[str, Any] = {
        "id": contact_id,
        "name": contact.get("contactName") or contact.get("name") or full_name,
        "tags": list(contact.get("tags") or []),
    }
    for key in ("companyName", "email", "phone"):
        if contact.get(key):
            view[key] = contact[key]
    return view


def opportunity_view(state: TenantState, opportunity: Record) -> dict[str, Any]:
    view = copy.deepcopy(opportunity)
    contact = find_contact(state, opportunity["locationId"], opportunity["contactId"])
    view["contact"] = _contact_view(contact, opportunity["contactId"])
    return view


# -- writes -----------------------------------------------------------------


def _apply(ctx: RequestContext, opportunity: Record, body: Mapping[str, Any], stamp: str) -> None:
    """The keys of `body` an update may change, with the stage checked against the pipeline
    and the assignee (with `highlevel.check_user_ids=on`) against the location's users."""
    check_user_ids(ctx, body.get("assignedTo"), "assignedTo", opportunity["locationId"])
    for key in PLAIN_FIELDS:
        if key in body:
            opportunity[key] = body[key]
    if "customFields" in body:
        opportunity["customFields"] = _custom_fields(body["customFields"])
    if "pipelineId" in body or "pipelineStageId" in body:
        pipeline_id = body.get("pipelineId", opportunity["pipelineId"])
        moved = pipeline_id != opportunity["pipelineId"]
        stage_id = body.get("pipelineStageId", None if moved else opportunity["pipelineStageId"])
        stage_id = pipeline_stage(ctx.state, opportunity["locationId"], pipeline_id, stage_id)
        if stage_id != opportunity["pipelineStageId"]:
            opportunity["lastStageChangeAt"] = stamp
        opportunity["pipelineId"], opportunity["pipelineStageId"] = pipeline_id, stage_id
    if "status" in body:
        _set_status(opportunity, body["status"], stamp)
    opportunity["updatedAt"] = stamp


def _set_status(opportunity: Record, status: str, stamp: str) -> None:
    if status != opportunity["status"]:
        opportunity["status"] = status
        opportunity["lastStatusChangeAt"] = stamp


def _create(ctx: RequestContext, body: Mapping[str, Any]) -> Record:
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    stage_id = pipeline_stage(ctx.state, location_id, body["pipelineId"], body.get("pipelineStageId"))
    _contact(ctx, location_id, body["contactId"])
    check_user_ids(ctx, body.get("assignedTo"), "assignedTo", location_id)
    check_user_ids(ctx, body.get("followers"), "followers", location_id)
    stamp = now(ctx)
    opportunity: Record = {
        "id": ctx.state.ids.alnum(20),
        "name": body["name"],
        "monetaryValue": body.get("monetaryValue", 0),
        "pipelineId": body["pipelineId"],
        "pipelineStageId": stage_id,
        "status": body["status"],
        "source": body.get("source", ""),
        "contactId": body["contactId"],
        "locationId": location_id,
        "customFields": _custom_fields(body.get("customFields") or []),
        "followers": [],
        "createdAt": stamp,
        "updatedAt": stamp,
        "lastStatusChangeAt": stamp,
        "lastStageChangeAt": stamp,
    }
    for key in ("assignedTo", "lostReasonId"):
        if body.get(key) is not None:
            opportunity[key] = body[key]
    _apply_followers(opportunity, body)
    return ctx.state.collection("opportunities").put(opportunity["id"], opportunity)


def _apply_followers(opportunity: Record, body: Mapping[str, Any]) -> None:
    """Upsert's followers: `isRemoveAllFollowers` empties the list, then
    `followersActionType` adds or removes the ones given."""
    if body.get("isRemoveAllFollowers"):
        opportunity["followers"] = []
    given = [name for name in body.get("followers") or [] if isinstance(name, str)]
    if body.get("followersActionType") == "remove":
        opportunity["followers"] = [name for name in opportunity["followers"] if name not in given]
    else:
        opportunity["followers"] += [name for name in dict.fromkeys(given) if name not in opportunity["followers"]]


def create_opportunity(ctx: RequestContext) -> Reply:
    opportunity = _create(ctx, ctx.body)
    return Reply(201, {"opportunity": opportunity_view(ctx.state, opportunity)})


def get_opportunity(ctx: RequestContext) -> Reply:
    return Reply(200, {"opportunity": opportunity_view(ctx.state, _opportunity(ctx))})


def update_opportunity(ctx: RequestContext) -> Reply:
    opportunity = _opportunity(ctx)
    _apply(ctx, opportunity, ctx.body, now(ctx))
    return Reply(200, {"opportunity": opportunity_view(ctx.state, opportunity)})


def update_opportunity_status(ctx: RequestContext) -> Reply:
    opportunity = _opportunity(ctx)
    stamp = now(ctx)
    _set_status(opportunity, ctx.body["status"], stamp)
    if ctx.body.get("lostReasonId") is not None:
        opportunity["lostReasonId"] = ctx.body["lostReasonId"]
    opportunity["updatedAt"] = stamp
    # The document's spelling of "succeeded", as the service sends it.
    return Reply(200, {"succeded": True})


def delete_opportunity(ctx: RequestContext) -> Reply:
    opportunity = _opportunity(ctx)
    ctx.state.collection("opportunities").delete(opportunity["id"])
    forget_relations_of(ctx.state, opportunity["locationId"], opportunity["id"])
    return Reply(200, {"succeded": True})


def _upsert_target(ctx: RequestContext, body: Mapping[str, Any]) -> Record | None:
    """What an upsert changes: the opportunity `id` names, else (GUESS) the contact's
    opportunity in the same pipeline, HighLevel's one-opportunity-per-contact-and-pipeline rule."""
    location_id = body["locationId"]
    if body.get("id"):
        found = find_opportunity(ctx.state, location_id, body["id"])
        if found is None:
            raise NotFound(f"Opportunity not found for id:{body['id']}")
        return found
    if body.get("contactId"):
        return ctx.state.collection("opportunities").find(
            locationId=location_id, contactId=body["contactId"], pipelineId=body["pipelineId"]
        )
    return None


def upsert_opportunity(ctx: RequestContext) -> Reply:
    body = ctx.body
    ensure_location(ctx, body["locationId"])
    existing = _upsert_target(ctx, body)
    if existing is not None:
        check_user_ids(ctx, body.get("followers"), "followers", existing["locationId"])
        _apply(ctx, existing, body, now(ctx))
        _apply_followers(existing, body)
        return Reply(200, {"opportunity": opportunity_view(ctx.state, existing), "new": False})
    missing = [f"{key} should not be empty" for key in ("contactId", "name") if not body.get(key)]
    if missing:
        # GUESS: a new opportunity needs what create needs, as class-validator would say it.
        raise Unprocessable(missing)
    created = _create(ctx, {"status": "open", **body})
    return Reply(200, {"opportunity": opportunity_view(ctx.state, created), "new": True})


# -- search -----------------------------------------------------------------

# Query parameter -> opportunity key, for the exact-match filters of GET /opportunities/search.
SEARCH_FILTERS = {
    "pipeline_id": "pipelineId",
    "pipeline_stage_id": "pipelineStageId",
    "contact_id": "contactId",
    "assigned_to": "assignedTo",
    "id": "id",
}


def _matches_text(state: TenantState, opportunity: Record, needle: str) -> bool:
    """`q`: the opportunity's name or its contact's name, email or phone (GUESS)."""
    contact = _contact_view(find_contact(state, opportunity["locationId"], opportunity["contactId"]), "")
    texts = [opportunity["name"], contact.get("name"), contact.get("email"), contact.get("phone")]
    return any(contains_text(text, needle) for text in texts if text)


def _search_matches(ctx: RequestContext, location_id: str) -> list[Record]:
    query = ctx.query
    wanted = {key: query[name] for name, key in SEARCH_FILTERS.items() if query.get(name)}
    status = query.get("status")
    if status and status != "all":
        wanted["status"] = status
    found = ctx.state.collection("opportunities").where(locationId=location_id, **wanted)
    needle = str(query.get("q") or "").strip()
    if needle:
        found = [item for item in found if _matches_text(ctx.state, item, needle)]
    return found


def _order(ctx: RequestContext) -> bool:
    """Whether the newest come first: `order=added_asc` turns it; added_desc is the
    default (GUESS: the document names only the example `added_asc`)."""
    return str(ctx.query.get("order") or "added_desc") != "added_asc"


def search_opportunity(ctx: RequestContext) -> Reply:
    location_id = ctx.query.get("location_id")
    if not location_id:
        # HighLevel's own words (integrators' captures); a camelCase `locationId`, which
        # the official Python SDK sends, is not read either.
        raise Unprocessable(["location_id can't be undefined"])
    ensure_location(ctx, location_id)
    try:
        size = SEARCH_PAGE.pick(int(ctx.query["limit"]) if "limit" in ctx.query else None, "limit")
    except PageError:
        raise Unprocessable([f"limit must not be greater than {SEARCH_PAGE.maximum}"]) from None
    descending = _order(ctx)
    matches = sort_records(_search_matches(ctx, location_id), _key, descending)
    page_number = max(int(ctx.query.get("page") or 1), 1)
    after_id = ctx.query.get("startAfterId")
    if after_id and ctx.query.get("startAfter"):
        keys = [_key(item) for item in matches]
        mark = (int(ctx.query["startAfter"]), str(after_id))
        page = keyset_window(matches, keys[::-1] if descending else keys, size, after=mark, descending=descending)
    else:
        page = numbered_window(matches, page_number, size)
    return Reply(
        200,
        {
            "opportunities": [opportunity_view(ctx.state, item) for item in page.items],
            "meta": _meta(page.items, len(matches), page_number, page.has_more),
            "aggregations": {},
        },
    )


def _key(opportunity: Record) -> tuple[int, str]:
    return (epoch_ms(opportunity["createdAt"]), opportunity["id"])


def _meta(items: list[Record], total: int, page: int, more: bool) -> dict[str, Any]:
    """The paging block: the last item's cursor (`startAfter` epoch ms, `startAfterId`)
    continues the search.  GUESS: no `nextPageUrl` (it names HighLevel's host)."""
    meta: dict[str, Any] = {
        "total": total,
        "currentPage": page,
        "nextPage": page + 1 if more else None,
        "prevPage": page - 1 if page > 1 else None,
    }
    if items:
        meta["startAfter"], meta["startAfterId"] = _key(items[-1])
    return meta


# -- advanced search (POST /opportunities/search) ------------------------------

# At most 500 a page (HighLevel's opportunities search guide).
ADVANCED_PAGE = PageSize(default=20, maximum=500)
# Filter and sort fields (the guide's snake_case names) -> the opportunity's key.
# The guide shows status, pipeline_id, pipeline_stage_id and date_added; the rest are a
# GUESS, one per opportunity key.
ADVANCED_FIELDS = {
    "id": "id",
    "name": "name",
    "status": "status",
    "pipeline_id": "pipelineId",
    "pipeline_stage_id": "pipelineStageId",
    "contact_id": "contactId",
    "assigned_to": "assignedTo",
    "monetary_value": "monetaryValue",
    "source": "source",
    "lost_reason_id": "lostReasonId",
    "followers": "followers",
    "last_status_change_at": "lastStatusChangeAt",
    "last_stage_change_at": "lastStageChangeAt",
}
# The dates search.py orders by epoch milliseconds.
ADVANCED_DATES = {"date_added": "createdAt", "date_updated": "updatedAt"}
ADDITIONAL_DETAILS = ("notes", "tasks", "calendarEvents")


def _advanced_field(field: Any) -> str:
    if field in ADVANCED_DATES:
        return ADVANCED_DATES[field]
    if field in ADVANCED_FIELDS:
        return f"properties.{field}"
    # GUESS: wording ours (search.py words unknown record fields so).
    raise Unprocessable([f"{field} is not a field that can be searched"])


def _searchable(opportunity: Record) -> dict[str, Any]:
    """The opportunity as search.py reads a record."""
    properties = {name: opportunity.get(key) for name, key in ADVANCED_FIELDS.items()}
    return {
        "id": opportunity["id"],
        "properties": properties,
        "createdAt": opportunity["createdAt"],
        "updatedAt": opportunity["updatedAt"],
    }


def search_opportunities_advanced(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    keep = compile_filters(rename_fields(body.get("filters") or [], _advanced_field))
    sort = rename_fields(body.get("sort") or [{"field": "date_added", "direction": "desc"}], _advanced_field)
    order = ordering(sort)
    found = ctx.state.collection("opportunities").where(locationId=location_id)
    needle = str(body.get("query") or "").strip()
    if needle:
        found = [item for item in found if _matches_text(ctx.state, item, needle)]
    matches = sort_records([item for item in map(_searchable, found) if keep(item)], order.key, order.descending)
    size = ADVANCED_PAGE.pick(int(body["limit"]), "limit")
    page = order.page(matches, size, body.get("searchAfter") or [], body.get("page"))
    details = body.get("additionalDetails") or {}
    by_id = {item["id"]: item for item in found}
    found_views = []
    for item in page.items:
        view = opportunity_view(ctx.state, by_id[item["id"]])
        view["sort"] = view["searchAfter"] = order.cursor(item)
        # GUESS: notes, tasks and events are not modelled; asked for, each is an empty list.
        view.update({name: [] for name in ADDITIONAL_DETAILS if details.get(name)})
        found_views.append(view)
    return Reply(200, {"opportunities": found_views, "total": len(matches), "aggregations": {}})


# -- followers --------------------------------------------------------------


def add_followers_opportunity(ctx: RequestContext) -> Reply:
    opportunity = _opportunity(ctx)
    given = list(dict.fromkeys(ctx.body["followers"]))
    check_user_ids(ctx, given, "followers", opportunity["locationId"])
    added = [name for name in given if name not in opportunity["followers"]]
    opportunity["followers"] = [*opportunity["followers"], *added]
    if added:
        opportunity["updatedAt"] = now(ctx)
    return Reply(201, {"followers": list(opportunity["followers"]), "followersAdded": added})


def remove_followers_opportunity(ctx: RequestContext) -> Reply:
    """The followers named go, or every follower with `isRemoveAllFollowers=true`."""
    opportunity = _opportunity(ctx)
    if ctx.query.get("isRemoveAllFollowers"):
        removed = list(opportunity["followers"])
    else:
        named = set(ctx.body["followers"])
        removed = [name for name in opportunity["followers"] if name in named]
    opportunity["followers"] = [name for name in opportunity["followers"] if name not in removed]
    if removed:
        opportunity["updatedAt"] = now(ctx)
    return Reply(200, {"followers": list(opportunity["followers"]), "followersRemoved": removed})


# -- lost reasons -------------------------------------------------------------

# The document's defaults for GET /opportunities/lost-reason.
LOST_REASON_SKIP, LOST_REASON_LIMIT = 0, 100
LOST_REASON_KEYS = ("id", "name", "locationId", "createdAt", "updatedAt")


def seed_lost_reasons(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    """lost_reasons.yaml: the public API reads lost reasons but cannot make them."""
    reasons = state.collection("lost_reasons")
    for item in fixtures.get("lost_reasons") or []:
        reason = {"deleted": False, **copy.deepcopy(dict(item))}
        reason.setdefault("updatedAt", reason["createdAt"])
        reasons.put(reason["id"], reason)


def _lost_reason_matches(reason: Record, name: str, needle: str) -> bool:
    """`name`: the whole name; `query`: part of it (GUESS: both regardless of case)."""
    if name and reason["name"].lower() != name.lower():
        return False
    return not needle or contains_text(reason["name"], needle)


def get_lost_reason(ctx: RequestContext) -> Reply:
    query = ctx.query
    location_id = query["locationId"]
    ensure_location(ctx, location_id)
    # GUESS: `deleted` picks the deleted reasons (true) or the live ones (false, the default).
    listed = ctx.state.collection("lost_reasons").where(locationId=location_id, deleted=bool(query.get("deleted")))
    name, needle = str(query.get("name") or "").strip(), str(query.get("query") or "").strip()
    listed = sorted(
        (reason for reason in listed if _lost_reason_matches(reason, name, needle)),
        key=lambda reason: (reason["createdAt"], reason["id"]),
    )
    page = window(listed, int(query.get("skip", LOST_REASON_SKIP)), int(query.get("limit", LOST_REASON_LIMIT)))
    answer: dict[str, Any] = {"lostReasons": [{key: item[key] for key in LOST_REASON_KEYS} for item in page.items]}
    if query.get("getCount"):
        # GUESS: the count comes only when asked for, as the parameter's name says.
        answer["total"] = len(listed)
    return Reply(200, answer)
