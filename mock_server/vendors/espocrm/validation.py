"""What a create or update may change, checked as EspoCRM checks it.

Input filtering drops read-only and unknown attributes silently (Service::filterInput).
Validation then goes field by field in the entity's order, first failure wins:
a create checks every field, an update only the fields it sends (FACTS.md 4).
"""

from __future__ import annotations

import re
from typing import Any

from ...core.fields import is_iso_date
from ...core.store import Record
from .errors import ValidationFailure
from .metadata import EntityDef, FieldDef

__all__ = ["USD_ONLY", "VALIDATIONS", "accepted_input", "is_numeric", "prepared", "validate"]

_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-./]{2,}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
VARCHAR_MAX_LENGTH = 255  # a varchar without its own maxLength is a VARCHAR(255) column
SYSTEM_ATTRIBUTES = frozenset({"id", "deleted"})
USD_ONLY = frozenset({"USD"})  # config currencyList by default (Resources/defaults/config.php)


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


# Each field type's checks in the order EspoCRM runs them: its validationList, then what
# mandatoryValidationList adds (metadata/fields/<type>.json, EspoCRM 10.0.0); True marks a
# mandatory check, which runs whether or not the field sets a parameter of that name.
VALIDATIONS: dict[str, tuple[tuple[str, bool], ...]] = {
    "varchar": (("required", False), ("maxLength", True), ("pattern", False)),
    "text": (("required", False), ("maxLength", False)),
    "wysiwyg": (("required", False), ("maxLength", False)),
    "barcode": (("required", False), ("maxLength", True)),
    "email": (("required", False), ("emailAddress", True), ("maxLength", True), ("maxCount", True)),
    "phone": (("required", False), ("valid", True), ("maxLength", True), ("maxCount", True)),
    "url": (("required", False), ("maxLength", True), ("valid", True)),
    "urlMultiple": (
        ("required", False),
        ("maxCount", False),
        ("array", True),
        ("arrayOfString", True),
        ("valid", True),
        ("maxItemLength", True),
        ("pattern", True),
        ("noEmptyString", True),
    ),
    "enum": (("required", False), ("valid", True), ("maxLength", True)),
    "multiEnum": (
        ("array", True),
        ("arrayOfString", True),
        ("valid", True),
        ("required", False),
        ("maxCount", False),
        ("maxItemLength", True),
        ("pattern", False),
        ("noEmptyString", True),
    ),
    "array": (
        ("array", True),
        ("arrayOfString", True),
        ("valid", True),
        ("required", False),
        ("maxCount", False),
        ("maxItemLength", True),
        ("pattern", False),
        ("noEmptyString", False),
    ),
    "checklist": (("array", True), ("arrayOfString", True), ("valid", True), ("required", False), ("maxCount", False)),
    "arrayInt": (("array", True),),
    "jsonArray": (("array", True),),
    "int": (("required", False), ("min", False), ("max", False), ("valid", True), ("rangeInternal", True)),
    "float": (("required", False), ("min", False), ("max", False), ("valid", True)),
    "decimal": (("required", False), ("min", False), ("max", False), ("valid", True)),
    "currency": (
        ("required", False),
        ("min", False),
        ("max", False),
        ("valid", True),
        ("validCurrency", True),
        ("inPermittedRange", True),
    ),
    "date": (("required", False), ("valid", True)),
    "datetime": (("required", False), ("valid", True)),
    "datetimeOptional": (("required", False), ("valid", True)),
    "link": (("required", False), ("pattern", True), ("cascadingSelect", True)),
    "linkOne": (("required", False), ("pattern", True), ("cascadingSelect", True)),
    "linkMultiple": (
        ("required", False),
        ("pattern", True),
        ("columnsValid", True),
        ("maxCount", False),
        ("cascadingSelect", True),
    ),
    "linkParent": (("required", False), ("pattern", True), ("valid", True)),
    "file": (("required", False), ("pattern", True)),
    "image": (("required", False), ("pattern", True)),
    "attachmentMultiple": (("required", False), ("pattern", True), ("maxCount", False)),
    "personName": (("required", False),),
    "password": (("valid", True), ("maxLength", True)),
}
# app/regExpPatterns.json: what a record id and a URL without a required protocol look like.
_ID = re.compile(r"^[A-Za-z0-9_=\-.]+$")
_URL = re.compile(r"^([a-zA-Z0-9]+://)?[a-zA-Z0-9%./?:@\-_=#$!+*()',]+\.([a-zA-Z0-9%&./?:@\-_=#$!+*()',~])*$")
# PHP's is_numeric: optional surrounding whitespace, a sign, digits with an optional
# fraction, an optional exponent.
_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
DEFAULT_MAX_LENGTH = {"email": 255, "phone": 36, "enum": 255}  # the address/number columns
ADDRESS_MAX_COUNT = 10  # config emailAddressMaxCount / phoneNumberMaxCount
ARRAY_ITEM_MAX_LENGTH = 100  # ArrayType::DEFAULT_MAX_ITEM_LENGTH
INT_RANGE = (-2147483648, 2147483647)  # an INTEGER column (IntType::checkRangeInternal)
CURRENCY_DIGITS = 13  # CurrencyType::DEFAULT_PRECISION


