"""Records of any entity type: list, create, read, update (PUT = PATCH), delete.

Create answers 200 with the whole record; duplicates (by the entity's
duplicate-check fields) are a 409 whose body lists them, unless the client says
`X-Skip-Duplicate-Check: true` (or the legacy `_skipDuplicateCheck` attribute).
"""

from __future__ import annotations

import email.utils
from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext, VendorOption
from .email import check_sendable, mark_sent
from .errors import BadRequest, Conflict
from .listing import list_params, listed
from .metadata import EntityDef
from .model import (
    APP_TIMESTAMP,
    entity_def,
    find,
    forget_links,
    metadata,
    new_id,
    now,
    records,
    set_links,
    view,
)
from .values import USD_ONLY, accepted_input, validate

__all__ = [
    "CURRENCIES",
    "allowed_currencies",
    "create_record",
    "delete_record",
    "duplicates",
    "insert_record",
    "list_records",
    "new_values",
    "normalise_addresses",
    "ok",
    "read_record",
    "remove",
    "request_object",
    "update_fields",
    "update_record",
]


def ok(ctx: RequestContext, body: Any, extra: dict[str, str] | None = None) -> Reply:
    """200 with the cache headers every controller answer carries (FACTS.md 0)."""
    headers = {
        "X-App-Timestamp": APP_TIMESTAMP,
        "Expires": "0",
        "Last-Modified": email.utils.format_datetime(ctx.clock.now(), usegmt=True),
        "Cache-Control": "no-store, no-cache, must-revalidate, post-check=0, pre-check=0",
        **(extra or {}),
    }
    return Reply(200, body, headers)


def request_object(ctx: RequestContext) -> dict[str, Any]:
    """The JSON body as the server reads it: an array is {"list": [...]}, nothing or
    another content type is {}, and any other non-object is a 400."""
    body = ctx.body
    if body is None:
        return {}
    if isinstance(body, list):
        return {"list": body}
    if not isinstance(body, dict):
        raise BadRequest("Body is not a JSON object.")
    return body


def _header(ctx: RequestContext, name: str) -> str | None:
    value = ctx.request.header.get(name)
    return str(value) if value is not None else None


def _skip_duplicate_check(ctx: RequestContext, payload: dict[str, Any]) -> bool:
    header = _header(ctx, "X-Skip-Duplicate-Check")
    if header is not None:
        return header.lower() == "true"
    return payload.get("_skipDuplicateCheck") is True


def _emails(record: Record) -> set[str]:
    found = {str(item.get("emailAddress", "")).lower() for item in record.get("emailAddressData") or []}
    if record.get("emailAddress"):
        found.add(str(record["emailAddress"]).lower())
    found.discard("")
    return found


def duplicates(ctx: RequestContext, entity: EntityDef, candidate: Record) -> list[Record]:
    """Records equal on any duplicate-check field (a person's name is first + last)."""
    found = []
    for other in records(ctx.state, entity.name):
        if other["id"] == candidate.get("id"):
            continue
        for name in entity.duplicate_check_fields:
            field = entity.fields.get(name)
            if field is None:
                continue
            if field.type == "personName":
                pair = (candidate.get("firstName") or "", candidate.get("lastName") or "")
                same = any(pair) and pair == (other.get("firstName") or "", other.get("lastName") or "")
            elif field.type == "email":
                same = bool(_emails(candidate) & _emails(other))
            else:
                value = candidate.get(name)
                same = value not in (None, "") and value == other.get(name)
            if same:
                found.append(other)
                break
    return found


