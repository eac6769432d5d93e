"""Where SalesOS's fixtures keep objects, fields and records (objects.yaml), for the
fixture check (core/fixtures.py) to run SalesOS's own record check on each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...core.fixtures import FixtureObject, mappings, records_with_ids
from .values import KINDS

__all__ = ["fixture_objects"]


def fixture_objects(fixtures: Mapping[str, Any]) -> Iterator[FixtureObject]:
    for index, definition in mappings(fixtures.get("objects")):
        fields = mappings(definition.get("fields"))
        records, ids = records_with_ids((index, "records"), mappings(definition.get("records")), "data")
        yield FixtureObject(
            file="objects.yaml",
            pointer=(index,),
            name=str(definition.get("apiName")),
            fields=[((index, "fields", at), field) for at, field in fields],
            records=records,
            type_key="fieldType",
            known_types=KINDS.keys(),
            unique=[str(field.get("apiName")) for _, field in fields if field.get("isUnique")],
            ids=ids,
        )
