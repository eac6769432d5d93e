"""Where OpenInt's fixtures keep field definitions with records, for the fixture check
(core/fixtures.py) to run OpenInt's own record check on each: the custom objects of a
connector's CRM data (crm/<connector>.yaml `custom_objects`, each with its fields and its
records, a record being its id and its values by field id).  Nothing else in
fixtures/openint has field definitions: the unified CRM records (accounts, contacts, ...)
are in the unified shape, whose `raw` the mock builds, with no fields to check them by,
and core.yaml and connectors.yaml hold configuration, not records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...core.fixtures import FixtureObject, mappings, records_with_ids
from .values import KINDS

__all__ = ["fixture_objects"]


def fixture_objects(fixtures: Mapping[str, Any]) -> Iterator[FixtureObject]:
    crm = fixtures.get("crm")
    for connector, data in crm.items() if isinstance(crm, Mapping) else ():
        if not isinstance(data, Mapping):
            continue  # not CRM data the mock can read: the seeding pass names it
        for index, obj in mappings(data.get("custom_objects")):
            at = ("custom_objects", index)
            records, ids = records_with_ids((*at, "records"), mappings(obj.get("records")), None)
            yield FixtureObject(
                file=f"crm/{connector}.yaml",
                pointer=at,
                name=f"{connector} {obj.get('name')}",
                fields=[((*at, "fields", number), field) for number, field in mappings(obj.get("fields"))],
                records=records,
                type_key="type",
                known_types=KINDS.keys(),
                ids=ids,
            )
