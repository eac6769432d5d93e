"""EspoCRM's record-value rules as data for core/values.py: each field type's named checks
in EspoCRM's order (`VALIDATIONS`), the parameters they read, and its words, the 400
validationFailure naming the first check that fails.

Input filtering drops read-only and unknown attributes silently (Service::filterInput,
`accepted_input`).  Validation then goes field by field in the entity's order, first
failure wins: a create checks every field, an update only the fields it sends (FACTS.md 4),
each over the record as the ORM would hold it (`prepared`: PHP's type juggling) and over
the field's linked attributes (`accountId`, `emailAddressData`, ...).  That walk is core's
(`ValueRules(walk="checks", first_only=True)`); the checks are core/value_checks.py's,
but for four that read what only EspoCRM has (`_OWN_CHECKS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...core import value_checks as core
from ...core.value_checks import FieldValues, NamedCheck
from ...core.values import DEFAULT_PATTERNS, FieldRule, Kind, ValueProblem, ValueRules, check_record
from .errors import ValidationFailure
from .metadata import EntityDef, FieldDef, Metadata

__all__ = ["USD_ONLY", "VALIDATIONS", "VALUES", "accepted_input", "is_numeric", "validate", "validate_record"]

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


# Each field type: the kind of value it holds, and its checks in the order EspoCRM runs them:
# its validationList, then what mandatoryValidationList adds (metadata/fields/<type>.json,
# EspoCRM 10.0.0); True marks a mandatory check, which runs whether or not the field sets a
# parameter of that name.
VALIDATIONS: dict[str, tuple[Kind, tuple[tuple[str, bool], ...]]] = {
    "varchar": (Kind.TEXT, (("required", False), ("maxLength", True), ("pattern", False))),
    "text": (Kind.TEXT, (("required", False), ("maxLength", False))),
    "wysiwyg": (Kind.TEXT, (("required", False), ("maxLength", False))),
    "barcode": (Kind.TEXT, (("required", False), ("maxLength", True))),
    "password": (Kind.TEXT, (("valid", True), ("maxLength", True))),
    "email": (Kind.EMAIL, (("required", False), ("emailAddress", True), ("maxLength", True), ("maxCount", True))),
    "phone": (Kind.PHONE, (("required", False), ("valid", True), ("maxLength", True), ("maxCount", True))),
    "url": (Kind.URL, (("required", False), ("maxLength", True), ("valid", True))),
    "urlMultiple": (
        Kind.MULTI_OPTION,
        (
            *(("required", False), ("maxCount", False), ("array", True), ("arrayOfString", True)),
            *(("valid", True), ("maxItemLength", True), ("pattern", True), ("noEmptyString", True)),
        ),
    ),
    "enum": (Kind.OPTION, (("required", False), ("valid", True), ("maxLength", True))),
    "multiEnum": (
        Kind.MULTI_OPTION,
        (
            *(("array", True), ("arrayOfString", True), ("valid", True), ("required", False)),
            *(("maxCount", False), ("maxItemLength", True), ("pattern", False), ("noEmptyString", True)),
        ),
    ),
    "array": (
        Kind.MULTI_OPTION,
        (
            *(("array", True), ("arrayOfString", True), ("valid", True), ("required", False)),
            *(("maxCount", False), ("maxItemLength", True), ("pattern", False), ("noEmptyString", False)),
        ),
    ),
    "checklist": (
        Kind.MULTI_OPTION,
        (("array", True), ("arrayOfString", True), ("valid", True), ("required", False), ("maxCount", False)),
    ),
    "arrayInt": (Kind.MULTI_OPTION, (("array", True),)),
    "jsonArray": (Kind.MULTI_OPTION, (("array", True),)),
    "int": (
        Kind.INTEGER,
        (("required", False), ("min", False), ("max", False), ("valid", True), ("rangeInternal", True)),
    ),
    "float": (Kind.DECIMAL, (("required", False), ("min", False), ("max", False), ("valid", True))),
    "decimal": (Kind.DECIMAL, (("required", False), ("min", False), ("max", False), ("valid", True))),
    "currency": (
        Kind.DECIMAL,
        (
            *(("required", False), ("min", False), ("max", False), ("valid", True)),
            *(("validCurrency", True), ("inPermittedRange", True)),
        ),
    ),
    "date": (Kind.DATE, (("required", False), ("valid", True))),
    "datetime": (Kind.DATETIME, (("required", False), ("valid", True))),
    "datetimeOptional": (Kind.DATETIME, (("required", False), ("valid", True))),
    "link": (Kind.LOOKUP, (("required", False), ("pattern", True), ("cascadingSelect", True))),
    "linkOne": (Kind.LOOKUP, (("required", False), ("pattern", True), ("cascadingSelect", True))),
    "linkMultiple": (
        Kind.LOOKUP,
        (
            ("required", False),
            ("pattern", True),
            ("columnsValid", True),
            ("maxCount", False),
            ("cascadingSelect", True),
        ),
    ),
    "linkParent": (Kind.LOOKUP, (("required", False), ("pattern", True), ("valid", True))),
    "file": (Kind.LOOKUP, (("required", False), ("pattern", True))),
    "image": (Kind.LOOKUP, (("required", False), ("pattern", True))),
    "attachmentMultiple": (Kind.LOOKUP, (("required", False), ("pattern", True), ("maxCount", False))),
    "personName": (Kind.ANY, (("required", False),)),
    "bool": (Kind.BOOLEAN, ()),
}
_LINKS = ("link", "linkOne", "image", "file", "linkParent", "linkMultiple", "attachmentMultiple")
_ARRAYS = ("array", "multiEnum", "checklist")

# app/regExpPatterns.json: what a record id and a URL without a required protocol look like.
_ID = r"^[A-Za-z0-9_=\-.]+$"
PATTERNS: Mapping[Kind, str] = {
    Kind.EMAIL: DEFAULT_PATTERNS[Kind.EMAIL],
    Kind.PHONE: r"^\+?[0-9][0-9 ()\-./]{2,}$",
    Kind.URL: r"^([a-zA-Z0-9]+://)?[a-zA-Z0-9%./?:@\-_=#$!+*()',]+\.([a-zA-Z0-9%&./?:@\-_=#$!+*()',~])*$",
    Kind.DATETIME: r"^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$",  # EspoCRM writes "Y-m-d H:i:s"
}
# PHP's is_numeric: optional surrounding whitespace, a sign, digits with an optional
# fraction, an optional exponent.
_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
VARCHAR_MAX_LENGTH = 255  # a varchar without its own maxLength is a VARCHAR(255) column
DEFAULT_MAX_LENGTH = {"email": 255, "phone": 36, "enum": 255}  # the address/number columns
ADDRESS_MAX_COUNT = 10  # config emailAddressMaxCount / phoneNumberMaxCount
ARRAY_ITEM_MAX_LENGTH = 100  # ArrayType::DEFAULT_MAX_ITEM_LENGTH
INT_RANGE = (-2147483648, 2147483647)  # an INTEGER column (IntType::checkRangeInternal)


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


def _prepared(rule: FieldRule, value: Any) -> Any:
    """The value as the ORM holds it after `set` (BaseEntity::prepareAttributeValue): text
    attributes become strings, ints intval, floats floatval, bools PHP's truthiness."""
    kind = rule.type
    if value is None:
        return None
    if kind in _TEXT_TYPES and not isinstance(value, str):
        return _php_string(value)
    if kind == "int":
        return int(_php_number(value)) if is_numeric(value) or value == "" else 0
    if kind in ("float", "currency"):
        return _php_number(value)
    if kind == "bool":
        # PHP compares strictly here: 1, "1", true and "true" are true, all else false
        return value is True or value in ("1", "true") or (type(value) is int and value == 1)
    return value


