"""HighLevel's record-value rules as data for core/values.py: its field data types as value
kinds.  The wording is class-validator's (core/nestjs.py through the dialect's
`unprocessable`), which words schema violations, so the rules are checked as the JSON
Schema core/values.py makes of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...core.nestjs import validation_messages
from ...core.schema import compile_schema
from ...core.store import Record
from ...core.values import FieldRule, Kind, Reason, ValueProblem, ValueRules, field_violations, rules_schema
from ...core.vendor import RequestContext
from ...core.violations import Violation
from .errors import unprocessable
from .model import object_fields, property_name

__all__ = ["VALUES", "record_violations", "reject_record_values", "validate_record"]

KINDS: Mapping[str, Kind] = {
    "TEXT": Kind.TEXT,
    "LARGE_TEXT": Kind.TEXT,
    "EMAIL": Kind.EMAIL,
    "PHONE": Kind.PHONE,
    "NUMERICAL": Kind.DECIMAL,
    "DATE": Kind.DATE,
    "MONETORY": Kind.MONEY,
    "SINGLE_OPTIONS": Kind.OPTION,
    "RADIO": Kind.OPTION,
    "MULTIPLE_OPTIONS": Kind.MULTI_OPTION,
    "CHECKBOX": Kind.MULTI_OPTION,  # HighLevel's CHECKBOX is a set of ticked options
    "FILE_UPLOAD": Kind.FILES,
}


def _read_field(field: Mapping[str, Any]) -> Iterable[FieldRule]:
    name = property_name(field.get("objectKey", ""), field["fieldKey"])
    options = tuple(option["key"] for option in field.get("options") or ())
    if field["dataType"] == "TEXTBOX_LIST":
        # One text value per option, keyed <field>.<option>.
        for option in options:
            yield FieldRule(key=f"{name}.{option}", kind=Kind.TEXT)
        return
    yield FieldRule(
        key=name,
        kind=VALUES.kind_of(field["dataType"]),
        label=field.get("name", name),
        options=options,
        open_options=field["dataType"] == "RADIO" and bool(field.get("allowCustomOption")),
        max_items=int(field["maxFileLimit"]) if field.get("maxFileLimit") else None,
    )


VALUES = ValueRules(kinds=KINDS, read_field=_read_field)


def record_violations(ctx: RequestContext, obj: Record, values: Any) -> list[Violation]:
    # Rebuilt only when some field changes: fields are few and records many.
    validator = ctx.state.memo(
        ("record-values", obj["id"]),
        ctx.state.collection("fields").version,
        lambda: compile_schema(rules_schema(VALUES.fields(object_fields(ctx, obj)))),
    )
    return field_violations(validator, values, ("properties",))


def reject_record_values(ctx: RequestContext, obj: Record, values: Any) -> None:
    problems = record_violations(ctx, obj, values)
    if problems:
        raise unprocessable(problems)


def validate_record(fields: Sequence[Mapping[str, Any]], properties: Mapping[str, Any]) -> list[ValueProblem]:
    """A record's properties against its object's fields, worded as the 422 words them."""
    validator = compile_schema(rules_schema(VALUES.fields(fields)))
    return [_problem(violation) for violation in field_violations(validator, properties, ("properties",))]


_REASONS: Mapping[str, Reason] = {"unknown_property": "unknown", "missing": "required"}


def _problem(violation: Violation) -> ValueProblem:
    key = ".".join(str(part) for part in violation.pointer[1:])
    message = "; ".join(validation_messages(violation))
    return ValueProblem(key, _REASONS.get(violation.kind, "invalid"), None, violation.received, message)
