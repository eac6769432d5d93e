"""Contacts: get, create, update, delete, upsert, search, tags, and the deprecated list.

A contact is kept in the `contacts` collection (keyed by id) as the API shows it, less
the derived lower-case names; `contact_view` adds those.  Custom field values are
`customFields: [{id, value}]`, written as `[{id | key, field_value}]` and checked
against the location's custom fields (location_custom_fields.py).

Duplicates follow the location's "Allow Duplicate Contact" setting, which the mock
reads from `--vendor-option highlevel.duplicate_contacts` (default `email,phone`: no
two contacts of a location share an email or a phone, email looked up first).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core.paging import keyset_window
from ...core.query import contains_text
from ...core.query import sort_records as sort_items
from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext, VendorOption
from ...core.violations import Violation
from .errors import BadRequest, DuplicateContact, Unprocessable, unprocessable
from .location_custom_fields import CONTACT_CUSTOM_FIELDS, custom_value_violations, find_location_custom_field
from .model import ensure_location, epoch_ms, forget_relations_of, now, trace_id
from .search import compile_filters, ordering, rename_fields
from .users import check_user_ids

__all__ = [
    "DUPLICATE_CONTACTS",
    "add_tags",
    "create_contact",
    "delete_contact",
    "find_contact",
    "get_contact",
    "get_contacts",
    "remove_tags",
    "search_contacts_advanced",
    "seed_contacts",
    "update_contact",
    "upsert_contact",
]

COLLECTION = "contacts"

# `--vendor-option highlevel.duplicate_contacts=<order>|allowed` (docs/vendors/highlevel.md, Ledger).
DUPLICATE_CONTACTS = VendorOption(
    "duplicate_contacts",
    default="email,phone",
    choices=("email,phone", "phone,email", "email", "phone", "allowed"),
    description="the location's 'Allow Duplicate Contact' setting: the fields that make two contacts "
    "the same, in the order upsert looks them up ('allowed': create never refuses a duplicate)",
    evidence="upsert's description in HighLevel's contacts document (the setting and its priority "
    "sequence); vendor docs issue 37 (email matched first); integrators' code (duplicates refused "
    "by default)",
)

# The plain values a create, update or upsert body may set (customFields, tags, name
# and the phone are handled apart).
PLAIN_FIELDS = (
    "firstName",
    "lastName",
    "email",
    "address1",
    "city",
    "state",
    "postalCode",
    "website",
    "timezone",
    "dnd",
    "dndSettings",
    "inboundDndSettings",
    "source",
    "country",
    "companyName",
    "assignedTo",
)
# Fields the search's filters and sort may name, besides customFields.<id>.
SEARCH_FIELDS = frozenset(
    {
        "id",
        "firstName",
        "lastName",
        "firstNameLowerCase",
        "lastNameLowerCase",
        "fullNameLowerCase",
        "email",
        "phone",
        "tags",
        "type",
        "source",
        "assignedTo",
        "city",
        "state",
        "country",
        "postalCode",
        "companyName",
        "dnd",
        "businessId",
        "dateOfBirth",
    }
)
DATE_FIELDS = {"dateAdded": "createdAt", "dateUpdated": "updatedAt"}
# The deprecated list: 20 a page by default, at most 100 (its `limit` parameter says so).
LIST_DEFAULT_LIMIT = 20


# -- state ----------------------------------------------------------------------------------


def _phone(raw: Any) -> Any:
    """A phone as HighLevel stores it, E.164: separators dropped, a US number given
    without its country code gets +1 (GUESS: the location's country decides it there)."""
    if not isinstance(raw, str) or not raw.strip():
        return raw
    digits = re.sub(r"\D", "", raw)
    if raw.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 10:
        return "+1" + digits
    return "+" + digits


def _date_of_birth(raw: Any) -> Any:
    """`1990-09-25` is kept as midnight UTC, as the create response shows it."""
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return raw + "T00:00:00.000Z"
    return raw


def _seed_contact(state: TenantState, location_id: str, spec: dict[str, Any]) -> None:
    stamp = spec.get("dateAdded", "2025-01-01T00:00:00.000Z")
    contact: Record = {
        "id": spec["id"],
        "locationId": location_id,
        "type": spec.get("type", "lead"),
        "tags": list(spec.get("tags") or []),
        "customFields": [dict(item) for item in spec.get("customFields") or []],
        "dateAdded": stamp,
        "dateUpdated": spec.get("dateUpdated", stamp),
        "phone": _phone(spec.get("phone")),
    }
    for name in PLAIN_FIELDS:
        if spec.get(name) is not None:
            contact[name] = spec[name]
    state.collection(COLLECTION).put(contact["id"], _without_none(contact))


def seed_contacts(state: TenantState, fixtures: Any) -> None:
    """contacts.yaml: {locationId: [contact, ...]}."""
    for location_id, contacts in (fixtures.get("contacts") or {}).items():
        for spec in contacts or []:
            _seed_contact(state, location_id, spec)


def find_contact(state: TenantState, location_id: str, contact_id: str) -> Record | None:
    """The contact with this id in this location, or None."""
    contact = state.collection(COLLECTION).get(contact_id)
    if contact is None or contact["locationId"] != location_id:
        return None
    return contact


def _without_none(contact: Record) -> Record:
    return {key: value for key, value in contact.items() if value is not None}


def _require(ctx: RequestContext) -> Record:
    contact_id = ctx.path["contactId"]
    contact = ctx.state.collection(COLLECTION).get(contact_id)
    if contact is None:
        # The platform's captured missing-contact answer (errors.NotFound); one integrator
        # quotes "Contact with id <id> not found" instead (docs/vendors/highlevel.md, Ledger).
        raise BadRequest(f"Contact not found for id:{contact_id}")
    ensure_location(ctx, contact["locationId"])
    return contact


def _full_name(contact: Record) -> str:
    return " ".join(part for part in (contact.get("firstName"), contact.get("lastName")) if part)


def contact_view(contact: Record) -> dict[str, Any]:
    """A contact as get, create, update and upsert show it: the stored values and the
    lower-case copies HighLevel keeps for searching (live capture, vendor docs issue 289)."""
    view = dict(contact)
    for name in ("firstName", "lastName", "email"):
        if isinstance(contact.get(name), str):
            view[f"{name}LowerCase"] = contact[name].lower()
    if _full_name(contact):
        view["fullNameLowerCase"] = _full_name(contact).lower()
    view["tags"] = list(contact["tags"])
    view["customFields"] = [dict(item) for item in contact["customFields"]]
    view.setdefault("dnd", False)
    return view


# -- checks ---------------------------------------------------------------------------------


def _custom_values(ctx: RequestContext, location_id: str, given: list[Any]) -> list[dict[str, Any]]:
    """The body's customFields as stored values [{id, value}], each checked against its field."""
    check = CONTACT_CUSTOM_FIELDS.value_in(ctx.options) == "check"
    values: list[dict[str, Any]] = []
    problems: list[Violation] = []
    for index, item in enumerate(given):
        ref = item.get("id") or item.get("key")
        field = find_location_custom_field(ctx.state, location_id, str(ref))
        if field is None or field["model"] != "contact":
            if check:
                # GUESS (switch highlevel.contact_custom_fields): not captured.
                raise BadRequest(f"Custom field {ref} not found for this location")
            continue
        value = item.get("field_value", item.get("value"))
        problems.extend(custom_value_violations(ctx, field, value, index))
        values.append({"id": field["id"], "value": value})
    if problems:
        raise unprocessable(problems)
    return values


def _merge_custom_values(stored: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given values replace the stored ones of the same field; null or "" clears one."""
    merged = {item["id"]: item["value"] for item in stored}
    for change in changes:
        merged[change["id"]] = change["value"]
    return [{"id": key, "value": value} for key, value in merged.items() if value not in (None, "")]


def _match_order(ctx: RequestContext) -> tuple[str, ...]:
    setting = DUPLICATE_CONTACTS.value_in(ctx.options)
    return ("email", "phone") if setting == "allowed" else tuple(setting.split(","))


def _same(field: str, stored: Any, wanted: Any) -> bool:
    if not isinstance(stored, str) or not isinstance(wanted, str) or not wanted:
        return False
    return stored.lower() == wanted.lower() if field == "email" else stored == wanted


def _duplicate_of(
    ctx: RequestContext, location_id: str, values: dict[str, Any], skip: str = ""
) -> tuple[Record, str] | None:
    """The first other contact sharing a matching field with `values`, and that field."""
    contacts = [c for c in ctx.state.collection(COLLECTION).where(locationId=location_id) if c["id"] != skip]
    for field in _match_order(ctx):
        for contact in contacts:
            if _same(field, contact.get(field), values.get(field)):
                return contact, field
    return None


def _refuse_duplicate(ctx: RequestContext, location_id: str, values: dict[str, Any], skip: str = "") -> None:
    if DUPLICATE_CONTACTS.value_in(ctx.options) == "allowed":
        return
    duplicate = _duplicate_of(ctx, location_id, values, skip)
    if duplicate is not None:
        contact, field = duplicate
        raise DuplicateContact(contact["id"], _full_name(contact), field)


# -- writing --------------------------------------------------------------------------------


def _changes(ctx: RequestContext, location_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The stored values a body sets (None for a value it clears)."""
    # With highlevel.check_user_ids=on, the assignee must be a user of the location.
    check_user_ids(ctx, body.get("assignedTo"), "assignedTo", location_id)
    changes = {name: body[name] for name in PLAIN_FIELDS if name in body}
    if "phone" in body:
        changes["phone"] = _phone(body["phone"])
    if "dateOfBirth" in body:
        changes["dateOfBirth"] = _date_of_birth(body["dateOfBirth"])
    if body.get("name") and not body.get("firstName") and not body.get("lastName"):
        # GUESS: a full name alone is split at its first blank.
        first, _, last = str(body["name"]).strip().partition(" ")
        changes["firstName"], changes["lastName"] = first, last or None
    if "tags" in body:
        changes["tags"] = list(dict.fromkeys(body["tags"] or []))
    if body.get("customFields") is not None:
        changes["customFields"] = _custom_values(ctx, location_id, body["customFields"])
    return changes


def _apply(ctx: RequestContext, contact: Record, changes: dict[str, Any]) -> Record:
    custom = changes.pop("customFields", None)
    contact.update(changes)
    if custom is not None:
        contact["customFields"] = _merge_custom_values(contact["customFields"], custom)
    contact["dateUpdated"] = now(ctx)
    cleaned = _without_none(contact)
    contact.clear()
    contact.update(cleaned)
    return contact


def _new_contact(ctx: RequestContext, location_id: str, changes: dict[str, Any], body: dict[str, Any]) -> Record:
    stamp = now(ctx)
    contact: Record = {
        "id": ctx.state.ids.alnum(20),
        "locationId": location_id,
        "type": "lead",
        "tags": [],
        "customFields": [],
        "dateAdded": stamp,
        "dateUpdated": stamp,
    }
    if body.get("gender") is not None:
        contact["gender"] = body["gender"]
    _apply(ctx, contact, changes)
    contact["dateUpdated"] = stamp
    ctx.state.collection(COLLECTION).put(contact["id"], contact)
    return contact


def create_contact(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    changes = _changes(ctx, location_id, body)
    _refuse_duplicate(ctx, location_id, changes)
    contact = _new_contact(ctx, location_id, changes, body)
    return Reply(201, {"contact": contact_view(contact)})


def get_contact(ctx: RequestContext) -> Reply:
    return Reply(200, {"contact": contact_view(_require(ctx))})


def update_contact(ctx: RequestContext) -> Reply:
    contact = _require(ctx)
    changes = _changes(ctx, contact["locationId"], ctx.body)
    # GUESS: an update may not make a duplicate either.
    _refuse_duplicate(ctx, contact["locationId"], changes, skip=contact["id"])
    _apply(ctx, contact, changes)
    return Reply(200, {"succeded": True, "contact": contact_view(contact)})


def delete_contact(ctx: RequestContext) -> Reply:
    contact = _require(ctx)
    ctx.state.collection(COLLECTION).delete(contact["id"])
    forget_relations_of(ctx.state, contact["locationId"], contact["id"])
    return Reply(200, {"succeded": True})


def upsert_contact(ctx: RequestContext) -> Reply:
    """Updates the contact the location's duplicate rule finds (by the first field of its
    sequence), else creates one; `new` says which."""
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    changes = _changes(ctx, location_id, body)
    allowed = DUPLICATE_CONTACTS.value_in(ctx.options) == "allowed"
    found = None if allowed and body.get("createNewIfDuplicateAllowed") else _duplicate_of(ctx, location_id, changes)
    if found is None:
        contact = _new_contact(ctx, location_id, changes, body)
        return Reply(200, {"new": True, "contact": contact_view(contact), "traceId": trace_id(ctx)})
    contact, matched = found
    for other in ("email", "phone"):
        clash = other != matched and _duplicate_of(ctx, location_id, {other: changes.get(other)}, skip=contact["id"])
        if clash and not allowed:
            # The second field belongs to another contact: left out, so as not to
            # make a duplicate (the document's upsert description; vendor docs issue 37).
            changes.pop(other, None)
    _apply(ctx, contact, changes)
    return Reply(200, {"new": False, "contact": contact_view(contact), "traceId": trace_id(ctx)})


def add_tags(ctx: RequestContext) -> Reply:
    contact = _require(ctx)
    contact["tags"] = list(dict.fromkeys([*contact["tags"], *ctx.body["tags"]]))
    contact["dateUpdated"] = now(ctx)
    # GUESS: the answer lists the contact's tags after the change.
    return Reply(201, {"tags": list(contact["tags"])})


def remove_tags(ctx: RequestContext) -> Reply:
    contact = _require(ctx)
    removed = {tag.lower() for tag in ctx.body["tags"]}
    contact["tags"] = [tag for tag in contact["tags"] if tag.lower() not in removed]
    contact["dateUpdated"] = now(ctx)
    return Reply(200, {"tags": list(contact["tags"])})


# -- search ---------------------------------------------------------------------------------


def _searchable(contact: Record) -> dict[str, Any]:
    """The contact as the record search (search.py) reads one: its values under
    `properties`, its dates as createdAt/updatedAt."""
    view = contact_view(contact)
    properties = dict(view)
    for item in contact["customFields"]:
        properties[f"customFields.{item['id']}"] = item["value"]
    return {
        "id": contact["id"],
        "properties": properties,
        "createdAt": view["dateAdded"],
        "updatedAt": view["dateUpdated"],
    }


def _search_field(field: Any) -> str:
    if field in DATE_FIELDS:
        return DATE_FIELDS[field]
    if isinstance(field, str) and (field in SEARCH_FIELDS or field.startswith("customFields.")):
        return "properties." + field
    # GUESS: wording ours (search.py words unknown record fields so).
    raise Unprocessable([f"{field} is not a field that can be searched"])


def _query_matches(needle: str) -> Callable[[Record], bool]:
    """The free-text query: name, email, phone, company and tags (the list endpoint's
    documented fields)."""

    def test(contact: Record) -> bool:
        haystack = [_full_name(contact), contact.get("email"), contact.get("phone"), contact.get("companyName")]
        return any(contains_text(value, needle) for value in [*haystack, contact["tags"]])

    return test


def search_contacts_advanced(ctx: RequestContext) -> Reply:
    body = ctx.body
    location_id = body["locationId"]
    ensure_location(ctx, location_id)
    keep = compile_filters(rename_fields(body.get("filters") or [], _search_field))
    sort = [
        {**rule, "field": _search_field(rule.get("field"))} for rule in body.get("sort") or [] if isinstance(rule, dict)
    ]
    order = ordering(sort or [{"field": "createdAt", "direction": "desc"}])
    needle = str(body.get("query") or "").strip()
    found = ctx.state.collection(COLLECTION).where(locationId=location_id)
    if needle:
        found = [contact for contact in found if _query_matches(needle)(contact)]
    matches = [item for item in map(_searchable, found) if keep(item)]
    matches = sort_items(matches, order.key, order.descending)
    page = order.page(matches, int(body["pageLimit"]), body.get("searchAfter") or [], body.get("page"))
    contacts = ctx.state.collection(COLLECTION)
    return Reply(
        200,
        {
            "contacts": [
                {**contact_view(contacts.get(item["id"]) or {}), "searchAfter": order.cursor(item)}
                for item in page.items
            ],
            "total": len(matches),
            "traceId": trace_id(ctx),
        },
    )


def _newest_key(contact: Record) -> tuple[Any, ...]:
    return (epoch_ms(contact["dateAdded"]), contact["id"])


def get_contacts(ctx: RequestContext) -> Reply:
    """The deprecated list: newest first, `startAfter` (ms) and `startAfterId` continue
    after a contact, `query` as the search's free text."""
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    needle = str(ctx.query.get("query") or "").strip()
    matches = [
        contact
        for contact in ctx.state.collection(COLLECTION).where(locationId=location_id)
        if not needle or _query_matches(needle)(contact)
    ]
    matches = sort_items(matches, _newest_key, descending=True)
    limit = int(ctx.query.get("limit") or LIST_DEFAULT_LIMIT)
    after = None
    if ctx.query.get("startAfterId"):
        after = (int(ctx.query.get("startAfter") or 0), str(ctx.query["startAfterId"]))
    page = keyset_window(matches, [_newest_key(c) for c in reversed(matches)], limit, after=after, descending=True)
    items = [contact_view(contact) for contact in page.items]
    meta: dict[str, Any] = {"total": len(matches), "currentPage": 1 + page.offset // limit}
    if page.items and page.has_more:
        last = page.items[-1]
        meta.update({"startAfterId": last["id"], "startAfter": epoch_ms(last["dateAdded"])})
    return Reply(200, {"contacts": items, "count": len(matches), "meta": meta})
