"""A record's values checked against its object's field definitions, once for every vendor.

Every vendor's custom fields come down to the same few kinds of value (text, a whole
number, a date, one of some options, the id of another record, ...) under names of its
own (Zendesk's `checkbox`, SalesOS's `CHECKBOX`, OpenInt's `boolean`).  So a vendor hands
over DATA, a `ValueRules`: its field types mapped to a `Kind`, how to read one of its field
definitions as `FieldRule`s, its leniencies, and its words for each problem (`describe`).
This module does the rest:

- `check_record` walks a record against the rules and answers the values to store and
  every problem, in the vendor's order (`walk`: its fields' order or the record's keys');
  or, for a vendor that runs its own ordered list of named checks per field type, first
  failure wins (EspoCRM), each field's `checks` in turn (`walk="checks"`,
  core/value_checks.py), stopping at the first problem with `first_only`;
- `record_schema` turns the same rules into one JSON Schema, for a vendor whose wording
  is its framework's wording of schema violations (HighLevel's class-validator).

Nothing here needs a request or a tenant: a lookup is resolved by the `resolve` the caller
passes (the handlers pass one that reads the tenant's records); without one, a lookup is
checked for its shape only.  That is what `Vendor.validate_record` (core/vendor.py) uses to
check fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .patterns import PatternError, compile_regex
from .request_validation import schema_violations
from .schema import CompiledSchema
from .value_checks import FieldValues, NamedCheck, is_given
from .value_kinds import Kind, is_iso_date, is_iso_datetime
from .violations import Violation

__all__ = [
    "DEFAULT_PATTERNS",
    "FieldRule",
    "Kind",
    "Reason",
    "RecordCheck",
    "Resolve",
    "ValueProblem",
    "ValueRules",
    "check_record",
    "check_value",
    "field_violations",
    "is_iso_date",
    "is_iso_datetime",
    "record_schema",
    "rules_schema",
]


@dataclass(frozen=True, slots=True)
class FieldRule:
    """One field definition as the walker reads it."""

    key: str  # the name the record's values use
    kind: Kind
    label: str = ""  # what the vendor's messages call it
    required: bool = False
    options: tuple[Any, ...] = ()
    open_options: bool = False  # an OPTION that also takes values outside `options`
    default: Any = None  # filled in on create when the record does not give the field
    pattern: str = ""  # TEXT: a regex the value must match (RE2, linear time)
    max_items: int | None = None  # FILES
    target: str = ""  # LOOKUP: the object whose record the value names
    # For walk="checks" (core/value_checks.py): the vendor's type name, its ordered named
    # checks, the parameters they read, and the other record keys that belong to the field,
    # by role ("id", "ids", "type", "items", "currency", "date"; any other role is only
    # carried: EspoCRM's `accountName`).
    type: str = ""
    checks: tuple[tuple[str, NamedCheck], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    linked: Mapping[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every record key that belongs to the field: its own, then its linked ones."""
        return (self.key, *self.linked.values())


# Why a value is refused.  The vendor's `describe` words each, reading `field.kind`.
Reason = Literal["unknown", "required", "invalid", "pattern"]


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """One thing wrong with a record: `key` is the record key it is about, `message` the
    vendor's words for it (ValueRules.describe)."""

    key: str
    reason: Reason
    field: FieldRule | None = None  # None for a key no field defines
    value: Any = None
    message: str = ""
    check: str = ""  # walk="checks": the name of the check that failed


# A lookup's value resolved by the caller: (whether it names a record, the value to store).
Resolve = Callable[[FieldRule, Any], tuple[bool, Any]]

DEFAULT_PATTERNS: Mapping[Kind, str] = {
    Kind.EMAIL: r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    Kind.PHONE: r"^\+?[0-9][0-9 ()\-.]{4,}$",
    Kind.URL: r"^https?://\S+$",
}


def _no_words(problem: ValueProblem) -> str:
    return f"{problem.key}: {problem.reason}"