def normalise_addresses(entity: EntityDef, payload: dict[str, Any]) -> None:
    """email/phone: the primary value and the `...Data` array always agree."""
    for field in entity.fields.values():
        if field.type not in ("email", "phone"):
            continue
        key = "emailAddress" if field.type == "email" else "phoneNumber"
        name = field.name
        if f"{name}Data" in payload and isinstance(payload[f"{name}Data"], list):
            data = []
            for index, item in enumerate(payload[f"{name}Data"]):
                address = str(item.get(key, "")).strip()
                entry: dict[str, Any] = {key: address, "primary": bool(item.get("primary", index == 0))}
                if field.type == "email":
                    entry["lower"] = address.lower()
                else:
                    entry["type"] = item.get("type", "Office")
                entry.update(optOut=bool(item.get("optOut", False)), invalid=bool(item.get("invalid", False)))
                data.append(entry)
            if data and not any(entry["primary"] for entry in data):
                data[0]["primary"] = True
            payload[f"{name}Data"] = data
            primary = next((entry for entry in data if entry["primary"]), None)
            payload[name] = primary[key] if primary else None
        elif name in payload:
            value = payload[name]
            if value in (None, ""):
                payload[name], payload[f"{name}Data"] = None, []
            else:
                entry = {key: str(value).strip(), "primary": True, "optOut": False, "invalid": False}
                if field.type == "email":
                    entry["lower"] = str(value).strip().lower()
                else:
                    entry["type"] = "Office"
                payload[f"{name}Data"] = [entry]


def _apply(ctx: RequestContext, entity: EntityDef, record: Record, payload: dict[str, Any]) -> bool:
    """Store accepted input on `record`; whether a link changed."""
    meta = metadata(ctx)
    link_changed = False
    for attribute, value in payload.items():
        field = entity.attribute_field(attribute)
        if field is not None and field.type == "linkMultiple" and attribute == f"{field.name}Ids":
            link = entity.links.get(field.name)
            if link is not None and isinstance(value, list):
                link_changed |= set_links(ctx.state, meta, entity, record, link, [str(item) for item in value])
            continue
        if field is not None and field.type in ("link", "linkParent") and attribute.endswith(("Id", "Type")):
            link_changed |= record.get(attribute) != value
        record[attribute] = value
    return link_changed


def _defaults(entity: EntityDef) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in entity.fields.values():
        if field.has_default and not field.read_only:
            values[field.name] = field.default
        if field.type == "currency":
            values.setdefault(f"{field.name}Currency", "USD")
    return values


def new_values(entity: EntityDef, payload: dict[str, Any]) -> dict[str, Any]:
    """A new record's values: the defaults, then what the client sent."""
    candidate = {**_defaults(entity), **payload}
    if "amount" in entity.fields and candidate.get("amount") is not None and "amountCurrency" not in payload:
        candidate["amountCurrency"] = candidate.get("amountCurrency") or "USD"
    return candidate


# `--vendor-option espocrm.currencies=any`: the currency codes a record may carry.
CURRENCIES = VendorOption(
    "currencies",
    default="USD",
    choices=("USD", "any"),
    description="the currency codes a record may carry: a fresh install's USD only, or any three capital letters",
    evidence="Classes/FieldValidators/CurrencyType.php (checkValidCurrency) and Resources/defaults/config.php "
    "(currencyList => ['USD']) @ 10.0.0; the allowed list is configuration",
)


def allowed_currencies(ctx: RequestContext) -> frozenset[str] | None:
    """The currency codes a record may carry: config currencyList (by default only USD,
    Resources/defaults/config.php), or any three capital letters with espocrm.currencies=any."""
    return None if CURRENCIES.value_in(ctx.options) == "any" else USD_ONLY


