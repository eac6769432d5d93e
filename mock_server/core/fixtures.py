"""Reading a vendor's fixture folder (every *.yaml file, by file stem), and checking its
records against their objects' field definitions with the vendor's own record check."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .yaml_files import read_yaml_file

__all__ = [
    "FixtureError",
    "FixtureObject",
    "FixtureProblem",
    "Pointer",
    "UniqueValues",
    "fixture_problems",
    "load_fixtures",
    "mappings",
    "records_with_ids",
]


class FixtureError(ValueError):
    """A fixture file that cannot be read or parsed."""


def load_fixtures(folder: Path) -> dict[str, Any]:
    """{"objects": <objects.yaml parsed>, ...}; a sub-folder is a nested dict of the same
    kind ({"entities": {"Account": ...}}); an absent folder is empty."""
    if not folder.is_dir():
        return {}
    loaded: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.name.startswith((".", "_")):
            loaded[path.name] = load_fixtures(path)
        elif path.suffix == ".yaml":
            try:
                loaded[path.stem] = read_yaml_file(path)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise FixtureError(f"{path}: {exc}") from exc
    return loaded


# -- checking fixture records against their objects' fields (crm-mock check, serve) ------

Pointer = tuple[Any, ...]  # keys from a YAML document's root to a node


def mappings(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, item) of each mapping in a list; anything else holds none.  Walkers read
    fixtures the seeding may yet refuse: a shape the check does not expect is left to it."""
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, Mapping)]


@dataclass(frozen=True)
class UniqueValues:
    """Values no two records of an object may share, beside the record's own values (a
    Zendesk record's name, its external id), each with where it is."""

    name: str  # how a problem names them ("name", "external_id")
    values: Sequence[tuple[Pointer, Any]]
    # How two values compare: Zendesk tells record names apart case-insensitively.
    folded: Callable[[Any], str] = repr


def records_with_ids(
    at: Pointer, records: Sequence[tuple[int, Mapping[str, Any]]], values_key: str | None
) -> tuple[list[tuple[Pointer, Mapping[str, Any]]], list[tuple[Pointer, Any]]]:
    """(where each record's values are, its values), (where each record's id is, the id) of
    the records at `at`: the values under `values_key`, or the record but its id (None)."""
    values: list[tuple[Pointer, Mapping[str, Any]]] = []
    for number, record in records:
        if values_key is None:
            values.append(((*at, number), {key: value for key, value in record.items() if key != "id"}))
        else:
            values.append(((*at, number, values_key), record.get(values_key) or {}))
    return values, [((*at, number, "id"), record.get("id")) for number, record in records]


@dataclass(frozen=True)
class FixtureObject:
    """One object of a vendor's fixtures as its walker (`Vendor.fixture_objects`) finds it:
    where it is, its field definitions and its records, each with where it is."""

    file: str  # the YAML file, relative to the vendor's fixture folder ("objects.yaml")
    pointer: Pointer
    name: str
    fields: Sequence[tuple[Pointer, Mapping[str, Any]]]  # (where, definition in the vendor's shape)
    records: Sequence[tuple[Pointer, Mapping[str, Any]]]  # (where the values are, the values)
    type_key: str  # the name of a definition's type ("type", "fieldType", ...)
    known_types: Collection[str]  # the types the vendor has
    unique: Collection[str] = ()  # value keys no two records may share a value of
    ids: Sequence[tuple[Pointer, Any]] = ()  # record ids, none given twice
    unique_values: Sequence[UniqueValues] = ()  # values outside the record's values, unique too
    fields_file: str | None = None  # where the definitions are, when not in `file` (EspoCRM's entities/)


@dataclass(frozen=True)
class FixtureProblem:
    file: str
    pointer: Pointer
    message: str


# A vendor's record check on create (Vendor.validate_record): (definitions, values) -> problems.
RecordCheck = Callable[[Sequence[Mapping[str, Any]], Mapping[str, Any]], Sequence[Any]]


def fixture_problems(objects: Iterable[FixtureObject], validate: RecordCheck) -> list[FixtureProblem]:
    """Every way the fixture records break their objects' field definitions: unknown field
    types, values the vendor would refuse on create, repeated unique values and ids."""
    problems: list[FixtureProblem] = []
    for obj in objects:
        try:
            problems.extend(_object_problems(obj, validate))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue  # a definition of a shape the vendor cannot read: the seeding pass names it
    return problems


def _object_problems(obj: FixtureObject, validate: RecordCheck) -> list[FixtureProblem]:
    problems = list(_type_problems(obj))
    definitions = [definition for _, definition in obj.fields]
    for where, values in obj.records:
        if not isinstance(values, Mapping):
            problems.append(FixtureProblem(obj.file, where, f"{obj.name} record: its values must be a mapping"))
            continue
        for problem in validate(definitions, values):
            at = (*where, problem.key) if problem.key in values else where
            problems.append(FixtureProblem(obj.file, at, f"{obj.name} record: {problem.message}"))
    problems.extend(_repeats(obj))
    return problems


def _type_problems(obj: FixtureObject) -> Iterator[FixtureProblem]:
    for where, definition in obj.fields:
        kind = definition.get(obj.type_key)
        if str(kind) not in obj.known_types:
            known = ", ".join(sorted(obj.known_types))
            yield FixtureProblem(
                obj.fields_file or obj.file,
                (*where, obj.type_key),
                f"{obj.name}: unknown field type {kind!r} (the types are {known})",
            )


def _repeats(obj: FixtureObject) -> Iterator[FixtureProblem]:
    seen_ids: dict[str, Pointer] = {}
    for where, record_id in obj.ids:
        if str(record_id) in seen_ids:
            yield FixtureProblem(obj.file, where, f"{obj.name}: record id {record_id!r} is given twice")
        seen_ids.setdefault(str(record_id), where)
    for unique in (*(_values_of(obj, key) for key in obj.unique), *obj.unique_values):
        seen: set[str] = set()
        for where, value in unique.values:
            if value is None:
                continue
            if unique.folded(value) in seen:
                yield FixtureProblem(
                    obj.file, where, f"{obj.name}: {unique.name} {value!r} is unique, and an earlier record has it"
                )
            seen.add(unique.folded(value))


def _values_of(obj: FixtureObject, key: str) -> UniqueValues:
    """Each record's value of `key`, where it is."""
    return UniqueValues(
        key, [((*where, key), values.get(key)) for where, values in obj.records if isinstance(values, Mapping)]
    )
