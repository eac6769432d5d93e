"""Record search (query), filtered search ($and / $or) and autocomplete."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient
from tests.vendors.zendesk.expect import ADA, CAR, CIVIC, DRIVER, GRACE, TESLA, VOLVO, bad_request


def found(answer: Any) -> list[str]:
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["count"] == len(body["custom_object_records"])  # small result sets: one page
    return [record["id"] for record in body["custom_object_records"]]


def filtered(zd: MockClient, condition: Any, **params: str) -> Any:
    return zd.post(f"{CAR}/records/search", json={"filter": condition}, params=params)


def test_query_matches_word_prefixes_in_text_fields(zd: MockClient) -> None:
    assert found(zd.get(f"{CAR}/records/search", params={"query": "tes"})) == [TESLA]
    assert found(zd.get(f"{CAR}/records/search", params={"query": "museum"})) == [VOLVO]  # textarea
    assert found(zd.get(f"{CAR}/records/search", params={"query": "TES-0"})) == [TESLA]  # regexp field, words
    assert found(zd.get(f"{CAR}/records/search", params={"query": "esla"})) == []  # prefixes only
    assert found(zd.get(f"{CAR}/records/search", params={"query": "white"})) == []  # dropdowns are not searched


def test_more_matching_terms_rank_first_unless_sorted(zd: MockClient) -> None:
    assert found(zd.get(f"{CAR}/records/search", params={"query": "honda civic volvo"})) == [CIVIC, VOLVO]
    by_name = zd.get(f"{CAR}/records/search", params={"query": "honda volvo tesla", "sort": "-name"})
    assert found(by_name) == [VOLVO, TESLA, CIVIC]


def test_an_empty_query_lists_everything(zd: MockClient) -> None:
    assert found(zd.get(f"{CAR}/records/search", params={"sort": "created_at"})) == [TESLA, CIVIC, VOLVO]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"custom_object_fields.make": {"$eq": "honda"}}, [CIVIC]),
        ({"custom_object_fields.seats": {"$gte": 5}}, [TESLA, CIVIC, VOLVO]),
        ({"custom_object_fields.price": {"$lt": 20000}}, [CIVIC]),
        ({"custom_object_fields.registered_on": {"$gt": "2020-01-01"}}, [TESLA]),
        ({"custom_object_fields.electric": {"$eq": True}}, [TESLA]),
        ({"custom_object_fields.price": {"$in": [18000, 52990.5]}}, [TESLA, CIVIC]),
        ({"custom_object_fields.price": {"$notin": [18000]}}, [TESLA, VOLVO]),
        ({"custom_object_fields.colour": {"$notcontains": "whi"}}, [CIVIC, VOLVO]),
        ({"custom_object_fields.colour": {"$noteq": "white"}}, [CIVIC, VOLVO]),
        ({"custom_object_fields.extras": {"$contains": "sunroof"}}, [CIVIC]),
        ({"custom_object_fields.extras": {"$in": ["sunroof", "towbar"]}}, [CIVIC]),
        ({"custom_object_fields.extras": {"$notcontains": "sunroof"}}, [TESLA, VOLVO]),
        ({"custom_object_fields.notes": {"$exists": True}}, [VOLVO]),
        ({"custom_object_fields.driver": {"$eq": ADA}}, [TESLA]),
        ({"external_id": {"$eq": "CAR-2"}}, [CIVIC]),
        ({"name": {"$contains": "tesla"}}, [TESLA]),
        ({"created_at": {"$gt": "2024-01-01T00:00:00Z"}}, [TESLA, CIVIC, VOLVO]),
        (
            {"$or": [{"custom_object_fields.make": {"$eq": "Tesla"}}, {"external_id": {"$eq": "CAR-2"}}]},
            [TESLA, CIVIC],
        ),
        (
            {
                "$and": [
                    {"custom_object_fields.seats": {"$eq": 5}},
                    {"$or": [{"custom_object_fields.colour": {"$eq": "blue"}}, {"name": {"$contains": "civic"}}]},
                ]
            },
            [CIVIC, VOLVO],
        ),
    ],
)
def test_filters(zd: MockClient, condition: dict[str, Any], expected: list[str]) -> None:
    assert found(filtered(zd, condition, sort="created_at")) == expected


def test_a_filter_and_a_query_together(zd: MockClient) -> None:
    answer = filtered(zd, {"custom_object_fields.seats": {"$eq": 5}}, query="volvo")
    assert found(answer) == [VOLVO]


@pytest.mark.parametrize(
    ("condition", "description"),
    [
        (
            {"custom_object_fields.wheels": {"$eq": 4}},
            "filter: custom_object_fields.wheels is not a field of this object",
        ),
        ({"colour": {"$eq": "red"}}, "filter: colour cannot be filtered on"),
        (
            {"custom_object_fields.seats": {"$contains": 5}},
            "filter: $contains is not supported for custom_object_fields.seats",
        ),
        (
            {"custom_object_fields.seats": {"$eq": 5, "$lt": 9}},
            "filter: custom_object_fields.seats needs exactly one operator",
        ),
        ({"$and": {}}, "filter: $and must be a non-empty array"),
        ({"custom_object_fields.seats": {"$in": 5}}, "filter: $in for custom_object_fields.seats takes an array"),
        # Zendesk's table of operators per kind of attribute: nothing else is taken
        (
            {"custom_object_fields.colour": {"$in": ["red"]}},
            "filter: $in is not supported for custom_object_fields.colour",
        ),
        (
            {"custom_object_fields.make": {"$not_contains": "x"}},
            "filter: $not_contains is not supported for custom_object_fields.make",
        ),
        (
            {"custom_object_fields.make": {"$starts_with": "h"}},
            "filter: $starts_with is not supported for custom_object_fields.make",
        ),
        (
            {"custom_object_fields.electric": {"$noteq": True}},
            "filter: $noteq is not supported for custom_object_fields.electric",
        ),
        (
            {"custom_object_fields.registered_on": {"$in": ["2020-01-01"]}},
            "filter: $in is not supported for custom_object_fields.registered_on",
        ),
        ({"name": {"$eq": "Tesla"}}, "filter: $eq is not supported for name"),
        ({"external_id": {"$contains": "CAR"}}, "filter: $contains is not supported for external_id"),
        ({"created_at": {"$lt": "2030-01-01T00:00:00Z"}}, "filter: $lt is not supported for created_at"),
        ([], "filter: must be an object of comparisons, $and or $or"),
    ],
)
def test_bad_filters_are_400(zd: MockClient, condition: Any, description: str) -> None:
    answer = filtered(zd, condition)
    assert (answer.status, answer.json()) == (400, bad_request(description))


def test_filters_nested_too_deep_are_400(zd: MockClient) -> None:
    condition: dict[str, Any] = {"name": {"$eq": "x"}}
    for _ in range(12):
        condition = {"$and": [condition]}
    answer = filtered(zd, condition)
    assert (answer.status, answer.json()) == (400, bad_request("filter: nested more than 10 levels"))


def test_autocomplete_by_name(zd: MockClient) -> None:
    assert found(zd.get(f"{DRIVER}/records/autocomplete", params={"name": "hop"})) == [GRACE]
    assert found(zd.get(f"{DRIVER}/records/autocomplete", params={"name": "a"})) == [ADA]
    assert found(zd.get(f"{DRIVER}/records/autocomplete")) == [ADA, GRACE]