@dataclass(frozen=True)
class ValueRules:
    """A vendor's record-value rules, as data."""

    # The vendor's field type -> the kind of value it holds; a type not listed is `unlisted`.
    kinds: Mapping[str, Kind]
    # One field definition, in the vendor's own shape -> the rules it makes (usually one;
    # HighLevel's TEXTBOX_LIST makes one text field per option).
    read_field: Callable[[Mapping[str, Any]], Iterable[FieldRule]]
    # A problem in the vendor's words.
    describe: Callable[[ValueProblem], str] = _no_words
    unlisted: Kind = Kind.ANY
    # The order problems are listed in: the fields' order (after every unknown key), or the
    # record's keys' order (after every missing required field); or each field's named
    # `checks` in the fields' order (after every unknown key), a field's first failing
    # check its problem.
    walk: Literal["fields", "keys", "checks"] = "keys"
    # Only the first problem is told (the vendor stops at it).
    first_only: bool = False
    # walk="checks": a field's value as the vendor stores it (PHP's type juggling), which the
    # checks read; the change as given stays at hand (FieldValues.given).
    prepare: Callable[[FieldRule, Any], Any] | None = None
    # How the vendor writes a value that is not text as text, when a check matches it.
    as_text: Callable[[Any], str] = str
    # Whether "" clears a field as null does (else "" is checked as the field's kind).
    empty_text_clears: bool = False
    # Numbers given as text ("12", "-1.5") are taken and stored as numbers.
    numbers_from_text: bool = False
    # A multi-option value given as one string, split on this (None: it must be a list).
    multi_separator: str | None = None
    # A multi-option value is stored without repeats.
    dedupe_multi: bool = False
    patterns: Mapping[Kind, str] = field(default_factory=lambda: dict(DEFAULT_PATTERNS))
    # A text value longer than this is not matched against a field's pattern (the vendor's
    # record-size limit refuses it anyway); None: every value is matched.
    pattern_input_limit: int | None = None

    def kind_of(self, type_name: Any) -> Kind:
        return self.kinds.get(str(type_name), self.unlisted)

    def fields(self, definitions: Iterable[Mapping[str, Any]]) -> list[FieldRule]:
        return [rule for definition in definitions for rule in self.read_field(definition)]


@dataclass(slots=True)
class RecordCheck:
    """The values to store (a cleared field as None; on create, defaults filled in) and
    every problem, in the vendor's order."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[ValueProblem] = field(default_factory=list)


_INTEGER_TEXT = re.compile(r"^-?\d+$")
_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- one value ------------------------------------------------------------------------------


def check_value(
    rules: ValueRules, rule: FieldRule, value: Any, resolve: Resolve | None = None
) -> tuple[Reason | None, Any]:
    """(why `value` is refused or None, the value to store)."""
    kind = rule.kind
    if kind is Kind.TEXT:
        if not isinstance(value, str):
            return "invalid", None
        return (None, value) if _matches_pattern(rules, rule.pattern, value) else ("pattern", None)
    if kind is Kind.INTEGER:
        if isinstance(value, int) and not isinstance(value, bool):
            return None, value
        if rules.numbers_from_text and isinstance(value, str) and _INTEGER_TEXT.match(value):
            return None, int(value)
        return "invalid", None
    if kind is Kind.DECIMAL:
        if _is_number(value):
            return None, value
        if rules.numbers_from_text and isinstance(value, str) and _DECIMAL_TEXT.match(value):
            return None, float(value)
        return "invalid", None
    if kind in _PREDICATES:
        return (None, value) if _PREDICATES[kind](value) else ("invalid", None)
    if kind in rules.patterns:  # email, phone, url
        ok = isinstance(value, str) and re.match(rules.patterns[kind], value) is not None
        return (None, value) if ok else ("invalid", None)
    if kind is Kind.OPTION:
        return (None, value) if rule.open_options or value in rule.options else ("invalid", None)
    if kind is Kind.MULTI_OPTION:
        return _check_multi(rules, rule, value)
    if kind is Kind.LOOKUP:
        found, stored = resolve(rule, value) if resolve is not None else (_looks_like_id(value), value)
        return (None, stored) if found else ("invalid", None)
    if kind is Kind.FILES:
        return (None, value) if _are_files(rule, value) else ("invalid", None)
    return (None, value) if kind is Kind.ANY else ("invalid", None)


def _is_money(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and _is_number(value.get("value"))
        and isinstance(value.get("currency", ""), str)
        and set(value) <= {"value", "currency"}
    )


_PREDICATES: Mapping[Kind, Callable[[Any], bool]] = {
    Kind.BOOLEAN: lambda value: isinstance(value, bool),
    Kind.DATE: is_iso_date,
    Kind.DATETIME: is_iso_datetime,
    Kind.MONEY: _is_money,
}


def _matches_pattern(rules: ValueRules, pattern: str, value: str) -> bool:
    """In linear time (RE2).  A pattern RE2 cannot compile (only from an older state file)
    checks nothing."""
    if not pattern or (rules.pattern_input_limit is not None and len(value) > rules.pattern_input_limit):
        return True
    try:
        return compile_regex(pattern).search(value) is not None
    except PatternError:
        return True


def _check_multi(rules: ValueRules, rule: FieldRule, value: Any) -> tuple[Reason | None, Any]:
    if isinstance(value, list):
        chosen = value
    elif rules.multi_separator is not None:
        chosen = str(value).split(rules.multi_separator)
    else:
        return "invalid", None
    if not all(item in rule.options for item in chosen):
        return "invalid", None
    return None, (list(dict.fromkeys(value)) if rules.dedupe_multi else value)


def _looks_like_id(value: Any) -> bool:
    """Without the tenant's records at hand, a lookup is checked for its shape only."""
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _are_files(rule: FieldRule, value: Any) -> bool:
    if not isinstance(value, list) or (rule.max_items is not None and len(value) > rule.max_items):
        return False
    return all(isinstance(item, dict) and isinstance(item.get("url"), str) for item in value)


