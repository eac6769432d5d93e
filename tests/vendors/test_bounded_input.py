"""Client input that once made one request stall or crash the shared server (issue 16,
items 2 to 4): errors listing huge numbers of problems, patterns that backtrack, and
where items nested thousands of levels deep.  Each answer is the vendor's own shape,
asserted exactly; none of these tests measures time."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.nestjs import listed_messages
from mock_server.core.request_validation import schema_violations
from mock_server.core.schema import compile_schema
from mock_server.core.violations import MAX_LISTED, Violation, first_violations, omitted
from mock_server.vendors.highlevel.errors import HighLevelDialect
from mock_server.vendors.openint.errors import OpenIntDialect
from mock_server.vendors.salesos.errors import SalesOsDialect
from mock_server.vendors.zendesk.errors import ZendeskDialect
from tests.support import HL_LOCATION, MockClient
from tests.vendors.espocrm.expect import names, refused, where
from tests.vendors.openint.expect import SF_CONN, on, trpc
from tests.vendors.zendesk.expect import CAR, new_car

PET = "custom_objects.pet"


def unknown(count: int) -> dict[str, int]:
    """`count` properties no schema knows, named so that they sort as sent."""
    return {f"k{index:06d}": 1 for index in range(count)}


def unknown_property(index: int) -> Violation:
    name = f"k{index:06d}"
    return Violation("body", (name,), "unknown_property", f"{name} is not allowed")


# -- item 2: errors list at most MAX_LISTED problems, built in linear time -----------------


def test_the_cap_is_a_hundred() -> None:
    assert MAX_LISTED == 100


def test_highlevel_422_lists_a_hundred_messages_then_counts_the_rest(hl: MockClient) -> None:
    body = {"locationId": HL_LOCATION, "page": 1, "pageLimit": 10, **unknown(150)}
    answer = hl.post(f"/objects/{PET}/records/search", json=body)
    assert answer.status == 422
    assert answer.json() == {
        "statusCode": 422,
        "message": [f"property k{index:06d} should not exist" for index in range(100)]
        + ["50 more problems not listed (crm-mock lists at most 100)"],
        "error": "Unprocessable Entity",
    }


def test_salesos_400_lists_a_hundred_messages_then_counts_the_rest(so: MockClient) -> None:
    answer = so.post("/v1/custom-objects", json={"name": "Boat", **unknown(120)})
    assert answer.status == 400
    assert answer.json() == {
        "statusCode": 400,
        "message": [f"property k{index:06d} should not exist" for index in range(100)]
        + ["20 more problems not listed (crm-mock lists at most 100)"],
        "error": "Bad Request",
    }


def test_zendesk_record_invalid_lists_a_hundred_problems_then_counts_the_rest(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json=new_car("Lada", **unknown(130)))
    assert answer.status == 422
    details = {
        f"k{index:06d}": [{"description": f"k{index:06d}: is not a field of this object", "error": "UnknownField"}]
        for index in range(100)
    }
    details["base"] = [
        {"description": "30 more problems not listed (crm-mock lists at most 100)", "error": "TooManyErrors"}
    ]
    assert answer.json() == {"error": "RecordInvalid", "description": "Record validation errors", "details": details}


def test_exactly_a_hundred_problems_are_all_listed_without_a_note() -> None:
    error = HighLevelDialect().reject([unknown_property(index) for index in range(100)])
    assert error.body()["message"] == [f"property k{index:06d} should not exist" for index in range(100)]


def test_building_an_error_from_100000_problems_is_linear() -> None:
    # The old dedup looked each message up in a list: 100,000 problems took minutes.
    violations = [unknown_property(index) for index in range(100_000)]
    expected = [f"property k{index:06d} should not exist" for index in range(100)] + [
        "99900 more problems not listed (crm-mock lists at most 100)"
    ]
    assert HighLevelDialect().reject(violations).body()["message"] == expected
    assert SalesOsDialect().reject(violations).body()["message"] == expected
    issues = OpenIntDialect().reject(violations).body()["issues"]
    assert len(issues) == 101 and issues[-1] == {
        "code": "custom",
        "message": "99900 more problems not listed (crm-mock lists at most 100)",
        "path": [],
    }
    details = ZendeskDialect().reject(violations).body()["details"]
    assert len(details) == 101 and details["base"] == [
        {"description": "99900 more problems not listed (crm-mock lists at most 100)", "error": "TooManyErrors"}
    ]


def test_repeated_messages_are_listed_once_and_are_not_left_out() -> None:
    same = [Violation("body", ("name",), "missing", "name is required", expected="string")] * 100_000
    assert listed_messages(same) == ["name should not be empty", "name must be a string"]


def test_a_validator_stops_collecting_past_the_cap() -> None:
    validator = compile_schema({"type": "array", "items": {"type": "string"}})
    found = schema_violations(validator, [1] * 100_000, "body")
    assert len(found) == 101
    assert [violation.pointer for violation in found[:100]] == [(index,) for index in range(100)]
    assert found[-1] == omitted(None)
    assert found[-1].message == "more problems not listed (crm-mock lists at most 100)"


def test_unknown_properties_are_counted_exactly() -> None:
    validator = compile_schema({"type": "object", "properties": {}, "additionalProperties": False})
    found = schema_violations(validator, unknown(5000), "body")
    assert found[:100] == [unknown_property(index) for index in range(100)]
    assert found[100:] == [omitted(4900)]


def test_stand_ins_fold_into_one_count() -> None:
    found = first_violations([*(unknown_property(index) for index in range(150)), omitted(7)])
    assert found[100:] == [omitted(57)]
    assert first_violations([unknown_property(0), omitted(None)], more=False)[-1] == omitted(None)


# -- item 3: client patterns run in linear time ------------------------------------------------

THIRTEEN_PERCENT_LIKE = "%a%a%a%a%a%a%a%a%a%a%a%a%b"


@pytest.fixture
def many_a(espo: MockClient) -> MockClient:
    for name in ("a" * 60, "a" * 12 + "b", "50% off", "50 percent off"):
        assert espo.post("/Account", json={"name": name}).status == 200
    return espo


def test_a_like_with_thirteen_percents_answers_exactly(many_a: MockClient) -> None:
    # Python's backtracking regex took seconds per record on a value like "a" * 60.
    like = where({"type": "like", "attribute": "name", "value": THIRTEEN_PERCENT_LIKE})
    assert names(many_a.get("/Account", params=like)) == ["a" * 12 + "b"]
    not_like = where({"type": "notLike", "attribute": "name", "value": THIRTEEN_PERCENT_LIKE})
    assert "a" * 12 + "b" not in names(many_a.get("/Account", params=not_like))
    assert "a" * 60 in names(many_a.get("/Account", params=not_like))


def test_a_text_filter_with_many_stars_answers_exactly(many_a: MockClient) -> None:
    text = "*a" * 12 + "*b"  # `*` is the text filter's wildcard, and a `%` is appended
    assert names(many_a.get("/Account", params={"textFilter": text})) == ["a" * 12 + "b"]


def test_a_backslash_makes_percent_literal_as_in_mysql(many_a: MockClient) -> None:
    escaped = where({"type": "like", "attribute": "name", "value": "50\\%%"})
    assert names(many_a.get("/Account", params=escaped)) == ["50% off"]
    wildcard = where({"type": "like", "attribute": "name", "value": "50%off", "orderBy": "name"})
    assert sorted(names(many_a.get("/Account", params=wildcard))) == ["50 percent off", "50% off"]


def test_a_like_pattern_over_the_limit_is_refused() -> None:
    # In-process: a request line this long may be more than an HTTP server takes.
    client = create_app(Settings()).test_client()
    auth = {"X-Api-Key": "bounded-input-test"}
    sent = {"where[0][type]": "like", "where[0][attribute]": "name", "where[0][value]": "x" * 8191}
    answer = client.get("/espocrm/api/v1/Account", query_string=sent, headers=auth)
    assert (answer.status_code, answer.headers.get("X-Status-Reason"), answer.data) == (400, "Bad where item.", b"")
    long_text = client.get("/espocrm/api/v1/Account", query_string={"textFilter": "x" * 8190}, headers=auth)
    assert (long_text.status_code, long_text.headers.get("X-Status-Reason"), long_text.data) == (
        400,
        "Bad textFilter.",
        b"",
    )
    fits = client.get("/espocrm/api/v1/Account", query_string={**sent, "where[0][value]": "x" * 8190}, headers=auth)
    assert (fits.status_code, fits.json) == (200, {"total": 0, "list": []})


def regexp_field(zd: MockClient, pattern: str) -> Any:
    return zd.post(
        f"{CAR}/fields",
        json={
            "custom_object_field": {
                "key": "serial",
                "title": "Serial",
                "type": "regexp",
                "regexp_for_validation": pattern,
            }
        },
    )


def test_a_nested_quantifier_regexp_answers_exactly_on_a_long_value(zd: MockClient) -> None:
    assert regexp_field(zd, "^(a+)+$").status == 201
    refused_value = zd.post(f"{CAR}/records", json=new_car("Long", serial="a" * 5000 + "!"))
    assert (refused_value.status, refused_value.json()) == (
        422,
        {
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {"serial": [{"description": "Serial: is invalid", "error": "InvalidValue"}]},
        },
    )
    taken = zd.post(f"{CAR}/records", json=new_car("Long", serial="a" * 5000))
    assert taken.status == 201
    assert taken.json()["custom_object_record"]["custom_object_fields"]["serial"] == "a" * 5000


@pytest.mark.parametrize("pattern", ["(a)\\1", "(?=a)b", "(?<!a)b"])
def test_a_regexp_re2_cannot_run_is_refused_at_create(zd: MockClient, pattern: str) -> None:
    answer = regexp_field(zd, pattern)
    assert (answer.status, answer.json()) == (
        422,
        {
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {
                "regexp_for_validation": [{"description": "Regular expression: is invalid", "error": "InvalidFormat"}]
            },
        },
    )


def test_a_regexp_over_the_length_limit_is_refused_at_create(zd: MockClient) -> None:
    answer = regexp_field(zd, "a" * 8191)
    assert (answer.status, answer.json()) == (
        422,
        {
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {
                "regexp_for_validation": [
                    {"description": "Regular expression: is too long (maximum is 8190 characters)", "error": "TooLong"}
                ]
            },
        },
    )
    assert regexp_field(zd, "a" * 8190).status == 201


# -- item 4a: where items nested without end -----------------------------------------------------


def deep_where_key(levels: int) -> str:
    """A PHP query key `levels` and-items deep (two brackets per level)."""
    return "where" + "[0][value]" * levels + "[0][type]"


def test_a_where_nested_thousands_deep_is_dropped_as_php_drops_it(espo: MockClient) -> None:
    everything = espo.get("/Account").json()
    deep = espo.get("/Account", params={deep_where_key(3000): "isNull"})
    assert (deep.status, deep.json()) == (200, everything)


def test_php_drops_the_whole_variable_read_so_far(espo: MockClient) -> None:
    acme = {"where[0][type]": "equals", "where[0][attribute]": "name", "where[0][value]": "Acme Corporation"}
    too_deep = {deep_where_key(40): "isNull"}  # 83 brackets: past PHP's 64
    assert len(names(espo.get("/Account", params={**acme, **too_deep}))) == 2  # where gone: both accounts
    assert names(espo.get("/Account", params={**too_deep, **acme})) == ["Acme Corporation"]  # read again after


def test_a_where_within_php_nesting_still_applies(espo: MockClient) -> None:
    # 31 and-levels plus the item: 64 brackets, the most PHP keeps.
    prefix = "where" + "[0][value]" * 31 + "[0]"
    params = {"where" + "[0][value]" * level + "[0][type]": "and" for level in range(31)}
    params.update({f"{prefix}[type]": "equals", f"{prefix}[attribute]": "name", f"{prefix}[value]": "Globex"})
    assert names(espo.get("/Account", params=params)) == ["Globex"]


def nested_and(levels: int) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "equals", "attribute": "name", "value": "Globex"}
    for _ in range(levels):
        item = {"type": "and", "value": [item]}
    return item


def test_where_items_nest_at_most_64_deep(espo: MockClient) -> None:
    within = espo.get("/Account", params={"searchParams": json.dumps({"where": [nested_and(64)]})})
    assert names(within) == ["Globex"]
    refused(
        espo.get("/Account", params={"searchParams": json.dumps({"where": [nested_and(65)]})}), 400, "Bad where item."
    )


@pytest.mark.parametrize("depth", [513, 3000])
def test_search_params_nested_past_json_decode_depth_are_invalid_json(espo: MockClient, depth: int) -> None:
    # PHP's json_decode stops at 512 levels; Python's parser used to crash (500) near 1,000.
    params = {"searchParams": '{"where":' + "[" * (depth - 1) + "]" * (depth - 1) + "}"}
    refused(espo.get("/Account", params=params), 400, "Invalid search params JSON.")


def test_search_params_at_json_decode_depth_still_decode(espo: MockClient) -> None:
    params = {"searchParams": '{"where":' + "[" * 511 + "]" * 511 + "}"}
    refused(espo.get("/Account", params=params), 400, "Bad where item.")  # decoded, then refused as a where


# -- other JSON a client hands over inside a parameter or header -------------------------------

DEEP_JSON = base64.b64encode(("[" * 5000 + "]" * 5000).encode()).decode()


def test_a_zendesk_cursor_nested_past_the_parser_is_400(zd: MockClient) -> None:
    answer = zd.get(f"{CAR}/records", params={"page[after]": DEEP_JSON})
    assert (answer.status, answer.json()) == (
        400,
        {"error": "InvalidValue", "description": "page[after] is not a cursor from this list"},
    )


def test_an_openint_cursor_nested_past_the_parser_is_400(oi: MockClient) -> None:
    answer = on(oi, SF_CONN).get("/unified/crm/account", params={"cursor": DEEP_JSON})
    assert (answer.status, answer.json()) == (400, trpc(400, "Invalid cursor", "crm.listAccounts"))
    events = oi.get("/core/events", params={"since": 0, "cursor": DEEP_JSON})
    assert (events.status, events.json()) == (400, trpc(400, "Invalid cursor", "listEvents"))


def test_a_salesos_jwt_nested_past_the_parser_is_401(so: MockClient) -> None:
    claims = base64.urlsafe_b64encode(("[" * 5000 + "]" * 5000).encode()).decode().rstrip("=")
    answer = so.get("/v1/custom-objects", headers={"Authorization": f"Bearer eyJhbGciOiJIUzI1NiJ9.{claims}.sig"})
    assert (answer.status, answer.json()) == (401, {"statusCode": 401, "message": "Unauthorized"})