# -- the checks only EspoCRM has --------------------------------------------------------------


def _numeric_input(view: FieldValues) -> bool:
    """IntType::rawCheckValid reads the request, not the entity: PHP's is_numeric."""
    given = view.given_value
    return given is None or given == "" or is_numeric(given)


def _option_valid(view: FieldValues) -> bool:
    """EnumType::checkValid: an empty option stands for null; a field without options takes anything."""
    if view.rule.key not in view.record or view.rule.open_options:
        return True
    value, options = view.value, view.rule.options
    if value in (None, ""):
        return "" in options
    return str(value) in [option for option in options if option != ""]


def _email_addresses(view: FieldValues) -> bool:
    """EmailType::checkEmailAddress over the value (trimmed by the field's sanitizer first)
    and each entry of `emailAddressData`, an object whose address, when set, is valid."""
    value, pattern = view.value, view.rules.patterns[Kind.EMAIL]
    if isinstance(value, str):
        value = value.strip()
    if value not in (None, "") and not (isinstance(value, str) and re.match(pattern, value)):
        return False
    data = view.linked("items")
    return not isinstance(data, list) or all(
        isinstance(item, dict)
        and (
            not item.get("emailAddress")
            or (isinstance(item["emailAddress"], str) and re.match(pattern, item["emailAddress"]))
        )
        for item in data
    )


