"""Turning a raw request into typed parameters and a body, or into violations."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .json_input import MAX_BODY_DEPTH, too_deep, unfit_json
from .schema import CompiledSchema
from .spec import Operation, ParamSpec
from .violations import MAX_LISTED, Kind, Location, Violation, first_violations, omitted

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # imported with the validator, on the first error

__all__ = ["ParsedRequest", "non_finite_numbers", "parse_json_body", "schema_violations", "validate_parameters"]

_KEYWORD_KINDS: dict[str, Kind] = {
    "type": "type",
    "enum": "enum",
    "const": "enum",
    "format": "format",
    "pattern": "pattern",
    "minLength": "min_length",
    "maxLength": "max_length",
    "minimum": "minimum",
    "exclusiveMinimum": "minimum",
    "maximum": "maximum",
    "exclusiveMaximum": "maximum",
    "minItems": "min_items",
    "maxItems": "max_items",
}
_NOT_A_NUMBER = object()


@dataclass(slots=True)
class ParsedRequest:
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    body: Any = None


def _schema_type(schema: Mapping[str, Any]) -> Any:
    return schema.get("type")


def _error_violations(error: ValidationError, location: Location, base: tuple[str | int, ...]) -> list[Violation]:
    pointer = (*base, *error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [
            Violation(
                location,
                (*pointer, name),
                "missing",
                f"{name} is required",
                expected=_schema_type(properties.get(name, {})),
            )
            for name in error.validator_value
            if name not in instance
        ]
    if keyword == "additionalProperties":
        instance = error.instance if isinstance(error.instance, dict) else {}
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = set(schema.get("properties", {}))
        patterns = schema.get("patternProperties", {})
        extra = [name for name in instance if name not in known]
        if patterns:
            extra = [name for name in extra if not any(re.search(pattern, name) for pattern in patterns)]
        # Violations only for what an error lists; the rest are counted (70,000 unknown
        # keys made 70,000 objects to list 100 of them).
        listed = [
            Violation(location, (*pointer, name), "unknown_property", f"{name} is not allowed")
            for name in extra[:MAX_LISTED]
        ]
        return [*listed, omitted(len(extra) - MAX_LISTED)] if len(extra) > MAX_LISTED else listed
    kind = _KEYWORD_KINDS.get(keyword, "invalid")
    return [Violation(location, pointer, kind, error.message, expected=error.validator_value, received=error.instance)]


def schema_violations(
    validator: CompiledSchema, instance: Any, location: Location, base: tuple[str | int, ...] = ()
) -> list[Violation]:
    """Every problem `validator` finds in `instance`, as violations."""
    if validator.is_valid(instance):
        return []
    found: list[Violation] = []
    errors = validator.iter_errors(instance)
    for error in errors:
        found.extend(_error_violations(error, location, base))
        if len(found) > MAX_LISTED:
            # Enough to list: finding the rest of, say, 100,000 bad items costs a second.
            return first_violations(found, more=next(errors, None) is not None)
    return first_violations(found)


def _coerce_scalar(raw: str, kind: str | None) -> Any:
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return _NOT_A_NUMBER
    if kind == "number":
        try:
            number = float(raw)
        except ValueError:
            return _NOT_A_NUMBER
        if not math.isfinite(number):
            return _NOT_A_NUMBER  # "nan", "inf" and 1e999 are no numbers a server would take
        return int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
    if kind == "boolean":
        lowered = raw.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return raw  # left as a string, so the schema reports the wrong type
    return raw


def _coerce(param: ParamSpec, values: list[str]) -> Any:
    """A query, path or header value as its schema's type, when it reads as one."""
    if param.type == "array":
        items = param.schema.get("items", {})
        if len(values) == 1 and "," in values[0] and param.location != "query":
            values = values[0].split(",")
        return [_coerce_scalar(value, items.get("type")) for value in values]
    return _coerce_scalar(values[0], param.type)


