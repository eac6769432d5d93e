"""SalesOS's record-value rules as data for core/values.py: its field types as value kinds,
and each problem in class-validator's words (all wording GUESS, in class-validator's
style); plus unique values, checked under the tenant's lock so concurrent creates cannot
both win."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...core.store import Record, TenantState
from ...core.values import FieldRule, Kind, Resolve, ValueProblem, ValueRules, check_record
from ...core.vendor import RequestContext
from .errors import BadRequest, Conflict
from .model import fields_of, records_of

__all__ = ["VALUES", "check_data", "validate_record"]

KINDS: Mapping[str, Kind] = {
    "TEXT": Kind.TEXT,
    "TEXTAREA": Kind.TEXT,
    "NUMBER": Kind.DECIMAL,
    "CURRENCY": Kind.DECIMAL,
    "CHECKBOX": Kind.BOOLEAN,
    "DATE": Kind.DATE,
    "DATETIME": Kind.DATETIME,
    "EMAIL": Kind.EMAIL,
    "PHONE": Kind.PHONE,
    "URL": Kind.URL,
    "PICKLIST": Kind.OPTION,
    "MULTI_PICKLIST": Kind.MULTI_OPTION,
    "LOOKUP": Kind.LOOKUP,
}
_INVALID = {
    Kind.TEXT: "must be a string",
    Kind.DECIMAL: "must be a number conforming to the specified constraints",
    Kind.BOOLEAN: "must be a boolean value",
    Kind.DATE: "must be a valid ISO 8601 date string",
    Kind.DATETIME: "must be a valid ISO 8601 date string",
    Kind.EMAIL: "must be an email",
    Kind.PHONE: "must be a valid phone number",
    Kind.URL: "must be a URL address",
    Kind.LOOKUP: "must be the id of an existing record",
}


def _read_field(field: Mapping[str, Any]) -> Iterable[FieldRule]:
    yield FieldRule(
        key=field["apiName"],
        kind=VALUES.kind_of(field["fieldType"]),
        label=field.get("label", ""),
        required=bool(field.get("isRequired")),
        options=tuple(field.get("picklistValues") or ()),
        default=field.get("defaultValue"),
        target=field.get("lookupObjectId") or "",
    )


def _describe(problem: ValueProblem) -> str:
    name = problem.key
    if problem.reason == "unknown":
        return f"property {name} should not exist"
    if problem.reason == "required" or problem.field is None:
        return f"{name} should not be empty"
    kind, options = problem.field.kind, ", ".join(problem.field.options)
    if kind is Kind.OPTION:
        return f"{name} must be one of the following values: {options}"
    if kind is Kind.MULTI_OPTION:
        return f"each value in {name} must be one of the following values: {options}"
    return f"{name} {_INVALID.get(kind, 'is invalid')}"


# Problems listed as class-validator lists them: unknown keys first, then field by field;
# "" clears a field as null does.
VALUES = ValueRules(kinds=KINDS, read_field=_read_field, describe=_describe, walk="fields", empty_text_clears=True)


def validate_record(fields: Sequence[Mapping[str, Any]], data: Mapping[str, Any]) -> list[ValueProblem]:
    """A new record's data against its object's fields, with no tenant (lookups by shape)."""
    return check_record(VALUES, VALUES.fields(fields), data, creating=True).problems


def check_data(ctx: RequestContext, obj: Record, data: dict[str, Any], existing: Record | None) -> dict[str, Any]:
    """The data to store: defaults filled on create, every problem refused at once (400),
    and a unique value already held answered with 409."""
    fields = fields_of(ctx.state, obj["id"])
    check = check_record(VALUES, VALUES.fields(fields), data, creating=existing is None, resolve=_resolver(ctx.state))
    if check.problems:
        raise BadRequest([problem.message for problem in check.problems])
    result = dict(existing["data"]) if existing is not None else {}
    for name, value in check.values.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    for field in fields:
        name = field["apiName"]
        if field["isUnique"] and name in result:
            for other in records_of(ctx.state, obj["id"]):
                if other["data"].get(name) == result[name] and (existing is None or other["id"] != existing["id"]):
                    raise Conflict(f"A record with {name} '{result[name]}' already exists")
    return result


def _resolver(state: TenantState) -> Resolve:
    def resolve(rule: FieldRule, value: Any) -> tuple[bool, Any]:
        found = isinstance(value, str) and bool(rule.target) and records_of(state, rule.target).get(value) is not None
        return found, value

    return resolve