def _phone_numbers(view: FieldValues) -> bool:
    """PhoneType::checkValid over the value and each entry of `phoneNumberData`, an object
    with a valid number and, if any, a text type."""
    value, pattern = view.value, view.rules.patterns[Kind.PHONE]
    if value not in (None, "") and not (isinstance(value, str) and re.match(pattern, value)):
        return False
    data = view.linked("items")
    return not isinstance(data, list) or all(
        isinstance(item, dict)
        and isinstance(item.get("phoneNumber"), str)
        and re.match(pattern, item["phoneNumber"]) is not None
        and (item.get("type") is None or isinstance(item.get("type"), str))
        for item in data
    )


# Each check name -> what it checks; a name that means something else for some types is
# looked up by (type, name) first.  A check the mock has no data for is not listed: it passes.
_CHECKS: Mapping[str, NamedCheck] = {
    "required": core.is_given,
    "maxLength": core.within_max_length,
    "min": core.within_min,
    "max": core.within_max,
    "rangeInternal": core.within_range,
    "validCurrency": core.known_currency,
    "array": core.given_as_list,
    "arrayOfString": core.list_of_text,
    "maxItemLength": core.items_within_length,
    "noEmptyString": core.no_empty_items,
    "emailAddress": _email_addresses,
}
_TYPE_CHECKS: Mapping[tuple[str, str], NamedCheck] = {
    **{(kind, "valid"): _numeric_input for kind in ("int", "float", "decimal", "currency")},
    ("enum", "valid"): _option_valid,
    **{(kind, "valid"): core.items_in_options for kind in _ARRAYS},
    ("phone", "valid"): _phone_numbers,
    ("url", "valid"): core.matches_kind_pattern,
    **{(kind, "valid"): core.calendar_valid for kind in ("date", "datetime", "datetimeOptional")},
    **{(kind, "maxCount"): core.items_within_count for kind in ("email", "phone")},
    **{(kind, "pattern"): core.linked_ids_match for kind in _LINKS},
}
# The checks only EspoCRM has, and why: they read PHP's is_numeric on the raw request, an
# enum's empty option standing for null, and the shape of EspoCRM's address data.
_OWN_CHECKS = (_numeric_input, _option_valid, _email_addresses, _phone_numbers)

# A field's linked attributes (metadata.py's suffixes) under the roles core's checks read.
_ROLES = {"Id": "id", "Ids": "ids", "Type": "type", "Data": "items", "Currency": "currency", "Date": "date"}


# Names whose meaning is the type's: for a type not in _TYPE_CHECKS, nothing the mock checks.
_BY_TYPE_ONLY = frozenset({"valid", "maxCount", "pattern"})


def _check(kind: str, name: str) -> NamedCheck | None:
    if (kind, name) in _TYPE_CHECKS:
        return _TYPE_CHECKS[kind, name]
    return None if name in _BY_TYPE_ONLY else _CHECKS.get(name)


def _parameter_set(field: FieldDef, check: str) -> bool:
    """A check that is not mandatory runs only when the field sets a parameter of its name."""
    parameter = {
        "required": field.required,
        "maxLength": field.max_length,
        "min": field.minimum,
        "max": field.maximum,
    }.get(check)
    return parameter is not None and parameter is not False


def _max_length(field: FieldDef) -> int | None:
    """The longest text the field's column holds (an address field: each address)."""
    if field.type in ("email", "phone"):
        return DEFAULT_MAX_LENGTH[field.type]
    if field.type in ("varchar", "url", "barcode") and field.not_storable and field.max_length is None:
        return None
    return field.max_length or DEFAULT_MAX_LENGTH.get(field.type, VARCHAR_MAX_LENGTH)


