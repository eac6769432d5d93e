"""Mass actions (POST /MassAction, and EspoCRM 6's massUpdate / massDelete), lead
conversion, and the paths that depend on the EspoCRM version being imitated."""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext, VendorOption
from .crud import allowed_currencies, duplicates, insert_record, new_values, ok, remove, request_object, update_fields
from .errors import BadRequest, Conflict, EspoError, NotFound
from .metadata import EntityDef
from .model import add_link, display_name, entity_def, find, metadata, now, records, view
from .values import accepted_input, validate
from .where import compile_where

__all__ = [
    "VERSION",
    "convert_lead",
    "convert_lead_legacy",
    "mass_action",
    "mass_delete_legacy",
    "mass_update_legacy",
    "serves_current",
    "serves_legacy",
]

MASS_ACTIONS = ("update", "delete", "follow", "unfollow", "recalculateFormula", "convertCurrency", "lock", "unlock")
CONVERT_ORDER = ("Account", "Contact", "Opportunity")


# `--vendor-option espocrm.version=6` (alias `--espocrm-version 6`): which version's paths are served.
VERSION = VendorOption(
    "version",
    default="",
    choices=("",),
    pattern=r"\d+(\.\d+)*",
    description="answer as this EspoCRM version only, e.g. 6 or 9.3 (6: its old massUpdate, massDelete and "
    "Lead/{id}/action/convert paths only; 7 and later: today's paths only); empty, the default: both",
    evidence="git history of routes.json (commit 0f41cb5a): EspoCRM 7.0 removed the old mass-action "
    "and convert paths (FACTS.md 7)",
)


def _major(ctx: RequestContext) -> int | None:
    version = VERSION.value_in(ctx.options)
    return int(version.split(".")[0]) if version else None


def serves_legacy(ctx: RequestContext) -> bool:
    major = _major(ctx)
    return major is None or major < 7


def serves_current(ctx: RequestContext) -> bool:
    major = _major(ctx)
    return major is None or major >= 7


def _targets(ctx: RequestContext, entity: EntityDef, params: dict[str, Any]) -> list[Record]:
    """The records a mass action names: by ids, or by a where (or searchParams.where)."""
    collection = records(ctx.state, entity.name)
    if isinstance(params.get("ids"), list):
        return [record for record_id in params["ids"] if (record := collection.get(str(record_id))) is not None]
    where = params.get("where")
    if where is None and isinstance(params.get("searchParams"), dict):
        where = params["searchParams"].get("where", [])
    if where is None:
        raise BadRequest("Bad search params for mass action.")
    test = compile_where(ctx, entity, where)
    return [record for record in collection.values() if test(record)]


def _mass_update(ctx: RequestContext, entity: EntityDef, targets: list[Record], values: dict[str, Any]) -> list[str]:
    done = []
    for record in targets:
        try:
            update_fields(ctx, entity, record, dict(values))
        except EspoError:
            continue  # a record that fails validation is left as it was and not counted
        done.append(record["id"])
    return done


def mass_action(ctx: RequestContext) -> Reply:
    if not serves_current(ctx):
        raise NotFound("Controller 'MassAction' does not exist.")
    body = request_object(ctx)
    entity_type, action, params = body.get("entityType"), body.get("action"), body.get("params")
    if not entity_type or not action or not isinstance(params, dict):
        raise BadRequest()
    entity = entity_def(ctx, str(entity_type))
    if action not in MASS_ACTIONS:
        raise BadRequest(f"Mass action '{action}' does not exist.")  # GUESS: wording
    targets = _targets(ctx, entity, params)
    if action == "update":
        data = body.get("data") or {}
        values = data.get("values", data) if isinstance(data, dict) else {}
        ids = _mass_update(ctx, entity, targets, values if isinstance(values, dict) else {})
    elif action == "delete":
        ids = [record["id"] for record in targets]
        for record_id in ids:
            remove(ctx, entity, record_id)
    else:  # follow, lock, ...: nothing the mock keeps track of
        ids = [record["id"] for record in targets]
    return ok(ctx, {"count": len(ids), "ids": ids})


def _legacy_refused(ctx: RequestContext, method: str, action: str) -> EspoError:
    return NotFound(f"Action {method} '{action}' does not exist in controller '{ctx.path['entityType']}'.")