# -- a whole record -------------------------------------------------------------------------


def check_record(
    rules: ValueRules,
    fields: Sequence[FieldRule],
    record: Mapping[str, Any],
    *,
    creating: bool,
    resolve: Resolve | None = None,
    stored: Mapping[str, Any] | None = None,
) -> RecordCheck:
    """`record`'s values against `fields`: what to store and every problem, worded by the
    vendor.  On create (`creating`) a required field must be given; on update only the
    fields the record gives are checked (walk="checks": against `stored`, the record as it
    is, with the change over it)."""
    check = RecordCheck()
    if rules.walk == "checks":
        _walk_checks(rules, fields, record, stored or {}, creating, check)
        return _worded(rules, check)
    if creating:
        for rule in fields:
            if rule.default is not None and rule.key not in record:
                check.values[rule.key] = rule.default
    walk = _walk_fields if rules.walk == "fields" else _walk_keys
    walk(rules, fields, record, creating, resolve, check)
    return _worded(rules, check)


def _worded(rules: ValueRules, check: RecordCheck) -> RecordCheck:
    problems = check.problems[:1] if rules.first_only else check.problems
    check.problems = [replace(problem, message=rules.describe(problem)) for problem in problems]
    return check


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _clears(rules: ValueRules, value: Any) -> bool:
    return value is None or (rules.empty_text_clears and isinstance(value, str) and value == "")


def _missing_on_create(rule: FieldRule, record: Mapping[str, Any], creating: bool) -> bool:
    return creating and rule.required and rule.key not in record and rule.default is None


def _unknown(key: str, value: Any) -> ValueProblem:
    return ValueProblem(key, "unknown", None, value)


def _check_one(rules: ValueRules, rule: FieldRule, value: Any, resolve: Resolve | None, check: RecordCheck) -> None:
    """A given value: cleared (stored as None), or checked as its field's kind."""
    if _clears(rules, value):
        check.values[rule.key] = None
        return
    reason, stored = check_value(rules, rule, value, resolve)
    if reason is None:
        check.values[rule.key] = stored
    else:
        check.problems.append(ValueProblem(rule.key, reason, rule, value))


def _walk_fields(
    rules: ValueRules,
    fields: Sequence[FieldRule],
    record: Mapping[str, Any],
    creating: bool,
    resolve: Resolve | None,
    check: RecordCheck,
) -> None:
    """Every unknown key, then field by field in the fields' order (SalesOS)."""
    known = {rule.key for rule in fields}
    check.problems.extend(_unknown(key, value) for key, value in record.items() if key not in known)
    for rule in fields:
        if rule.key in record:
            value = record[rule.key]
            if rule.required and _blank(value) and _clears(rules, value):
                check.problems.append(ValueProblem(rule.key, "required", rule, value))
            _check_one(rules, rule, value, resolve, check)
        elif _missing_on_create(rule, record, creating):
            check.problems.append(ValueProblem(rule.key, "required", rule))