def is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMERIC.match(value) is not None


def _php_string(value: Any) -> str:
    """PHP's strval, as the ORM stores a scalar given for a text attribute."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    return str(value)


def _php_number(value: Any) -> float:
    """PHP's floatval of a value that passed is_numeric (or is a bool/empty string)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and is_numeric(value):
        return float(value)
    return 0.0


_TEXT_TYPES = frozenset({"varchar", "text", "wysiwyg", "url", "enum", "barcode", "password"})


def prepared(entity: EntityDef, payload: dict[str, Any]) -> dict[str, Any]:
    """The values as the ORM holds them after `set` (BaseEntity::prepareAttributeValue):
    text attributes become strings, ints intval, floats floatval, bools PHP's truthiness."""
    result = dict(payload)
    for attribute, value in payload.items():
        if value is None:
            continue
        field = entity.attribute_field(attribute)
        if field is None or attribute != field.name:
            continue
        kind = field.type
        if kind in _TEXT_TYPES and not isinstance(value, str):
            result[attribute] = _php_string(value)
        elif kind == "int":
            result[attribute] = int(_php_number(value)) if is_numeric(value) or value == "" else 0
        elif kind in ("float", "currency"):
            result[attribute] = _php_number(value)
        elif kind == "bool":
            # PHP compares strictly here: 1, "1", true and "true" are true, all else false
            result[attribute] = value is True or value in ("1", "true") or (type(value) is int and value == 1)
    return result


def _empty(field: FieldDef, merged: Record) -> bool:
    """The type's isNotEmpty, negated (Classes/FieldValidators/<Type>Type.php)."""
    kind, name = field.type, field.name
    value = merged.get(name)
    if kind in ("link", "linkOne", "image", "file"):
        return merged.get(f"{name}Id") in (None, "")
    if kind == "linkParent":
        return merged.get(f"{name}Id") in (None, "") or not merged.get(f"{name}Type")
    if kind in ("linkMultiple", "attachmentMultiple"):
        return not merged.get(f"{name}Ids")
    if kind in ("email", "phone"):
        key = "emailAddress" if kind == "email" else "phoneNumber"
        data = merged.get(f"{name}Data")
        listed = isinstance(data, list) and any(isinstance(item, dict) and item.get(key) for item in data)
        return value in (None, "") and not listed
    if kind in ("array", "multiEnum", "checklist", "urlMultiple", "arrayInt", "jsonArray"):
        return not (isinstance(value, list) and value)
    if kind == "currency":
        return value is None or merged.get(f"{name}Currency") in (None, "")
    if kind == "datetimeOptional":
        return value is None and merged.get(f"{name}Date") is None
    if kind in ("varchar", "text", "wysiwyg", "url", "barcode"):
        return value in (None, "")
    if kind == "personName":
        return False  # its parts are fields of their own
    return value is None


