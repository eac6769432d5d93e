"""OpenInt's record-value rules as data for core/values.py: a custom object's field types
as value kinds, and each problem as the zod issue the procedure's input check would give.
GUESS: the record is checked like the procedure's input, with zod-style issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...core.values import FieldRule, Kind, ValueProblem, ValueRules, check_record

__all__ = ["VALUES", "record_issues", "validate_record"]

KINDS: Mapping[str, Kind] = {
    "text": Kind.TEXT,
    "textarea": Kind.TEXT,
    "number": Kind.DECIMAL,
    "boolean": Kind.BOOLEAN,
    "date": Kind.DATE,
    "datetime": Kind.DATETIME,
    "url": Kind.URL,
    "picklist": Kind.OPTION,
    "multipicklist": Kind.MULTI_OPTION,
    "other": Kind.ANY,
}
_INVALID = {
    Kind.TEXT: "must be a string",
    Kind.DECIMAL: "must be a number",
    Kind.BOOLEAN: "must be a boolean",
    Kind.DATE: "must be a date (YYYY-MM-DD)",
    Kind.DATETIME: "must be an ISO 8601 date-time",
    Kind.URL: "must be a URL",
}


def _read_field(field: Mapping[str, Any]) -> Iterable[FieldRule]:
    # No default here: the input is checked before defaults are filled in.
    yield FieldRule(
        key=field["id"],
        kind=VALUES.kind_of(field.get("type")),
        label=field.get("label", field["id"]),
        required=bool(field.get("is_required")),
        options=tuple(dict.fromkeys(option["value"] for option in field.get("options") or ())),
    )


def _describe(problem: ValueProblem) -> str:
    if problem.reason == "unknown" or problem.field is None:
        return f"Unrecognized key: '{problem.key}'"
    label = problem.field.label
    if problem.reason == "required":
        return f"{label} is required"
    kind, options = problem.field.kind, sorted(problem.field.options)
    if kind is Kind.OPTION:
        return f"{label} must be one of {options}"
    if kind is Kind.MULTI_OPTION:
        return f"{label} must be some of {options}"
    return f"{label} {_INVALID.get(kind, 'is invalid')}"


# Required fields first, then the record's keys in order; a multipicklist may also come
# as one string of values separated by ";" (Salesforce's way).
VALUES = ValueRules(kinds=KINDS, read_field=_read_field, describe=_describe, walk="keys", multi_separator=";")


def validate_record(fields: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> list[ValueProblem]:
    """A new record against its custom object's fields."""
    return check_record(VALUES, VALUES.fields(fields), record, creating=True).problems


def _issue(problem: ValueProblem) -> dict[str, Any]:
    if problem.reason == "unknown":
        return {"code": "unrecognized_keys", "keys": [problem.key], "message": problem.message, "path": ["record"]}
    return {"code": "custom", "message": problem.message, "path": ["record", problem.key]}


def record_issues(fields: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every problem of a new record, as zod issues."""
    return [_issue(problem) for problem in validate_record(fields, record)]
