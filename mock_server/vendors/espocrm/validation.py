"""What a create or update may change, checked as EspoCRM checks it.

Input filtering drops read-only and unknown attributes silently (Service::filterInput).
Validation then goes field by field in the entity's order, first failure wins:
a create checks every field, an update only the fields it sends (FACTS.md 4).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...core.store import Record
from .errors import ValidationFailure
from .metadata import EntityDef, FieldDef

__all__ = ["accepted_input", "validate"]

_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-./]{2,}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
VARCHAR_MAX_LENGTH = 255  # a varchar without its own maxLength is a VARCHAR(255) column
SYSTEM_ATTRIBUTES = frozenset({"id", "deleted"})


def accepted_input(entity: EntityDef, payload: dict[str, Any]) -> dict[str, Any]:
    """The attributes a client may set; the rest is dropped without a word."""
    accepted: dict[str, Any] = {}
    for attribute, value in payload.items():
        if attribute in SYSTEM_ATTRIBUTES:
            continue
        field = entity.attribute_field(attribute)
        if field is None or field.read_only:
            continue
        if attribute.endswith("Name") and field.type in ("link", "linkParent", "linkOne", "image"):
            continue  # names are looked up, never stored
        if attribute.endswith("Names") and field.type in ("linkMultiple", "attachmentMultiple"):
            continue
        accepted[attribute] = value
    if "subject" in entity.fields:  # Email: subject is the name under another name
        if "subject" in accepted and "name" not in accepted:
            accepted["name"] = accepted["subject"]
        elif "name" in accepted:
            accepted["subject"] = accepted["name"]
    return accepted


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _required_missing(field: FieldDef, merged: Record) -> bool:
    kind, name = field.type, field.name
    if kind in ("link", "linkOne", "image"):
        return _blank(merged.get(f"{name}Id"))
    if kind == "linkParent":
        return _blank(merged.get(f"{name}Id")) or _blank(merged.get(f"{name}Type"))
    if kind in ("linkMultiple", "attachmentMultiple"):
        return _blank(merged.get(f"{name}Ids"))
    if kind in ("email", "phone"):
        return _blank(merged.get(name)) and _blank(merged.get(f"{name}Data"))
    if kind in ("personName", "address"):
        return False  # their parts are fields of their own
    return _blank(merged.get(name))


def _number(value: Any, integral: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and not integral):
        return float(value)
    if isinstance(value, str):
        try:
            return float(int(value)) if integral else float(value)
        except ValueError:
            return None
    return None


def _invalid_kind(field: FieldDef, payload: dict[str, Any]) -> str | None:
    """The failed check's name ("valid", "maxLength", "min", "max"), or None."""
    kind, name = field.type, field.name
    value = payload.get(name)
    if kind in ("varchar", "text", "url", "wysiwyg"):
        if value is None:
            return None
        if not isinstance(value, str):
            return "valid"
        limit = field.max_length or (VARCHAR_MAX_LENGTH if kind == "varchar" else None)
        return "maxLength" if limit is not None and len(value) > limit else None
    if kind == "enum":
        if value is None or (value == "" and not field.required):
            return None
        return None if field.options is None or value in field.options else "valid"
    if kind in ("int", "float", "currency"):
        if value is None:
            if kind == "currency" and f"{name}Currency" in payload:
                currency = payload[f"{name}Currency"]
                return (
                    None if currency is None or (isinstance(currency, str) and _CURRENCY.match(currency)) else "valid"
                )
            return None
        number = _number(value, integral=kind == "int")
        if number is None:
            return "valid"
        if field.minimum is not None and number < field.minimum:
            return "min"
        if field.maximum is not None and number > field.maximum:
            return "max"
        if kind == "currency":
            currency = payload.get(f"{name}Currency")
            if currency is not None and not (isinstance(currency, str) and _CURRENCY.match(currency)):
                return "valid"
        return None
    if kind == "date":
        return None if value is None or _valid_date(value) else "valid"
    if kind in ("datetime", "datetimeOptional"):
        if value is None:
            return None
        return None if isinstance(value, str) and _DATETIME.match(value) and _valid_date(value[:10]) else "valid"
    if kind == "email":
        return _invalid_addresses(payload, name, "emailAddress", _EMAIL)
    if kind == "phone":
        return _invalid_addresses(payload, name, "phoneNumber", _PHONE)
    if kind in ("array", "multiEnum"):
        if value is None:
            return None
        if not isinstance(value, list):
            return "valid"
        if field.options is not None and any(item not in field.options for item in value):
            return "valid"
    return None


def _valid_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _invalid_addresses(payload: dict[str, Any], name: str, key: str, pattern: re.Pattern[str]) -> str | None:
    values: list[Any] = []
    if payload.get(name) not in (None, ""):
        values.append(payload[name])
    data = payload.get(f"{name}Data")
    if data is not None:
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            return "valid"
        values.extend(item.get(key) for item in data)
    return None if all(isinstance(value, str) and pattern.match(value.strip()) for value in values) else "valid"


def validate(entity: EntityDef, payload: dict[str, Any], existing: Record | None) -> None:
    """Raises the first field's ValidationFailure.  `payload` is the accepted input;
    a create (existing None) checks every field, an update only those it touches."""
    merged = {**(existing or {}), **payload}
    for field in entity.fields.values():
        touched = any(attribute in payload for attribute in field.attributes)
        if existing is not None and not touched:
            continue
        if field.required and not field.read_only and _required_missing(field, merged):
            raise ValidationFailure(entity.name, field.name, "required")
        if touched:
            failed = _invalid_kind(field, payload)
            if failed is not None:
                raise ValidationFailure(entity.name, field.name, failed)
