"""Where HighLevel's fixtures keep custom objects, fields and records (locations.yaml),
for the fixture check (core/fixtures.py) to run HighLevel's own record check on each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...core.fixtures import FixtureObject, mappings, records_with_ids
from .values import KINDS

__all__ = ["fixture_objects"]

# TEXTBOX_LIST is a type of its own: one text value per option (values.py reads it so).
FIELD_TYPES = (*KINDS, "TEXTBOX_LIST")


def fixture_objects(fixtures: Mapping[str, Any]) -> Iterator[FixtureObject]:
    for place, location in mappings(fixtures.get("locations")):
        for index, obj in mappings(location.get("objects")):
            at = (place, "objects", index)
            key = str(obj.get("key"))
            # The fields as the API holds them: each knows its object's key.
            fields = [
                ((*at, "fields", number), {"objectKey": key, **field}) for number, field in mappings(obj.get("fields"))
            ]
            records, ids = records_with_ids((*at, "records"), mappings(obj.get("records")), "properties")
            yield FixtureObject(
                file="locations.yaml",
                pointer=at,
                name=key,
                fields=fields,
                records=records,
                type_key="dataType",
                known_types=FIELD_TYPES,
                ids=ids,
            )
