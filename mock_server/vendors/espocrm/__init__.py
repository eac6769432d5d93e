"""EspoCRM REST API v1: any entity declared in fixtures, with links, lists and
where filters, mass actions, lead conversion and email sending."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...core.request_path import AUTH_FIRST
from ...core.store import Record, TenantState
from ...core.vendor import Vendor
from .actions import VERSION
from .auth import authenticate, new_credential
from .crud import CURRENCIES, normalise_addresses
from .errors import EspoCrmDialect
from .fixture_check import USER_ATTRIBUTES, fixture_objects
from .metadata import Metadata
from .model import records, set_links
from .routes import ROUTES
from .values import validate_record

__all__ = ["VENDOR"]

FIXTURE_STAMP = "2025-01-01 00:00:00"


def _seed_record(metadata: Metadata, state: TenantState, entity_type: str, given: Mapping[str, Any]) -> Record:
    entity = metadata.get(entity_type)
    if entity is None:
        raise ValueError(f"fixtures/espocrm/records.yaml: no entity {entity_type!r} is declared")
    record: Record = {"id": str(given["id"]), "deleted": False}
    for field in entity.fields.values():
        if field.has_default and not field.read_only:
            record[field.name] = field.default
        if field.type == "currency":
            record[f"{field.name}Currency"] = "USD"
    values = {key: value for key, value in given.items() if key != "id" and not key.endswith("Ids")}
    normalise_addresses(entity, values)
    record.update(values)
    record.update(createdAt=FIXTURE_STAMP, modifiedAt=FIXTURE_STAMP, createdById="1", modifiedById="1")
    return records(state, entity_type).put(record["id"], record)


def seed(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    metadata = Metadata(fixtures.get("entities") or {})
    for user in fixtures.get("users") or []:
        _seed_record(metadata, state, "User", {key: user[key] for key in ("id", *USER_ATTRIBUTES) if key in user})
    seeded = fixtures.get("records") or {}
    for entity_type, items in seeded.items():
        for item in items or []:
            _seed_record(metadata, state, entity_type, item)
    # Links between seeded records, once every record exists.
    for entity_type, items in seeded.items():
        entity = metadata.get(entity_type)
        assert entity is not None
        for item in items or []:
            record = records(state, entity_type).get(str(item["id"]))
            assert record is not None
            for key, ids in item.items():
                if key.endswith("Ids") and (link := entity.links.get(key.removesuffix("Ids"))) is not None:
                    set_links(state, metadata, entity, record, link, [str(other) for other in ids])


VENDOR = Vendor(
    name="espocrm",
    dialect=EspoCrmDialect(),
    authenticate=authenticate,
    handlers=ROUTES,
    seed=seed,
    # PHP reads a missing body, or one of another type, as {} (FACTS.md 0).
    non_json_body_is_empty=True,
    # Slim authenticates in middleware and reads the body in the action (FACTS.md 0).
    request_path=AUTH_FIRST,
    validate_record=validate_record,
    fixture_objects=fixture_objects,
    content_type="application/json",
    credentials=("Authorization", "Espo-Authorization", "X-Api-Key", "X-Hmac-Authorization"),
    new_credential=new_credential,
    options=(VERSION, CURRENCIES),
)
