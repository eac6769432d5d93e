"""Lists: select, order, offset and maxSize, X-No-Total, textFilter, searchParams,
and every kind of where item (PHP query syntax and JSON)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support import MockClient
from tests.vendors.espocrm.expect import ACME, GLOBEX, JANE, SALES_TEAM, names, refused, where


@pytest.fixture
def accounts(espo: MockClient) -> MockClient:
    """Five accounts in all: the two seeded plus three with known traits."""
    for body in (
        {"name": "Alpha Ltd", "type": "Investor", "industry": "Finance", "sicCode": "100", "teamsIds": [SALES_TEAM]},
        {"name": "Beta LLC", "type": "Customer", "industry": "Energy", "emailAddress": "hello@beta.example"},
        {"name": "Gamma Inc", "type": "Reseller", "description": "100% resold"},
    ):
        assert espo.post("/Account", json=body).status == 200
    return espo


def test_default_order_is_newest_first_with_the_total(accounts: MockClient) -> None:
    listed = accounts.get("/Account").json()
    assert listed["total"] == 5
    assert [record["name"] for record in listed["list"]][:3] == ["Gamma Inc", "Beta LLC", "Alpha Ltd"]


def test_order_offset_and_max_size(accounts: MockClient) -> None:
    page = accounts.get("/Account", params={"orderBy": "name", "order": "asc", "offset": 1, "maxSize": 2})
    assert names(page) == ["Alpha Ltd", "Beta LLC"] and page.json()["total"] == 5
    assert names(accounts.get("/Account", params={"orderBy": "name", "order": "DESC", "maxSize": 1})) == ["Globex"]
    assert names(accounts.get("/Account", params={"sortBy": "name", "asc": "true", "maxSize": 1})) == [
        "Acme Corporation"
    ]
    assert accounts.get("/Account", params={"maxSize": "abc"}).json()["list"] == []  # intval("abc") is 0


def test_list_limits_and_bad_order(accounts: MockClient) -> None:
    refused(
        accounts.get("/Account", params={"maxSize": 201}), 403, "Max size should not exceed 200. Use offset and limit."
    )
    refused(accounts.get("/Account", params={"order": "sideways"}), 400, "order value is bad.")
    refused(accounts.get("/Account", params={"orderBy": "shoeSize"}), 400, "Order by non-existing field 'shoeSize'.")


def test_no_total(accounts: MockClient) -> None:
    more = accounts.get("/Account", params={"maxSize": 2}, headers={"X-No-Total": "true"}).json()
    assert more["total"] == -1 and len(more["list"]) == 2
    last = accounts.get("/Account", params={"maxSize": 2, "offset": 4}, headers={"X-No-Total": "true"}).json()
    assert last["total"] == -2 and len(last["list"]) == 1


def test_select_keeps_the_asked_attributes_plus_the_ones_always_added(accounts: MockClient) -> None:
    [record] = accounts.get("/Account", params={"select": "name,type,bogus", "orderBy": "name", "maxSize": 1}).json()[
        "list"
    ]
    assert record == {
        "id": ACME,
        "name": "Acme Corporation",
        "type": "Customer",
        "assignedUserId": "6560a3f2b4c1d0002",
        "createdById": "1",
        "deleted": False,
    }


def test_text_filter(accounts: MockClient) -> None:
    assert names(accounts.get("/Account", params={"textFilter": "be", "orderBy": "name"})) == ["Beta LLC"]
    assert names(accounts.get("/Account", params={"textFilter": "hello@", "orderBy": "name"})) == ["Beta LLC"]
    assert names(accounts.get("/Account", params={"textFilter": "*corp", "orderBy": "name"})) == ["Acme Corporation"]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"type": "equals", "attribute": "type", "value": "Customer"}], ["Acme Corporation", "Beta LLC"]),
        ([{"type": "notEquals", "attribute": "type", "value": "Customer"}], ["Alpha Ltd", "Gamma Inc", "Globex"]),
        ([{"type": "like", "attribute": "name", "value": "%a Ltd"}], ["Alpha Ltd"]),
        ([{"type": "notLike", "attribute": "name", "value": "%a%"}], ["Globex"]),
        ([{"type": "contains", "attribute": "name", "value": "ET"}], ["Beta LLC"]),
        ([{"type": "notContains", "attribute": "name", "value": "a"}], ["Globex"]),
        ([{"type": "startsWith", "attribute": "name", "value": "g"}], ["Gamma Inc", "Globex"]),
        ([{"type": "endsWith", "attribute": "name", "value": "inc"}], ["Gamma Inc"]),
        (
            [{"type": "in", "attribute": "industry", "value": ["Energy", "Finance"]}],
            ["Alpha Ltd", "Beta LLC", "Globex"],
        ),
        ([{"type": "notIn", "attribute": "industry", "value": ["Energy", "Finance"]}], ["Acme Corporation"]),
        ([{"type": "isNull", "attribute": "industry"}], ["Gamma Inc"]),
        ([{"type": "isNotNull", "attribute": "description"}], ["Gamma Inc"]),
        ([{"type": "greaterThan", "attribute": "sicCode", "value": "050"}], ["Alpha Ltd"]),
        ([{"type": "isLinked", "attribute": "teams"}], ["Alpha Ltd"]),
        ([{"type": "isNotLinked", "attribute": "contacts"}], ["Alpha Ltd", "Beta LLC", "Gamma Inc"]),
        ([{"type": "linkedWith", "attribute": "contacts", "value": [JANE]}], ["Globex"]),
        (
            [{"type": "notLinkedWith", "attribute": "contacts", "value": JANE}],
            ["Acme Corporation", "Alpha Ltd", "Beta LLC", "Gamma Inc"],
        ),
        ([{"type": "equals", "attribute": "contacts.lastName", "value": "Smith"}], ["Acme Corporation"]),
        ([{"type": "equals", "attribute": "assignedUserName", "value": "Sam Seller"}], ["Acme Corporation"]),
        (
            [
                {
                    "type": "or",
                    "value": [
                        {"type": "equals", "attribute": "type", "value": "Partner"},
                        {
                            "type": "and",
                            "value": [
                                {"type": "equals", "attribute": "type", "value": "Customer"},
                                {"type": "startsWith", "attribute": "name", "value": "B"},
                            ],
                        },
                    ],
                }
            ],
            ["Beta LLC", "Globex"],
        ),
        ([{"type": "any"}], ["Acme Corporation", "Alpha Ltd", "Beta LLC", "Gamma Inc", "Globex"]),
        ([{"type": "none"}], []),
        (
            [
                {"type": "equals", "attribute": "type", "value": "Customer"},
                {"type": "contains", "attribute": "emailAddress", "value": "beta"},
            ],
            ["Beta LLC"],
        ),
    ],
)
def test_where_items(accounts: MockClient, items: list[dict[str, Any]], expected: list[str]) -> None:
    assert names(accounts.get("/Account", params={**where(*items), "orderBy": "name", "order": "asc"})) == expected
    as_json = {"searchParams": json.dumps({"where": items, "orderBy": "name", "order": "asc"})}
    assert names(accounts.get("/Account", params=as_json)) == expected


def test_date_items_follow_the_mock_clock(espo: MockClient, control: MockClient) -> None:
    control.post("/clock", json={"freeze": "2026-03-15T12:00:00Z"})
    try:
        for name, close in (("Today", "2026-03-15"), ("Earlier", "2026-03-01"), ("Later", "2026-05-20")):
            body = {"name": name, "amount": 1, "closeDate": close}
            assert espo.post("/Opportunity", json=body).status == 200

        def closing(kind: str, value: Any = None) -> list[str]:
            item = {"type": kind, "attribute": "closeDate", **({"value": value} if value is not None else {})}
            found = names(espo.get("/Opportunity", params={**where(item), "orderBy": "closeDate", "order": "asc"}))
            return [name for name in found if name in ("Today", "Earlier", "Later")]

        assert closing("today") == ["Today"]
        assert closing("past") == ["Earlier"]
        assert closing("future") == ["Later"]
        assert closing("lastSevenDays") == ["Today"]
        assert closing("lastXDays", 14) == ["Earlier", "Today"]
        assert closing("nextXDays", 90) == ["Today", "Later"]
        assert closing("currentMonth") == ["Earlier", "Today"]
        assert closing("nextMonth") == []
        assert closing("currentQuarter") == ["Earlier", "Today"]
        assert closing("currentYear") == ["Earlier", "Today", "Later"]
        assert closing("between", ["2026-03-02", "2026-05-20"]) == ["Today", "Later"]
        assert closing("olderThanXDays", 10) == ["Earlier"]
        assert closing("afterXDays", 30) == ["Later"]
    finally:
        control.post("/clock", json={"reset": True})


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"type": "equals", "attribute": "shoeSize", "value": 1}, "Not existing attribute 'shoeSize' in where."),
        ({"type": "sideways", "attribute": "name"}, "Unknown where item type 'sideways'."),
        ({"type": "in", "attribute": "type", "value": "Customer"}, "Bad where item 'in'."),
        ({"type": "notIn", "attribute": "type", "value": "Customer"}, "Bad where item 'notIn'."),
        ({"type": "between", "attribute": "name", "value": ["a"]}, "Bad where item 'between'."),
        ({"type": "equals", "value": "x"}, "Bad where item. No 'attribute'."),
        ({"type": "subQueryIn", "value": [{"type": "any"}]}, "Sub-queries are forbidden in where."),
        ({"type": "not", "value": [{"type": "any"}]}, "Sub-queries are forbidden in where."),
        ({"type": "expression", "attribute": "name", "value": "1"}, "Complex expressions are forbidden in where."),
    ],
)
def test_malformed_where_items_get_their_reason(espo: MockClient, item: dict[str, Any], reason: str) -> None:
    refused(espo.get("/Account", params=where(item)), 400, reason)


def test_a_where_item_without_a_type_is_an_empty_500(espo: MockClient) -> None:
    refused(espo.get("/Account", params=where({"attribute": "name", "value": "x"})), 500, None)


def test_search_params_must_be_json(espo: MockClient) -> None:
    refused(espo.get("/Account", params={"searchParams": "{nope"}), 400, "Invalid search params JSON.")


def test_array_items(espo: MockClient) -> None:
    # Email's users-facing arrays are read-only: use a where on an array attribute via JSON.
    listed = espo.get(
        "/Account", params={"searchParams": json.dumps({"where": [{"type": "arrayIsEmpty", "attribute": "teamsIds"}]})}
    )
    assert listed.status == 200 and {record["id"] for record in listed.json()["list"]} == {ACME, GLOBEX}


def test_a_comparison_with_nan_matches_nothing(espo: MockClient) -> None:
    """NaN cannot be ordered: no match (a guess, docs/vendors/espocrm.md), where it used to crash (500)."""
    for kind in ("greaterThan", "lessThanOrEquals"):
        answer = espo.get("/Opportunity", params=where({"type": kind, "attribute": "amount", "value": "NaN"}))
        assert names(answer) == [], kind