def mass_update_legacy(ctx: RequestContext) -> Reply:
    """EspoCRM 6: PUT /{Entity}/action/massUpdate {"attributes", "ids" | "where"}."""
    if not serves_legacy(ctx):
        raise _legacy_refused(ctx, "PUT", "massUpdate")
    entity = entity_def(ctx, ctx.path["entityType"])
    body = request_object(ctx)
    targets = _targets(ctx, entity, body)
    attributes = body.get("attributes")
    ids = _mass_update(ctx, entity, targets, attributes if isinstance(attributes, dict) else {})
    return ok(ctx, {"count": len(ids), "ids": ids})


def mass_delete_legacy(ctx: RequestContext) -> Reply:
    """EspoCRM 6: POST /{Entity}/action/massDelete {"ids" | "where"}."""
    if not serves_legacy(ctx):
        raise _legacy_refused(ctx, "POST", "massDelete")
    entity = entity_def(ctx, ctx.path["entityType"])
    targets = _targets(ctx, entity, request_object(ctx))
    ids = [record["id"] for record in targets]
    for record_id in ids:
        remove(ctx, entity, record_id)
    return ok(ctx, {"count": len(ids), "ids": ids})


# -- lead conversion ----------------------------------------------------------------------


def _convert(ctx: RequestContext, lead_id: Any, wanted: Any, skip_duplicates: bool) -> Reply:
    if not lead_id or not isinstance(wanted, dict):
        raise BadRequest()
    lead_entity = entity_def(ctx, "Lead")
    lead = find(ctx, "Lead", str(lead_id))
    # Check everything first: a conversion that fails creates nothing.
    found: list[dict[str, Any]] = []
    planned: list[tuple[EntityDef, dict[str, Any]]] = []
    for entity_type in CONVERT_ORDER:
        given = wanted.get(entity_type)
        if not isinstance(given, dict):
            continue
        entity = entity_def(ctx, entity_type)
        candidate = accepted_input(entity, given)
        validate(entity, new_values(entity, candidate), None, allowed_currencies(ctx))
        planned.append((entity, given))
        if not skip_duplicates and entity.duplicate_check_fields:
            found.extend(
                {"id": other["id"], "name": display_name(entity, other), "_entityType": entity_type}
                for other in duplicates(ctx, entity, candidate)
            )
    if found:
        raise Conflict("duplicate", found)
    created: dict[str, Record] = {}
    for entity, given in planned:
        created[entity.name] = insert_record(ctx, entity, given, skip_duplicates=True)
    meta = metadata(ctx)
    account, contact, opportunity = (created.get(name) for name in CONVERT_ORDER)
    if contact is not None and account is not None:
        contact["accountId"] = account["id"]
        contact_def = entity_def(ctx, "Contact")
        if "accounts" in contact_def.links:
            add_link(ctx.state, meta, contact_def, contact, contact_def.links["accounts"], account)
    if opportunity is not None:
        if account is not None:
            opportunity["accountId"] = account["id"]
        if contact is not None:
            opportunity["contactId"] = contact["id"]
            opportunity_def = entity_def(ctx, "Opportunity")
            if "contacts" in opportunity_def.links:
                add_link(ctx.state, meta, opportunity_def, opportunity, opportunity_def.links["contacts"], contact)
    lead["status"] = "Converted"
    lead["convertedAt"] = lead["modifiedAt"] = now(ctx)
    for name, record in created.items():
        lead[f"created{name}Id"] = record["id"]
    records(ctx.state, "Lead").touch()
    return ok(ctx, view(ctx, lead_entity, lead))


def convert_lead(ctx: RequestContext) -> Reply:
    """POST /Lead/action/convert {"id", "records": {...}, "skipDuplicateCheck"}."""
    body = request_object(ctx)
    return _convert(ctx, body.get("id"), body.get("records"), body.get("skipDuplicateCheck") is True)


def convert_lead_legacy(ctx: RequestContext) -> Reply:
    """The seed documents' POST /Lead/{id}/action/convert (records in the body)."""
    if not serves_legacy(ctx):
        raise NotFound()
    body = request_object(ctx)
    wanted = body.get("records", {name: body[name] for name in CONVERT_ORDER if name in body})
    return _convert(ctx, ctx.path["id"], wanted, body.get("skipDuplicateCheck") is True)