def _linked(field: FieldDef) -> dict[str, str]:
    """The field's other attributes (metadata.py's suffixes), by role."""
    suffixes = [attribute.removeprefix(field.name) for attribute in field.attributes if attribute != field.name]
    linked = {_ROLES.get(suffix, suffix): field.name + suffix for suffix in suffixes}
    if field.type == "file":
        linked["id"] = f"{field.name}Id"  # read from the stored record, never taken from input
    return linked


def _rule(field: FieldDef, currencies: frozenset[str] | None) -> FieldRule:
    kind, listed = VALIDATIONS.get(field.type, (Kind.ANY, ()))
    checks = tuple(
        (name, check)
        for name, mandatory in listed
        if name not in field.suppressed
        and (mandatory or _parameter_set(field, name))
        and (check := _check(field.type, name)) is not None
    )
    return FieldRule(
        key=field.name,
        kind=kind,
        required=field.required,
        options=field.options or (),
        open_options=field.options is None,
        pattern=_ID,
        type=field.type,
        checks=checks,
        params={
            "maxLength": _max_length(field),
            "min": field.minimum,
            "max": field.maximum,
            "range": INT_RANGE,
            "maxCount": ADDRESS_MAX_COUNT,
            "maxItemLength": ARRAY_ITEM_MAX_LENGTH,
            "item_key": "emailAddress" if field.type == "email" else "phoneNumber",
            "currencies": currencies,
        },
        linked=_linked(field),
    )


def _rules(entity: EntityDef, currencies: frozenset[str] | None) -> list[FieldRule]:
    """The entity's fields a client may set, in the entity's order."""
    return [_rule(field, currencies) for field in entity.fields.values() if not field.read_only]


# An entity's rules, read once: entities live as long as their fixtures' metadata (model.py).
_RULES: dict[tuple[int, frozenset[str] | None], tuple[EntityDef, list[FieldRule]]] = {}


def _served_rules(entity: EntityDef, currencies: frozenset[str] | None) -> list[FieldRule]:
    cached = _RULES.get((id(entity), currencies))
    if cached is None or cached[0] is not entity:
        cached = (entity, _rules(entity, currencies))
        _RULES[id(entity), currencies] = cached
    return cached[1]


def _entity(definitions: Iterable[Mapping[str, Any]]) -> EntityDef:
    """Entity definitions' fields (each an entityDefs field with its `name`) as one entity."""
    raw = {"entity": "Record", "fields": {str(field["name"]): dict(field) for field in definitions}}
    return Metadata({"Record": raw}).entities["Record"]


def _describe(problem: ValueProblem) -> str:
    # The check that failed, as EspoCRM's validationFailure data names it (the reason header
    # names the entity type, which a record alone does not know).
    return f"{problem.key}: fails the {problem.check!r} check (validationFailure)"


VALUES = ValueRules(
    kinds={name: kind for name, (kind, _) in VALIDATIONS.items()},
    read_field=lambda definition: _rules(_entity([definition]), USD_ONLY),
    describe=_describe,
    walk="checks",
    first_only=True,
    prepare=_prepared,
    as_text=_php_string,
    patterns=PATTERNS,
)


def validate(
    entity: EntityDef,
    payload: dict[str, Any],
    existing: Mapping[str, Any] | None,
    currencies: frozenset[str] | None = USD_ONLY,
) -> dict[str, Any]:
    """Raises the first failing check as EspoCRM's ValidationFailure, else answers the payload
    as the ORM would store it.  `payload` is the accepted input; a create (existing None)
    checks every field, an update only the fields it touches (FieldValidationManager)."""
    check = check_record(VALUES, _served_rules(entity, currencies), payload, creating=existing is None, stored=existing)
    if check.problems:
        raise ValidationFailure(entity.name, check.problems[0].key, check.problems[0].check)
    return check.values


def validate_record(fields: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> list[ValueProblem]:
    """A new record's attributes against its entity's fields (each an entityDefs field with
    its `name`), with no request: EspoCRM reports the first failing check only."""
    entity = _entity(fields)
    return check_record(VALUES, _rules(entity, USD_ONLY), accepted_input(entity, dict(record)), creating=True).problems
