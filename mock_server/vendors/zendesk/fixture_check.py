"""Where Zendesk's fixtures keep objects, fields and records (objects.yaml), for the
fixture check (core/fixtures.py) to run Zendesk's own record check on each.  Beside the
values, a record's external id is unique within its object, and so is its name when the
object's `name_properties.is_unique` says so (told apart as Zendesk does: trimmed, any case)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...core.fixtures import FixtureObject, UniqueValues, mappings, records_with_ids
from .values import KINDS

__all__ = ["fixture_objects"]


def fixture_objects(fixtures: Mapping[str, Any]) -> Iterator[FixtureObject]:
    for index, definition in mappings(fixtures.get("objects")):
        items = mappings(definition.get("records"))
        records, ids = records_with_ids((index, "records"), items, "custom_object_fields")
        yield FixtureObject(
            file="objects.yaml",
            pointer=(index,),
            name=str(definition.get("key")),
            fields=[((index, "fields", at), field) for at, field in mappings(definition.get("fields"))],
            records=records,
            type_key="type",
            known_types=KINDS.keys(),
            ids=ids,
            unique_values=[_attribute(index, items, "external_id"), *_unique_names(index, definition, items)],
        )


def _unique_names(
    index: int, definition: Mapping[str, Any], items: list[tuple[int, Mapping[str, Any]]]
) -> list[UniqueValues]:
    properties = definition.get("name_properties")
    if not isinstance(properties, Mapping) or not properties.get("is_unique"):
        return []
    return [UniqueValues("name", _attribute(index, items, "name").values, _folded_name)]


def _attribute(index: int, items: list[tuple[int, Mapping[str, Any]]], key: str) -> UniqueValues:
    return UniqueValues(key, [((index, "records", at, key), record.get(key)) for at, record in items])


def _folded_name(name: Any) -> str:
    return name.strip().casefold() if isinstance(name, str) else repr(name)
