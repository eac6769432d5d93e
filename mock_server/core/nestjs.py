"""What NestJS services (HighLevel, SalesOS) say when a request breaks a DTO:
class-validator's default messages, and Node's JSON.parse wording for bad bodies."""

from __future__ import annotations

from collections.abc import Iterable

from .violations import MAX_LISTED, Violation, omitted

__all__ = ["json_parse_message", "listed_messages", "validation_messages"]

_TYPE_PHRASES = {
    "string": "must be a string",
    "number": "must be a number conforming to the specified constraints",
    "integer": "must be an integer number",
    "boolean": "must be a boolean value",
    "array": "must be an array",
    "object": "must be an object",
}
_FORMAT_PHRASES = {
    "date": "must be a valid ISO 8601 date string",
    "date-time": "must be a valid ISO 8601 date string",
    "email": "must be an email",
    "uri": "must be a URL address",
    "phone": "must be a valid phone number",
}


def _field(violation: Violation) -> str:
    # Query and path parameters are named plainly; body fields by their dotted path.
    return violation.dotted if violation.location == "body" else violation.name


def _each_value_in(violation: Violation) -> str | None:
    """`each value in tags` for an item of an array, as class-validator's `each: true` words it."""
    pointer = violation.pointer
    if violation.location == "body" and len(pointer) > 1 and isinstance(pointer[-1], int):
        return "each value in " + ".".join(str(part) for part in pointer[:-1])
    return None


def validation_messages(violation: Violation) -> list[str]:
    """class-validator's default wording, which NestJS services such as HighLevel return."""
    name = _field(violation)
    if violation.kind in ("type", "enum"):
        name = _each_value_in(violation) or name
    kind = violation.kind
    expected = violation.expected
    if kind == "missing":
        messages = [f"{name} should not be empty"]
        if isinstance(expected, str) and expected in _TYPE_PHRASES:
            messages.append(f"{name} {_TYPE_PHRASES[expected]}")
        return messages
    if kind == "type":
        kind_name = expected if isinstance(expected, str) else "string"
        return [f"{name} {_TYPE_PHRASES.get(kind_name, 'has the wrong type')}"]
    if kind == "enum":
        # null may be allowed (it clears a value) but is not one of the choices offered.
        values = ", ".join(str(value) for value in expected or [] if value is not None)
        return [f"{name} must be one of the following values: {values}"]
    if kind == "format":
        return [f"{name} {_FORMAT_PHRASES.get(str(expected), 'is not in the expected format')}"]
    if kind == "pattern":
        return [f"{name} must match {expected} regular expression"]
    if kind == "max_items":
        return [f"{name} must contain no more than {expected} elements"]
    if kind == "min_items":
        return [f"{name} must contain at least {expected} elements"]
    if kind == "max_length":
        return [f"{name} must be shorter than or equal to {expected} characters"]
    if kind == "min_length":
        return [
            f"{name} should not be empty"
            if expected == 1
            else f"{name} must be longer than or equal to {expected} characters"
        ]
    if kind == "minimum":
        return [f"{name} must not be less than {expected}"]
    if kind == "maximum":
        return [f"{name} must not be greater than {expected}"]
    if kind == "unknown_property":
        return [f"property {name} should not exist"]
    return [f"{name} is invalid"]


def listed_messages(violations: Iterable[Violation]) -> list[str]:
    """Every problem's messages once, in order, as NestJS's ValidationPipe lists them, but
    at most MAX_LISTED of them, then one line saying how many problems were left out.

    Linear: a dict remembers what is listed (a list lookup per message made a body of
    100,000 unknown keys take a minute)."""
    listed: dict[str, None] = {}
    left_out: int | None = 0
    truncated = False
    for violation in violations:
        if violation.kind == "omitted":  # a validator's stand-in for problems it did not keep
            truncated = True
            left_out = None if left_out is None or violation.expected is None else left_out + violation.expected
            continue
        fits = True
        for message in validation_messages(violation):
            if message in listed:
                continue
            if len(listed) == MAX_LISTED:
                fits = False
                break
            listed[message] = None
        if not fits:
            truncated = True
            left_out = None if left_out is None else left_out + 1
    messages = list(listed)
    if truncated:
        messages.append(omitted(left_out).message)
    return messages


def json_parse_message(violation: Violation) -> str:
    """Node's JSON.parse wording, as Express's body parser passes it on."""
    char, position = violation.received if isinstance(violation.received, tuple) else (None, 0)
    if char is None:
        return "Unexpected end of JSON input"
    return f"Unexpected token {char} in JSON at position {position}"