def _max_length(field: FieldDef, merged: Record) -> bool:
    kind, value = field.type, merged.get(field.name)
    if kind in ("email", "phone"):
        key = "emailAddress" if kind == "email" else "phoneNumber"
        limit = DEFAULT_MAX_LENGTH[kind]
        values = [value, *(item.get(key) for item in _items(merged.get(f"{field.name}Data")))]
        return all(not isinstance(item, str) or len(item) <= limit for item in values)
    if _empty(field, merged) or not isinstance(value, str):
        return True
    if kind in ("varchar", "url", "barcode") and field.not_storable and field.max_length is None:
        return True
    limit = field.max_length or DEFAULT_MAX_LENGTH.get(kind, VARCHAR_MAX_LENGTH)
    return len(value) <= limit


def _items(data: Any) -> list[dict[str, Any]]:
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _email_addresses(field: FieldDef, merged: Record) -> bool:
    value, data = merged.get(field.name), merged.get(f"{field.name}Data")
    if isinstance(value, str):
        value = value.strip()  # the field's StringTrim sanitizer runs before validation
    if value not in (None, "") and not (isinstance(value, str) and _EMAIL.match(value)):
        return False
    if not isinstance(data, list):
        return True
    for item in data:
        if not isinstance(item, dict):
            return False
        address = item.get("emailAddress")
        if address and not (isinstance(address, str) and _EMAIL.match(address)):
            return False
    return True


def _phone_numbers(field: FieldDef, merged: Record) -> bool:
    value, data = merged.get(field.name), merged.get(f"{field.name}Data")
    if value not in (None, "") and not (isinstance(value, str) and _PHONE.match(value)):
        return False
    if not isinstance(data, list):
        return True
    for item in data:
        if not isinstance(item, dict):
            return False
        number = item.get("phoneNumber")
        if not (isinstance(number, str) and _PHONE.match(number)):
            return False
        if item.get("type") is not None and not isinstance(item.get("type"), str):
            return False
    return True


def _option_valid(field: FieldDef, merged: Record) -> bool:
    """EnumType::checkValid: an empty option stands for null; a field without options takes anything."""
    if field.name not in merged or field.options is None:
        return True
    value = merged[field.name]
    options = [None if option == "" else option for option in field.options]
    if value in (None, ""):
        return None in options
    return str(value) in [option for option in options if option is not None]


def _array_valid(field: FieldDef, merged: Record) -> bool:
    value = merged.get(field.name)
    if not isinstance(value, list) or not value or field.options is None:
        return True
    return all(item in field.options for item in value)


def _date_valid(value: Any, with_time: bool) -> bool:
    if value is None:
        return True
    if with_time:
        return isinstance(value, str) and _DATETIME.match(value) is not None and is_iso_date(value[:10])
    return is_iso_date(value)


def _link_ids_valid(field: FieldDef, merged: Record) -> bool:
    if field.type in ("linkMultiple", "attachmentMultiple"):
        ids = merged.get(f"{field.name}Ids")
        if not ids:
            return True
        return isinstance(ids, list) and all(isinstance(one, str) and _ID.match(one) for one in ids)
    one = merged.get(f"{field.name}Id")
    return one is None or _ID.match(_php_string(one)) is not None