def validate_parameters(
    operation: Operation,
    path_args: Mapping[str, str],
    query: Mapping[str, list[str]],
    header: Callable[[str], str | None],
) -> tuple[ParsedRequest, list[Violation]]:
    """Typed path, query and header parameters, and what is wrong with them."""
    parsed = ParsedRequest()
    violations: list[Violation] = []
    for param in operation.params:
        values: list[str] | None
        if param.location == "path":
            values = [path_args[param.name]] if param.name in path_args else None
        elif param.location == "query":
            values = list(query.get(param.name, [])) or None
        else:
            sent = header(param.name)
            values = [sent] if sent is not None else None
        if values is None:
            if param.required:
                violations.append(
                    Violation(
                        param.location,
                        (param.name,),
                        "missing",
                        f"{param.name} is required",
                        expected=param.type,
                    )
                )
            continue
        if param.quick is not None and param.quick(values[0]):
            getattr(parsed, param.location)[param.name] = values[0]
            continue
        value = _coerce(param, values)
        if value is _NOT_A_NUMBER or (isinstance(value, list) and _NOT_A_NUMBER in value):
            violations.append(
                Violation(
                    param.location,
                    (param.name,),
                    "type",
                    f"{param.name} must be a {param.type}",
                    expected=param.type,
                    received=values[0],
                )
            )
            continue
        problems = schema_violations(param.validator, value, param.location, (param.name,))
        violations.extend(problems)
        if not problems:
            getattr(parsed, param.location)[param.name] = value
    return parsed, violations


# What a JSON text must hold to parse into a float that is not finite: NaN, Infinity,
# a three-digit exponent or a run of 300 digits.  Texts without any skip the walk.
_MAY_OVERFLOW = re.compile(rb"NaN|Infinity|[eE][+]?\d{3}|\d{300}")


def non_finite_numbers(value: Any, base: tuple[str | int, ...] = (), raw: bytes | None = None) -> list[Violation]:
    """Numbers JSON can spell but a float cannot hold (1e999 reads as infinity): each one is
    a value of the wrong type, as validators that refuse infinities report it.  `raw`, the
    text `value` was parsed from, lets most documents skip the walk."""
    if raw is not None and not _MAY_OVERFLOW.search(raw):
        return []
    if not _has_non_finite(value):  # look without building paths
        return []
    return _non_finite_numbers(value, base)


def _has_non_finite(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _non_finite_numbers(value: Any, base: tuple[str | int, ...]) -> list[Violation]:
    found: list[Violation] = []
    if isinstance(value, float) and not math.isfinite(value):
        found.append(Violation("body", base, "type", "the number is out of range", expected="number"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(_non_finite_numbers(item, (*base, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_non_finite_numbers(item, (*base, index)))
    return found


def parse_json_body(raw: bytes, max_depth: int = MAX_BODY_DEPTH, finite: bool = False) -> tuple[Any, Violation | None]:
    """The JSON document in `raw`, or a `malformed` violation saying where it broke.
    A document that parses but is unfit to keep (nested deeper than `max_depth`, a lone
    surrogate, with `finite` NaN or infinity: see json_input.py) is refused alike, its
    violation's `expected` set (undecodable bodies leave it None)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Violation("body", (), "malformed", f"body is not UTF-8: {exc}", received=(None, exc.start))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        char = text[exc.pos] if exc.pos < len(text) else None
        return None, Violation(
            "body", (), "malformed", f"body is not JSON: {exc.msg} at {exc.pos}", received=(char, exc.pos)
        )
    except RecursionError:  # the decoder recurses: nested near Python's recursion limit
        return None, too_deep(text, max_depth)
    except ValueError as exc:  # an integer literal longer than Python converts (thousands of digits)
        return None, Violation("body", (), "malformed", f"body is not JSON: {exc}", received=(None, 0))
    problem = unfit_json(document, raw, text, max_depth, finite)
    return (None, problem) if problem is not None else (document, None)
