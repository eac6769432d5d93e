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
    "assignments_of",
    "connector",
    "crm_records",
    "custom_object",
    "custom_objects",
    "custom_record",
    "custom_records",
    "event",
    "forget_connection",
    "iso_now",
    "new_connection",
    "not_found",
    "raw_of",
    "remember_customer",
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


def remember_customer(ctx: RequestContext, customer_id: str, metadata: Any) -> Record:
    """Keep a customer as upserted through v0 or v1 (both list it through /v1/customer)."""
    customers = ctx.state.collection("customers")
    existing = customers.get(customer_id)
    stamp = iso_now(ctx)
    return customers.put(
        customer_id,
        {
            "id": customer_id,
            "metadata": metadata,
            "created_at": existing["created_at"] if existing else stamp,
            "updated_at": stamp,
        },
    )


def new_connection(ctx: RequestContext, config: Record, customer_id: str | None, given: Mapping[str, Any]) -> Record:
    """Store a connection under `config` in v0's shape (every API reads this one record);
    `given` holds v0's optional fields (displayName, integrationId, settings, disabled, metadata)."""
    connection_id = f"conn_{config['connectorName']}_{ctx.state.ids.ulid()}"
    stamp = iso_now(ctx)
    connection = {
        "createdAt": stamp,
        "updatedAt": stamp,
        "id": connection_id,
        "connectorName": config["connectorName"],
        "displayName": given.get("displayName"),
        "customerId": customer_id,
        "connectorConfigId": config["id"],
        "integrationId": given.get("integrationId"),
        "settings": given.get("settings") or {},
        "standard": {"displayName": given.get("displayName"), "status": "healthy", "statusMessage": None, "labels": []},
        "disabled": bool(given.get("disabled", False)),
        "metadata": given.get("metadata"),
    }
    ctx.state.collection("connections").put(connection_id, connection)
    seed_connection_data(ctx.state, ctx.fixtures, connection_id, config["connectorName"])
    # GUESS: events.ts names this event but no v0 code was found sending it.
    event(ctx, "db/connection-created", {"connectionId": connection_id}, customer_id)
    return connection


def assignments_of(state: TenantState, connection_id: str) -> list[str]:
    """The repl ids a connection is assigned to (/v2/connection/{id}/assignment), kept
    beside the connection rather than in it, so v0's view of the connection is unchanged."""
    kept = state.collection("assignments").get(connection_id)
    return list(kept["assignments"]) if kept else []


def forget_connection(state: TenantState, connection_id: str) -> None:
    """Delete a connection (through v0 or /v2) with its assignments."""
    state.collection("connections").delete(connection_id)
    state.collection("assignments").delete(connection_id)


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
    for given in data.get("custom_objects") or []:
        _seed_custom_object(state, connection_id, copy.deepcopy(given), stamp)


# -- custom objects: a connection's own schemas, and their records -----------------------------


def custom_objects(state: TenantState, connection_id: str) -> Collection:
    return state.collection(f"crm:{connection_id}:objects")


def custom_records(state: TenantState, connection_id: str, object_id: str) -> Collection:
    return state.collection(f"crm:{connection_id}:records:{object_id}")


def custom_object(object_id: str, given: Mapping[str, Any], stamp: str) -> Record:
    """A custom object as stored: `given` is metadataCreateObject's input (name, description,
    labels, primary_field_id, fields), or its fixture (crm/<connector>.yaml `custom_objects`)."""
    return {
        "id": object_id,
        "object_type_id": f"2-{object_id}",
        "name": given["name"],
        "description": given.get("description"),
        "labels": given.get("labels"),
        "primary_field_id": given.get("primary_field_id"),
        "fields": given.get("fields") or [],
        "properties": [],
        "created_at": stamp,
    }


def custom_record(obj: Record, record_id: str, given: Mapping[str, Any], stamp: str) -> Record:
    """A custom object's record as created: the values given, then the fields' defaults."""
    defaults = {f["id"]: f["default_value"] for f in obj["fields"] if "default_value" in f and f["id"] not in given}
    return {"id": record_id, **given, **defaults, "created_at": stamp, "updated_at": stamp}


def _seed_custom_object(state: TenantState, connection_id: str, given: Mapping[str, Any], stamp: str) -> None:
    """A fixture's custom object (its id as given, else its name) and its records, each
    with its id and its values by field id."""
    obj = custom_object(str(given.get("id") or given["name"]), given, stamp)
    custom_objects(state, connection_id).put(obj["id"], obj)
    records = custom_records(state, connection_id, obj["id"])
    for item in given.get("records") or []:
        values = {key: value for key, value in item.items() if key != "id"}
        records.put(str(item["id"]), custom_record(obj, str(item["id"]), values, stamp))


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
