"""Where EspoCRM's fixtures keep entities, their fields and their records, for the fixture
check (core/fixtures.py) to run EspoCRM's own record check on each: the fields of an
entity are in entities/<file>.yaml (`entity:` names it), its records in records.yaml
under that name, and the users in users.yaml are records of the User entity."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...core.fixtures import FixtureObject, Pointer, mappings, records_with_ids

__all__ = ["FIELD_TYPES", "USER_ATTRIBUTES", "fixture_objects"]

# What a User record is made of: the rest of users.yaml is credentials.
USER_ATTRIBUTES = ("userName", "type", "firstName", "lastName", "emailAddress", "isActive")

# Every field type EspoCRM 10 has (application/Espo/Resources/metadata/fields/*.json).
FIELD_TYPES = frozenset(
    {
        *("address", "array", "arrayInt", "attachmentMultiple", "autoincrement", "barcode", "base", "bool"),
        *("checklist", "colorpicker", "currency", "currencyConverted", "date", "datetime", "datetimeOptional"),
        *("decimal", "duration", "email", "enum", "enumFloat", "enumInt", "file", "float", "foreign", "image"),
        *("int", "jsonArray", "jsonObject", "link", "linkMultiple", "linkOne", "linkParent", "map", "multiEnum"),
        *("number", "password", "personName", "phone", "rangeCurrency", "rangeFloat", "rangeInt", "text", "url"),
        *("urlMultiple", "varchar", "wysiwyg"),
    }
)


def fixture_objects(fixtures: Mapping[str, Any]) -> Iterator[FixtureObject]:
    entities = fixtures.get("entities")
    for stem, entity in entities.items() if isinstance(entities, Mapping) else ():
        if not isinstance(entity, Mapping) or not isinstance(entity.get("fields"), Mapping):
            continue  # not an entity the mock can read: the seeding pass names it
        name = str(entity.get("entity"))
        file, at, items = _records_of(fixtures, name)
        records, ids = records_with_ids(at, items, None)
        yield FixtureObject(
            file=file,
            pointer=at,
            name=name,
            # Each definition with its name, as the record check reads an entity's fields.
            fields=[(("fields", key), {"name": key, **field}) for key, field in _fields(entity)],
            records=records if name != "User" else [(where, _user(values)) for where, values in records],
            type_key="type",
            known_types=FIELD_TYPES,
            ids=ids,
            fields_file=f"entities/{stem}.yaml",
        )


def _records_of(fixtures: Mapping[str, Any], name: str) -> tuple[str, Pointer, list[tuple[int, Mapping[str, Any]]]]:
    """The file an entity's records are in, where in it, and the records."""
    if name == "User":
        return "users.yaml", (), mappings(fixtures.get("users"))
    seeded = fixtures.get("records")
    return "records.yaml", (name,), mappings(seeded.get(name)) if isinstance(seeded, Mapping) else []


def _fields(entity: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    return [(str(key), field) for key, field in entity["fields"].items() if isinstance(field, Mapping)]


def _user(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key in USER_ATTRIBUTES}
