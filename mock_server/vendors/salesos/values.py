"""A record's data, checked against its object's fields (all wording GUESS, in
class-validator's style): types, required, picklist values, lookup targets, unknown
keys; and unique values, checked under the tenant's lock so concurrent creates
cannot both win."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...core.fields import is_iso_date
from ...core.store import Record
from ...core.vendor import RequestContext
from .errors import BadRequest, Conflict
from .model import fields_of, records_of

__all__ = ["check_data", "check_value"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,}$")
_URL = re.compile(r"^https?://\S+$")


def check_value(ctx: RequestContext, field: Record, value: Any) -> str | None:
    """What is wrong with `value` for `field`, in class-validator's words, or None."""
    name, kind = field["apiName"], field["fieldType"]
    if kind in ("TEXT", "TEXTAREA"):
        return None if isinstance(value, str) else f"{name} must be a string"
    if kind in ("NUMBER", "CURRENCY"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"{name} must be a number conforming to the specified constraints"
    if kind == "CHECKBOX":
        return None if isinstance(value, bool) else f"{name} must be a boolean value"
    if kind == "DATE":
        return None if is_iso_date(value) else f"{name} must be a valid ISO 8601 date string"
    if kind == "DATETIME":
        if isinstance(value, str):
            try:
                dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                return None
            except ValueError:
                pass
        return f"{name} must be a valid ISO 8601 date string"
    if kind == "EMAIL":
        return None if isinstance(value, str) and _EMAIL.match(value) else f"{name} must be an email"
    if kind == "PHONE":
        return None if isinstance(value, str) and _PHONE.match(value) else f"{name} must be a valid phone number"
    if kind == "URL":
        return None if isinstance(value, str) and _URL.match(value) else f"{name} must be a URL address"
    options = field["picklistValues"]
    if kind == "PICKLIST":
        return None if value in options else f"{name} must be one of the following values: {', '.join(options)}"
    if kind == "MULTI_PICKLIST":
        if isinstance(value, list) and all(item in options for item in value):
            return None
        return f"each value in {name} must be one of the following values: {', '.join(options)}"
    if kind == "LOOKUP":
        target = field.get("lookupObjectId")
        if isinstance(value, str) and target and records_of(ctx.state, target).get(value) is not None:
            return None
        return f"{name} must be the id of an existing record"
    return None


def check_data(ctx: RequestContext, obj: Record, data: dict[str, Any], existing: Record | None) -> dict[str, Any]:
    """The data to store: defaults filled on create, every problem refused at once (400),
    and a unique value already held answered with 409."""
    fields = {field["apiName"]: field for field in fields_of(ctx.state, obj["id"])}
    problems: list[str] = []
    for key in data:
        if key not in fields:
            problems.append(f"property {key} should not exist")
    result = dict(existing["data"]) if existing is not None else {}
    if existing is None:
        for name, field in fields.items():
            if field["defaultValue"] is not None and name not in data:
                result[name] = field["defaultValue"]
    for name, field in fields.items():
        if name in data:
            value = data[name]
            if value is None or value == "":
                if field["isRequired"]:
                    problems.append(f"{name} should not be empty")
                result.pop(name, None)
                continue
            problem = check_value(ctx, field, value)
            if problem:
                problems.append(problem)
            else:
                result[name] = value
        elif existing is None and field["isRequired"] and name not in result:
            problems.append(f"{name} should not be empty")
    if problems:
        raise BadRequest(problems)
    for name, field in fields.items():
        if field["isUnique"] and name in result:
            for other in records_of(ctx.state, obj["id"]):
                if other["data"].get(name) == result[name] and (existing is None or other["id"] != existing["id"]):
                    raise Conflict(f"A record with {name} '{result[name]}' already exists")
    return result
