"""core/values.py: one walker checks a record's values against field definitions, with
each vendor's field types, leniencies and words as data; and each vendor's
`validate_record` hook (core/vendor.py), usable with no request or tenant."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from mock_server.core import value_checks
from mock_server.core.value_checks import NamedCheck
from mock_server.core.values import (
    FieldRule,
    Kind,
    ValueProblem,
    ValueRules,
    check_record,
    check_value,
    rules_schema,
)
from mock_server.vendors import load_vendor


def _read(field: Mapping[str, Any]) -> Iterable[FieldRule]:
    yield FieldRule(
        key=field["key"],
        kind=RULES.kind_of(field["type"]),
        label=field.get("label", field["key"]),
        required=bool(field.get("required")),
        options=tuple(field.get("options") or ()),
        default=field.get("default"),
    )


def _words(problem: ValueProblem) -> str:
    return f"{problem.key} {problem.reason}"


RULES = ValueRules(
    kinds={"str": Kind.TEXT, "int": Kind.INTEGER, "pick": Kind.OPTION, "tags": Kind.MULTI_OPTION, "ref": Kind.LOOKUP},
    read_field=_read,
    describe=_words,
)
FIELDS = RULES.fields(
    [
        {"key": "name", "type": "str", "required": True},
        {"key": "count", "type": "int", "default": 1},
        {"key": "colour", "type": "pick", "options": ["red", "blue"]},
        {"key": "tags", "type": "tags", "options": ["a", "b"]},
        {"key": "owner", "type": "ref"},
        {"key": "anything", "type": "no such type"},
    ]
)


def test_a_good_record_is_stored_with_defaults_filled_in() -> None:
    check = check_record(RULES, FIELDS, {"name": "Rex", "colour": "red", "tags": ["a"]}, creating=True)
    assert check.problems == []
    assert check.values == {"count": 1, "name": "Rex", "colour": "red", "tags": ["a"]}


def test_walking_by_keys_lists_missing_required_fields_then_each_key_in_order() -> None:
    check = check_record(RULES, FIELDS, {"colour": "green", "nope": 1, "count": "2"}, creating=True)
    assert [problem.message for problem in check.problems] == [
        "name required",
        "colour invalid",
        "nope unknown",
        "count invalid",
    ]


def test_walking_by_fields_lists_unknown_keys_first_then_the_fields_order() -> None:
    rules = ValueRules(kinds=RULES.kinds, read_field=_read, describe=_words, walk="fields", empty_text_clears=True)
    check = check_record(rules, FIELDS, {"colour": "green", "nope": 1, "name": ""}, creating=True)
    assert [problem.message for problem in check.problems] == ["nope unknown", "name required", "colour invalid"]


def test_an_update_checks_only_what_it_gives_and_null_clears() -> None:
    check = check_record(RULES, FIELDS, {"colour": None}, creating=False)
    assert (check.problems, check.values) == ([], {"colour": None})


@pytest.mark.parametrize(
    ("kind", "value", "lenient", "expected"),
    [
        (Kind.INTEGER, "12", False, ("invalid", None)),
        (Kind.INTEGER, "12", True, (None, 12)),
        (Kind.INTEGER, True, True, ("invalid", None)),
        (Kind.DECIMAL, "1.5", True, (None, 1.5)),
        (Kind.DATE, "2025-02-30", False, ("invalid", None)),
        (Kind.DATE, "2025-02-28", False, (None, "2025-02-28")),
        (Kind.DATETIME, "2025-02-28T10:00:00Z", False, (None, "2025-02-28T10:00:00Z")),
        (Kind.EMAIL, "a@b.co", False, (None, "a@b.co")),
        (Kind.EMAIL, "a@b", False, ("invalid", None)),
        (Kind.URL, "ftp://x", False, ("invalid", None)),
        (Kind.BOOLEAN, 0, False, ("invalid", None)),
        (Kind.NONE, "x", False, ("invalid", None)),
        (Kind.ANY, {"x": 1}, False, (None, {"x": 1})),
        (Kind.LOOKUP, "rec-1", False, (None, "rec-1")),  # no tenant: by shape only
        (Kind.LOOKUP, "", False, ("invalid", None)),
    ],
)
def test_each_kind_of_value(kind: Kind, value: Any, lenient: bool, expected: tuple[Any, Any]) -> None:
    rules = ValueRules(kinds={}, read_field=_read, numbers_from_text=lenient)
    assert check_value(rules, FieldRule("f", kind), value) == expected


def test_a_text_field_with_a_pattern_and_a_resolved_lookup() -> None:
    rules = ValueRules(kinds={}, read_field=_read, pattern_input_limit=5)
    assert check_value(rules, FieldRule("f", Kind.TEXT, pattern=r"^\d+$"), "12a") == ("pattern", None)
    assert check_value(rules, FieldRule("f", Kind.TEXT, pattern=r"^\d+$"), "123456a") == (None, "123456a")
    resolve = lambda rule, value: (value == "known", value.upper())  # noqa: E731
    assert check_value(rules, FieldRule("f", Kind.LOOKUP), "known", resolve) == (None, "KNOWN")
    assert check_value(rules, FieldRule("f", Kind.LOOKUP), "other", resolve) == ("invalid", None)


def test_a_multi_option_may_be_split_and_deduplicated() -> None:
    rules = ValueRules(kinds={}, read_field=_read, multi_separator=";", dedupe_multi=True)
    rule = FieldRule("f", Kind.MULTI_OPTION, options=("a", "b"))
    assert check_value(rules, rule, "a;b")[0] is None
    assert check_value(rules, rule, ["a", "a", "b"]) == (None, ["a", "b"])
    assert check_value(rules, rule, ["c"]) == ("invalid", None)


def test_the_same_rules_as_one_json_schema() -> None:
    schema = rules_schema([FieldRule("colour", Kind.OPTION, options=("red",)), FieldRule("n", Kind.DECIMAL)])
    assert schema == {
        "type": "object",
        "properties": {
            "colour": {"type": "string", "enum": ["red", None], "nullable": True},
            "n": {"type": "number", "nullable": True},
        },
        "additionalProperties": False,
    }


# -- each vendor's hook, as `crm-mock check --fixtures` calls it ------------------------------

HOOK_CASES = {
    "salesos": (
        [{"apiName": "size", "fieldType": "NUMBER", "isRequired": True}],
        {"size": "big", "extra": 1},
        ["property extra should not exist", "size must be a number conforming to the specified constraints"],
    ),
    "zendesk": (
        [{"key": "size", "type": "integer", "title": "Size"}],
        {"size": "big", "extra": 1},
        ["Size: must be a whole number", "extra: is not a field of this object"],
    ),
    "openint": (
        [{"id": "size", "type": "number", "label": "Size", "is_required": True}],
        {"size": "big", "extra": 1},
        ["Size must be a number", "Unrecognized key: 'extra'"],
    ),
    "highlevel": (
        [{"fieldKey": "custom_objects.pet.size", "objectKey": "custom_objects.pet", "dataType": "NUMERICAL"}],
        {"size": "big", "extra": 1},
        [
            "property properties.extra should not exist",
            "properties.size must be a number conforming to the specified constraints",
        ],
    ),
    "espocrm": (
        [{"name": "size", "type": "int", "required": True}],
        {"size": "big"},
        ["size: fails the 'valid' check (validationFailure)"],
    ),
}


@pytest.mark.parametrize("vendor", sorted(HOOK_CASES))
def test_every_vendor_checks_a_record_without_a_request(vendor: str) -> None:
    fields, record, messages = HOOK_CASES[vendor]
    hook = load_vendor(vendor).validate_record
    assert hook is not None
    assert sorted(problem.message for problem in hook(fields, record)) == sorted(messages)
    good = {key: value for key, value in record.items() if key != "extra"} | {"size": 3}
    assert hook(fields, good) == []


# -- named checks (walk="checks", core/value_checks.py) ---------------------------------------


def _named_rules(**options: Any) -> ValueRules:
    return ValueRules(kinds={}, read_field=_read, describe=lambda problem: f"{problem.key}/{problem.check}", **options)


def _named(key: str, kind: Kind, *checks: tuple[str, NamedCheck], **fields: Any) -> FieldRule:
    return FieldRule(key, kind, checks=checks, **fields)


LINK = _named(
    "owner",
    Kind.LOOKUP,
    ("required", value_checks.is_given),
    ("pattern", value_checks.linked_ids_match),
    pattern=r"^[a-z0-9]+$",
    linked={"id": "ownerId", "Name": "ownerName"},
)
TITLE = _named(
    "title",
    Kind.TEXT,
    ("required", value_checks.is_given),
    ("maxLength", value_checks.within_max_length),
    params={"maxLength": 5},
)


def test_named_checks_name_each_fields_first_failing_check_in_the_fields_order() -> None:
    check = check_record(_named_rules(walk="checks"), [TITLE, LINK], {"ownerId": "BAD ID", "nope": 1}, creating=True)
    assert [(problem.message, problem.reason) for problem in check.problems] == [
        ("nope/", "unknown"),
        ("title/required", "required"),  # the check is_given is the "required" reason
        ("owner/pattern", "invalid"),
    ]


def test_first_only_stops_at_the_first_problem() -> None:
    check = check_record(_named_rules(walk="checks", first_only=True), [TITLE, LINK], {}, creating=True)
    assert [problem.message for problem in check.problems] == ["title/required"]


def test_an_update_checks_the_fields_it_touches_against_the_stored_record() -> None:
    rules = _named_rules(walk="checks")
    stored = {"title": "Hello", "ownerId": "abc"}
    touched_link = check_record(rules, [TITLE, LINK], {"ownerName": "x"}, creating=False, stored=stored)
    assert (touched_link.problems, touched_link.values) == ([], {"ownerName": "x"})
    assert check_record(rules, [TITLE, LINK], {"ownerId": None}, creating=False, stored=stored).problems[0].check == (
        "required"
    )


def test_values_are_prepared_for_the_checks_and_kept_in_the_changes_order() -> None:
    """`prepare` is the vendor's storing (PHP's strval here); the checks read the prepared
    value, `given_value` the value as sent; `as_text` writes a non-text value for a pattern."""
    rules = _named_rules(walk="checks", prepare=lambda rule, value: str(value) * 3, as_text=lambda value: "x")
    seen: list[tuple[Any, Any]] = []

    def spy(values: value_checks.FieldValues) -> bool:
        seen.append((values.value, values.given_value))
        return True

    check = check_record(
        rules, [LINK, _named("title", Kind.TEXT, ("spy", spy))], {"title": 7, "ownerId": 1}, creating=True
    )
    assert seen == [("777", 7)]
    assert list(check.values.items()) == [("title", "777"), ("ownerId", 1)]  # a linked key is not prepared
    assert check.problems == []  # as_text wrote the id 1 as "x", which matches


@pytest.mark.parametrize(
    ("check", "rule", "record", "passes"),
    [
        # is_given: each field's own idea of holding something
        (value_checks.is_given, FieldRule("f", Kind.TEXT), {"f": ""}, False),
        (value_checks.is_given, FieldRule("f", Kind.OPTION), {"f": ""}, True),
        (value_checks.is_given, FieldRule("f", Kind.MULTI_OPTION), {"f": []}, False),
        (value_checks.is_given, FieldRule("f", Kind.LOOKUP, linked={"ids": "fIds"}), {"fIds": ["a"]}, True),
        (
            value_checks.is_given,
            FieldRule("f", Kind.LOOKUP, linked={"id": "fId", "type": "fType"}),
            {"fId": "a"},
            False,
        ),
        (
            value_checks.is_given,
            FieldRule("f", Kind.EMAIL, linked={"items": "fData"}, params={"item_key": "address"}),
            {"f": "", "fData": [{"address": "a@b.co"}]},
            True,
        ),
        (value_checks.is_given, FieldRule("f", Kind.DECIMAL, linked={"currency": "fCur"}), {"f": 1, "fCur": ""}, False),
        (value_checks.is_given, FieldRule("f", Kind.DATETIME, linked={"date": "fDate"}), {"fDate": "2025-01-01"}, True),
        # bounds and sizes: a check without its parameter passes
        (value_checks.within_max_length, FieldRule("f", Kind.TEXT), {"f": "long text"}, True),
        (
            value_checks.within_max_length,
            FieldRule("f", Kind.EMAIL, linked={"items": "fData"}, params={"maxLength": 3, "item_key": "a"}),
            {"f": "abc", "fData": [{"a": "abcd"}]},
            False,
        ),
        (value_checks.within_min, FieldRule("f", Kind.INTEGER, params={"min": 2}), {"f": 1}, False),
        (value_checks.within_max, FieldRule("f", Kind.INTEGER, params={"max": 2}), {"f": "9"}, True),
        (value_checks.within_range, FieldRule("f", Kind.INTEGER, params={"range": (0, 9)}), {"f": 10}, False),
        (
            value_checks.items_within_count,
            FieldRule("f", Kind.EMAIL, linked={"items": "d"}, params={"maxCount": 1}),
            {"d": [1, 2]},
            False,
        ),
        # lists
        (value_checks.list_of_text, FieldRule("f", Kind.MULTI_OPTION), {"f": ["a", 1]}, False),
        (
            value_checks.items_within_length,
            FieldRule("f", Kind.MULTI_OPTION, params={"maxItemLength": 1}),
            {"f": ["ab"]},
            False,
        ),
        (value_checks.no_empty_items, FieldRule("f", Kind.MULTI_OPTION), {"f": [""]}, False),
        (value_checks.no_empty_items, FieldRule("f", Kind.MULTI_OPTION, options=("",)), {"f": [""]}, True),
        (value_checks.items_in_options, FieldRule("f", Kind.MULTI_OPTION, options=("a",)), {"f": ["a", "b"]}, False),
        (value_checks.items_in_options, FieldRule("f", Kind.MULTI_OPTION, open_options=True), {"f": ["b"]}, True),
        # ids, currencies, dates
        (
            value_checks.linked_ids_match,
            FieldRule("f", Kind.LOOKUP, pattern="^a+$", linked={"ids": "i"}),
            {"i": ["a", "b"]},
            False,
        ),
        (value_checks.known_currency, FieldRule("f", Kind.DECIMAL, linked={"currency": "c"}), {"f": 1}, True),
        (
            value_checks.known_currency,
            FieldRule("f", Kind.DECIMAL, linked={"currency": "c"}),
            {"f": 1, "c": "usd"},
            False,
        ),
        (
            value_checks.known_currency,
            FieldRule("f", Kind.DECIMAL, linked={"currency": "c"}, params={"currencies": frozenset({"EUR"})}),
            {"f": 1, "c": ["EUR"]},
            False,
        ),
        (value_checks.calendar_valid, FieldRule("f", Kind.DATE), {"f": "2025-02-30"}, False),
        (value_checks.calendar_valid, FieldRule("f", Kind.DATETIME), {"f": "2025-02-28T10:00:00Z"}, True),
        (value_checks.calendar_valid, FieldRule("f", Kind.DATETIME, linked={"date": "d"}), {"d": "2025-13-01"}, False),
        (value_checks.matches_kind_pattern, FieldRule("f", Kind.URL), {"f": "ftp://x"}, False),
    ],
)
def test_each_general_named_check(check: NamedCheck, rule: FieldRule, record: dict[str, Any], passes: bool) -> None:
    assert check(value_checks.FieldValues(_named_rules(), rule, record, record)) is passes


def test_a_date_and_time_in_the_vendors_own_pattern() -> None:
    rules = _named_rules(patterns={Kind.DATETIME: r"^\d{4}-\d\d-\d\d \d\d:\d\d$"})
    view = lambda value: value_checks.FieldValues(rules, FieldRule("f", Kind.DATETIME), {"f": value}, {})  # noqa: E731
    assert value_checks.calendar_valid(view("2025-02-28 10:00")) is True
    assert value_checks.calendar_valid(view("2025-02-28T10:00:00Z")) is False
    assert value_checks.calendar_valid(view("2025-02-30 10:00")) is False
    assert (
        value_checks.given_as_list(value_checks.FieldValues(rules, FieldRule("f", Kind.ANY), {}, {"f": "x"})) is False
    )