def insert_record(ctx: RequestContext, entity: EntityDef, given: dict[str, Any], *, skip_duplicates: bool) -> Record:
    """A new record of `entity` from client input: filtered, validated, checked for duplicates."""
    candidate = validate(entity, new_values(entity, accepted_input(entity, given)), None, allowed_currencies(ctx))
    normalise_addresses(entity, candidate)
    if not skip_duplicates and entity.duplicate_check_fields:
        found = duplicates(ctx, entity, candidate)
        if found:
            raise Conflict("duplicate", [view(ctx, entity, other) for other in found])
    stamp, user = now(ctx), str(ctx.principal.attributes.get("user_id", "1"))
    record: Record = {"id": new_id(ctx.state), "deleted": False}
    for field in entity.fields.values():
        for attribute in field.attributes:
            if field.type not in ("linkMultiple", "attachmentMultiple", "personName") and not attribute.endswith(
                "Name"
            ):
                record.setdefault(attribute, None)
    _apply(ctx, entity, record, {key: value for key, value in candidate.items() if not key.endswith("Ids")})
    record.update(createdAt=stamp, modifiedAt=stamp, createdById=user, modifiedById=user)
    if "number" in entity.fields and entity.fields["number"].type == "autoincrement":
        record["number"] = len(records(ctx.state, entity.name)) + 1
    records(ctx.state, entity.name).put(record["id"], record)
    multiple = {key: value for key, value in candidate.items() if key.endswith("Ids")}
    if multiple:
        _apply(ctx, entity, record, multiple)
    return record


def update_fields(ctx: RequestContext, entity: EntityDef, record: Record, given: dict[str, Any]) -> bool:
    """Partial update: only the attributes sent change (and are validated); whether a link changed."""
    payload = validate(entity, accepted_input(entity, given), record, allowed_currencies(ctx))
    normalise_addresses(entity, payload)
    changed = _apply(ctx, entity, record, payload)
    record["modifiedAt"] = now(ctx)
    record["modifiedById"] = str(ctx.principal.attributes.get("user_id", "1"))
    records(ctx.state, entity.name).touch()
    return changed


# -- handlers -------------------------------------------------------------------------------


def list_records(ctx: RequestContext) -> Reply:
    entity = entity_def(ctx, ctx.path["entityType"])
    no_total = (_header(ctx, "X-No-Total") or "").lower() == "true"
    params = list_params(ctx, entity, no_total)
    collection = records(ctx.state, entity.name)
    # Names of linked records feed some orderings: any write in the tenant may change them.
    return ok(ctx, listed(ctx, entity, collection.values(), params, ctx.state.version()))


def create_record(ctx: RequestContext) -> Reply:
    entity = entity_def(ctx, ctx.path["entityType"])
    payload = request_object(ctx)
    sending = entity.name == "Email" and payload.get("status") == "Sending"
    if sending:
        check_sendable(entity, payload)
    record = insert_record(ctx, entity, payload, skip_duplicates=_skip_duplicate_check(ctx, payload))
    if sending:
        mark_sent(ctx, record)
    return ok(ctx, view(ctx, entity, record))


def read_record(ctx: RequestContext) -> Reply:
    entity = entity_def(ctx, ctx.path["entityType"])
    record_id = ctx.path["id"]
    return ok(ctx, view(ctx, entity, find(ctx, entity.name, record_id, f"Record {record_id} does not exist.")))


def update_record(ctx: RequestContext) -> Reply:
    """PUT and PATCH: the same partial update."""
    entity = entity_def(ctx, ctx.path["entityType"])
    record_id = ctx.path["id"]
    record = find(ctx, entity.name, record_id, f"Record {record_id} not found.")
    payload = request_object(ctx)
    # No standard entity re-checks duplicates on update (none sets updateDuplicateCheck).
    link_changed = update_fields(ctx, entity, record, payload)
    return ok(ctx, view(ctx, entity, record), {"X-Record-Link-Updated": "true"} if link_changed else None)


def delete_record(ctx: RequestContext) -> Reply:
    entity = entity_def(ctx, ctx.path["entityType"])
    record_id = ctx.path["id"]
    find(ctx, entity.name, record_id, f"Record {record_id} not found.")
    remove(ctx, entity, record_id)
    return ok(ctx, True)


def remove(ctx: RequestContext, entity: EntityDef, record_id: str) -> None:
    records(ctx.state, entity.name).delete(record_id)
    forget_links(ctx.state, entity.name, record_id)