def _walk_keys(
    rules: ValueRules,
    fields: Sequence[FieldRule],
    record: Mapping[str, Any],
    creating: bool,
    resolve: Resolve | None,
    check: RecordCheck,
) -> None:
    """Every required field left blank, then key by key in the record's order (Zendesk, OpenInt)."""
    for rule in fields:
        if (rule.required and rule.key in record and _blank(record[rule.key])) or _missing_on_create(
            rule, record, creating
        ):
            check.problems.append(ValueProblem(rule.key, "required", rule, record.get(rule.key)))
    by_key = {rule.key: rule for rule in fields}
    for key, value in record.items():
        known = by_key.get(key)
        if known is None:
            check.problems.append(_unknown(key, value))
        else:
            _check_one(rules, known, value, resolve, check)


def _walk_checks(
    rules: ValueRules,
    fields: Sequence[FieldRule],
    record: Mapping[str, Any],
    stored: Mapping[str, Any],
    creating: bool,
    check: RecordCheck,
) -> None:
    """Every unknown key, then field by field in the fields' order, each field's named checks
    in order (EspoCRM's FieldValidationManager): on create every field, on update only the
    fields the change touches.  The values to store keep the change's order."""
    owner = {key: rule for rule in fields for key in rule.keys}
    check.problems.extend(_unknown(key, value) for key, value in record.items() if key not in owner)
    prepared = {key: _prepared(rules, owner.get(key), key, value) for key, value in record.items()}
    view = {**stored, **prepared}
    failed: set[str] = set()
    for rule in fields:
        if rules.first_only and check.problems:
            break
        if not rule.checks or (not creating and not any(key in record for key in rule.keys)):
            continue
        values = FieldValues(rules, rule, view, record)
        for name, named in rule.checks:
            if not named(values):
                reason: Reason = "required" if named is is_given else "invalid"
                check.problems.append(ValueProblem(rule.key, reason, rule, record.get(rule.key), check=name))
                failed.update(rule.keys)
                break
    check.values.update((key, value) for key, value in prepared.items() if key in owner and key not in failed)


def _prepared(rules: ValueRules, rule: FieldRule | None, key: str, value: Any) -> Any:
    if rules.prepare is None or rule is None or key != rule.key:
        return value
    return rules.prepare(rule, value)


# -- the same rules as one JSON Schema ------------------------------------------------------


def _value_schema(rule: FieldRule) -> dict[str, Any]:
    kind = rule.kind
    schema: dict[str, Any]
    if kind is Kind.TEXT:
        schema = {"type": "string"}
    elif kind in (Kind.EMAIL, Kind.PHONE, Kind.DATE):
        schema = {"type": "string", "format": kind.value}
    elif kind is Kind.DECIMAL:
        schema = {"type": "number"}
    elif kind is Kind.MONEY:
        schema = {
            "type": "object",
            "required": ["value"],
            "properties": {"currency": {"type": "string"}, "value": {"type": "number"}},
            "additionalProperties": False,
        }
    elif kind is Kind.OPTION:
        schema = {"type": "string"}
        if not rule.open_options:
            schema["enum"] = list(rule.options)
    elif kind is Kind.MULTI_OPTION:
        schema = {"type": "array", "items": {"type": "string", "enum": list(rule.options)}}
    elif kind is Kind.FILES:
        schema = {
            "type": "array",
            "items": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}},
        }
        if rule.max_items is not None:
            schema["maxItems"] = rule.max_items
    else:
        schema = {}
    schema["nullable"] = True  # null clears a value
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]  # OpenAPI 3.0: nullable does not widen an enum
    return schema


def rules_schema(fields: Iterable[FieldRule]) -> dict[str, Any]:
    """The record's values as one object schema (unknown keys refused; null clears)."""
    return record_schema({rule.key: _value_schema(rule) for rule in fields})


def record_schema(
    properties: Mapping[str, Mapping[str, Any]],
    *,
    required: Iterable[str] = (),
    allow_unknown: bool = False,
) -> dict[str, Any]:
    """One object schema from per-field fragments."""
    schema: dict[str, Any] = {"type": "object", "properties": dict(properties)}
    required_names = list(required)
    if required_names:
        schema["required"] = required_names
    if not allow_unknown:
        schema["additionalProperties"] = False
    return schema


def field_violations(validator: CompiledSchema, values: Any, base: tuple[str | int, ...]) -> list[Violation]:
    """What `values` gets wrong against a compiled record schema, pointing inside the body at `base`."""
    return schema_violations(validator, values, "body", base)