def _passes(
    check: str, field: FieldDef, merged: Record, raw: dict[str, Any], currencies: frozenset[str] | None
) -> bool:
    """One named check of EspoCRM's field validators; checks the mock has no data for pass."""
    kind, name = field.type, field.name
    value = merged.get(name)
    if check == "required":
        return not _empty(field, merged)
    if check == "maxLength":
        return _max_length(field, merged)
    if check == "emailAddress":
        return _email_addresses(field, merged)
    if check == "maxCount" and kind in ("email", "phone"):
        data = merged.get(f"{name}Data")
        return not isinstance(data, list) or len(data) <= ADDRESS_MAX_COUNT
    if check == "pattern" and kind in ("link", "linkOne", "image", "file", "linkParent", *_MULTI_LINKS):
        return _link_ids_valid(field, merged)
    if check in ("min", "max"):
        bound = field.minimum if check == "min" else field.maximum
        if not isinstance(value, (int, float)) or bound is None:
            return True
        return bool(value >= bound if check == "min" else value <= bound)
    if check == "rangeInternal":
        return not isinstance(value, int) or INT_RANGE[0] <= value <= INT_RANGE[1]
    if check == "validCurrency":
        return _currency_valid(field, merged, currencies)
    if check == "array":
        return raw.get(name) is None or isinstance(raw[name], list)
    if check == "arrayOfString":
        return not isinstance(value, list) or all(isinstance(item, str) for item in value)
    if check == "maxItemLength":
        items = value if isinstance(value, list) else []
        return all(not isinstance(item, str) or len(item) <= ARRAY_ITEM_MAX_LENGTH for item in items)
    if check == "noEmptyString":
        items = value if isinstance(value, list) else []
        return all(item != "" or "" in (field.options or ()) for item in items)
    if check == "valid":
        return _valid(field, merged, raw)
    return True


_MULTI_LINKS = ("linkMultiple", "attachmentMultiple")


def _valid(field: FieldDef, merged: Record, raw: dict[str, Any]) -> bool:
    """The `valid` check, which means something different for each type."""
    kind, name = field.type, field.name
    if kind in ("int", "float", "decimal", "currency"):
        given = raw.get(name)  # IntType::rawCheckValid reads the request, not the entity
        return given is None or given == "" or is_numeric(given)
    if kind == "enum":
        return _option_valid(field, merged)
    if kind in ("array", "multiEnum", "checklist"):
        return _array_valid(field, merged)
    if kind == "phone":
        return _phone_numbers(field, merged)
    if kind == "url":
        value = merged.get(name)
        return value is None or _URL.match(_php_string(value)) is not None
    if kind == "date":
        return _date_valid(merged.get(name), with_time=False)
    if kind == "datetime":
        return _date_valid(merged.get(name), with_time=True)
    if kind == "datetimeOptional":
        return _date_valid(merged.get(f"{name}Date"), with_time=False) and _date_valid(merged.get(name), with_time=True)
    return True


def _currency_valid(field: FieldDef, merged: Record, currencies: frozenset[str] | None) -> bool:
    """CurrencyType::checkValidCurrency: a currency code set must be an allowed one (config
    currencyList, by default only USD); None allows any three capital letters."""
    attribute = f"{field.name}Currency"
    if attribute not in merged:
        return True
    code = merged[attribute]
    if code is None and merged.get(field.name) is None:
        return True
    if currencies is None:
        return isinstance(code, str) and _CURRENCY.match(code) is not None
    return code in currencies


def validate(
    entity: EntityDef, payload: dict[str, Any], existing: Record | None, currencies: frozenset[str] | None = USD_ONLY
) -> dict[str, Any]:
    """Raises the first failing check as EspoCRM's ValidationFailure, else answers the payload
    as the ORM would store it.  `payload` is the accepted input; a create (existing None)
    checks every field, an update only the fields it touches (FieldValidationManager)."""
    values = prepared(entity, payload)
    merged = {**(existing or {}), **values}
    for field in entity.fields.values():
        if field.read_only:
            continue
        if existing is not None and not any(attribute in payload for attribute in field.attributes):
            continue
        for check, mandatory in VALIDATIONS.get(field.type, ()):
            if check in field.suppressed or (not mandatory and not _parameter_set(field, check)):
                continue
            if not _passes(check, field, merged, payload, currencies):
                raise ValidationFailure(entity.name, field.name, check)
    return values


def _parameter_set(field: FieldDef, check: str) -> bool:
    """A check that is not mandatory runs only when the field sets a parameter of its name."""
    parameter = {
        "required": field.required,
        "maxLength": field.max_length,
        "min": field.minimum,
        "max": field.maximum,
    }.get(check)
    return parameter is not None and parameter is not False
