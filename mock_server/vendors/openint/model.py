"""OpenInt's state in a tenant (one organization): connector configs, connections,
pipelines and events, plus each connection's own CRM data.

CRM records are kept in the unified shape; the provider's own object (`raw`,
`raw_data`) is built from them in the layout of the connection's connector.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.store import Collection, Record, TenantState
from ...core.vendor import RequestContext
from .errors import TrpcError

__all__ = [
    "CRM_ENTITIES",
    "connector",
    "crm_records",
    "event",
    "iso_now",
    "not_found",
    "raw_of",
    "seed_connection_data",
    "unified_view",
]

# Unified entity (path name) -> the fixture list and collection it lives in.
CRM_ENTITIES = {
    "account": "accounts",
    "contact": "contacts",
    "lead": "leads",
    "opportunity": "opportunities",
    "note": "notes",
    "user": "users",
}


def iso_now(ctx: RequestContext) -> str:
    moment = ctx.clock.now()
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def not_found(table: str, record_id: str) -> TrpcError:
    """The database service's answer for a missing row."""
    return TrpcError(404, f"[db] {table}: {record_id} not found")


def connector(fixtures: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    return next((entry for entry in fixtures.get("connectors") or [] if entry["name"] == name), None)


def event(
    ctx: RequestContext,
    name: str,
    data: Mapping[str, Any],
    customer_id: str | None = None,
    user: Mapping[str, Any] | None = None,
) -> Record:
    """Record an event as OpenInt's event middleware stores what it sends: an `evt_`
    id, the data as given, and `user` enriched with the organization and customer of
    the connection the data names (packages/engine-backend/inngest.ts @31e88320)."""
    event_id = f"evt_{ctx.state.ids.ulid()}"
    org_id = ctx.principal.attributes.get("org_id")
    return ctx.state.collection("events").put(
        event_id,
        {
            "id": event_id,
            "name": name,
            "data": dict(data),
            "timestamp": iso_now(ctx),
            "user": {"org_id": org_id, "cus_id": customer_id, **(user or {})},
            "org_id": org_id,
            "customer_id": customer_id,
            "user_id": None,
            "at_ms": ctx.clock.epoch_ms(),
        },
    )


# -- CRM data ------------------------------------------------------------------------------------


def crm_records(state: TenantState, connection_id: str, entity: str) -> Collection:
    return state.collection(f"crm:{connection_id}:{CRM_ENTITIES.get(entity, entity)}")


def seed_connection_data(
    state: TenantState, fixtures: Mapping[str, Any], connection_id: str, connector_name: str
) -> None:
    """A connection starts with the records fixtures/openint/crm/<connector>.yaml holds."""
    data = (fixtures.get("crm") or {}).get(connector_name) or {}
    stamp = "2025-01-01T00:00:00.000Z"
    for entity, plural in CRM_ENTITIES.items():
        collection = crm_records(state, connection_id, entity)
        for item in data.get(plural) or []:
            record = {"created_at": stamp, "updated_at": stamp, "is_deleted": False, **copy.deepcopy(item)}
            record["id"] = str(record["id"])
            collection.put(record["id"], record)


_SALESFORCE = {
    "account": (
        "Account",
        {
            "name": "Name",
            "website": "Website",
            "industry": "Industry",
            "number_of_employees": "NumberOfEmployees",
            "owner_id": "OwnerId",
        },
    ),
    "contact": (
        "Contact",
        {
            "first_name": "FirstName",
            "last_name": "LastName",
            "email": "Email",
            "phone": "Phone",
            "account_id": "AccountId",
        },
    ),
    "lead": (
        "Lead",
        {
            "first_name": "FirstName",
            "last_name": "LastName",
            "company": "Company",
            "title": "Title",
            "lead_source": "LeadSource",
            "owner_id": "OwnerId",
        },
    ),
    "opportunity": (
        "Opportunity",
        {
            "name": "Name",
            "amount": "Amount",
            "stage": "StageName",
            "close_date": "CloseDate",
            "account_id": "AccountId",
            "owner_id": "OwnerId",
        },
    ),
    "note": ("Note", {"content": "Body", "account_id": "ParentId"}),
    "user": ("User", {"name": "Name", "email": "Email", "is_active": "IsActive"}),
}
_HUBSPOT = {
    "account": {
        "name": "name",
        "website": "domain",
        "industry": "industry",
        "number_of_employees": "numberofemployees",
        "owner_id": "hubspot_owner_id",
    },
    "contact": {"first_name": "firstname", "last_name": "lastname", "email": "email", "phone": "phone"},
    "lead": {"first_name": "firstname", "last_name": "lastname", "company": "company"},
    "opportunity": {
        "name": "dealname",
        "amount": "amount",
        "stage": "dealstage",
        "close_date": "closedate",
        "pipeline": "pipeline",
    },
    "note": {"content": "hs_note_body"},
    "user": {"email": "email"},
}
_PIPEDRIVE = {
    "account": {"name": "name", "number_of_employees": "people_count", "owner_id": "owner_id"},
    "contact": {"first_name": "first_name", "last_name": "last_name", "email": "primary_email"},
    "lead": {"name": "title", "company": "organization_name"},
    "opportunity": {"name": "title", "amount": "value", "stage": "stage_name", "account_id": "org_id"},
    "note": {"content": "content"},
    "user": {"name": "name", "email": "email", "is_active": "active_flag"},
}


def _pipedrive_time(iso: str | None) -> str | None:
    return iso[:19].replace("T", " ") if iso else None


def raw_of(connector_name: str, entity: str, record: Record) -> dict[str, Any]:
    """The record as the connector's own API lays it out."""
    if connector_name == "salesforce" and entity in _SALESFORCE:
        sobject, names = _SALESFORCE[entity]
        raw: dict[str, Any] = {
            "attributes": {"type": sobject, "url": f"/services/data/v59.0/sobjects/{sobject}/{record['id']}"},
            "Id": record["id"],
        }
        raw.update({theirs: record.get(ours) for ours, theirs in names.items()})
        if entity == "opportunity":
            raw["IsClosed"] = record.get("status") in ("WON", "LOST")
            raw["IsWon"] = record.get("status") == "WON"
        raw.update(CreatedDate=record.get("created_at"), LastModifiedDate=record.get("updated_at"), IsDeleted=False)
        return raw
    if connector_name == "hubspot" and entity in _HUBSPOT:
        properties = {theirs: record.get(ours) for ours, theirs in _HUBSPOT[entity].items()}
        properties.update(
            createdate=record.get("created_at"), hs_lastmodifieddate=record.get("updated_at"), hs_object_id=record["id"]
        )
        return {
            "id": record["id"],
            "properties": properties,
            "createdAt": record.get("created_at"),
            "updatedAt": record.get("updated_at"),
            "archived": False,
        }
    if connector_name == "pipedrive" and entity in _PIPEDRIVE:
        identifier: Any = int(record["id"]) if str(record["id"]).isdigit() else record["id"]
        raw = {"id": identifier}
        raw.update({theirs: record.get(ours) for ours, theirs in _PIPEDRIVE[entity].items()})
        raw.update(
            add_time=_pipedrive_time(record.get("created_at")),
            update_time=_pipedrive_time(record.get("updated_at")),
            active_flag=True,
        )
        return raw
    return {"id": record["id"], **{key: value for key, value in record.items() if key != "id"}}


_FIELDS = {
    "account": (
        "name",
        "is_deleted",
        "website",
        "industry",
        "number_of_employees",
        "owner_id",
        "created_at",
        "last_activity_at",
        "addresses",
        "phone_numbers",
        "lifecycle_stage",
        "last_modified_at",
    ),
    "contact": ("first_name", "last_name", "email", "phone"),
    "lead": (
        "name",
        "first_name",
        "last_name",
        "owner_id",
        "title",
        "company",
        "converted_date",
        "lead_source",
        "converted_account_id",
        "converted_contact_id",
        "addresses",
        "email_addresses",
        "phone_numbers",
        "created_at",
        "is_deleted",
        "last_modified_at",
    ),
    "opportunity": (
        "name",
        "description",
        "owner_id",
        "status",
        "stage",
        "close_date",
        "account_id",
        "pipeline",
        "amount",
        "last_activity_at",
        "created_at",
        "is_deleted",
        "last_modified_at",
    ),
    "note": ("content",),
    "user": ("name", "email", "is_active", "created_at", "is_deleted", "last_modified_at"),
}


def unified_view(connector_name: str, entity: str, record: Record) -> dict[str, Any]:
    """The unified record: id, updated_at, raw_data and the entity's own fields."""
    shown: dict[str, Any] = {
        "id": record["id"],
        "updated_at": record["updated_at"],
        "raw_data": raw_of(connector_name, entity, record),
    }
    for name in _FIELDS.get(entity, ()):
        if name == "last_modified_at":
            shown[name] = record.get("updated_at")
        elif name == "name" and entity == "lead" and not record.get("name"):
            shown[name] = " ".join(part for part in (record.get("first_name"), record.get("last_name")) if part) or None
        else:
            shown[name] = copy.deepcopy(record.get(name))
    return shown
