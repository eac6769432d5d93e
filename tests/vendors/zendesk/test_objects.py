"""Custom objects: list, create, show, update, delete, and the limits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient, header
from tests.vendors.zendesk.expect import CAR, NOT_FOUND, TIMESTAMP, invalid, matches

OBJECTS = "/api/v2/custom_objects"


def apartment(**changes: Any) -> dict[str, Any]:
    return {"custom_object": {"key": "apartment", "title": "Apartment", "title_pluralized": "Apartments", **changes}}


def test_list_shows_the_fixture_objects(zd: MockClient) -> None:
    objects = zd.get(OBJECTS).json()["custom_objects"]
    assert [obj["key"] for obj in objects] == ["driver", "car"]
    car = objects[1]
    assert car == {
        "key": "car",
        "title": "Car",
        "raw_title": "Car",
        "title_pluralized": "Cars",
        "raw_title_pluralized": "Cars",
        "description": "The cars in our fleet",
        "raw_description": "The cars in our fleet",
        "include_in_list_view": True,
        "allows_photos": False,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
        "created_by_user_id": "10000000001",
        "updated_by_user_id": "10000000001",
        "url": car["url"],
    }
    assert car["url"].endswith("/zendesk/api/v2/custom_objects/car.json")


def test_create_show_update_delete(zd: MockClient) -> None:
    created = zd.post(OBJECTS, json=apartment(description="Flats we rent"))
    assert created.status == 201
    obj = created.json()["custom_object"]
    assert (obj["key"], obj["title"], obj["description"], obj["include_in_list_view"]) == (
        "apartment",
        "Apartment",
        "Flats we rent",
        True,
    )
    assert matches(TIMESTAMP, obj["created_at"]) and obj["created_by_user_id"].isdigit()
    assert header(created, "Location") == obj["url"]
    assert zd.get(f"{OBJECTS}/apartment").json() == {"custom_object": obj}
    updated = zd.patch(
        f"{OBJECTS}/apartment", json={"custom_object": {"key": "flat", "title": "Flat", "include_in_list_view": False}}
    ).json()["custom_object"]
    assert (updated["key"], updated["title"], updated["raw_title"], updated["include_in_list_view"]) == (
        "apartment",
        "Flat",
        "Flat",
        False,
    )
    assert updated["title_pluralized"] == "Apartments"
    assert zd.delete(f"{OBJECTS}/apartment").status == 204
    assert (zd.get(f"{OBJECTS}/apartment").status, zd.get(f"{OBJECTS}/apartment").json()) == (404, NOT_FOUND)


def test_a_new_object_has_the_two_standard_fields(zd: MockClient) -> None:
    zd.post(OBJECTS, json=apartment())
    fields = zd.get(f"{OBJECTS}/apartment/fields", params={"include_standard_fields": "true"}).json()
    assert [(f["key"], f["type"], f["position"]) for f in fields["custom_object_fields"]] == [
        ("standard::name", "text", 0),
        ("standard::external_id", "text", 1),
    ]
    assert zd.get(f"{OBJECTS}/apartment/fields").json() == {"custom_object_fields": []}


@pytest.mark.parametrize(
    ("body", "details"),
    [
        (apartment(key=""), {"key": ("Key: cannot be blank", "BlankValue")}),
        (
            apartment(key="12"),
            {"key": ("Key: can only contain letters, numbers and underscores, and not only numbers", "InvalidFormat")},
        ),
        (apartment(key="car"), {"key": ("Key: has already been taken", "DuplicateValue")}),
        (apartment(title=" "), {"title": ("Title: cannot be blank", "BlankValue")}),
        (
            {"custom_object": {"key": "x"}},
            {
                "title": ("Title: cannot be blank", "BlankValue"),
                "title_pluralized": ("Title pluralized: cannot be blank", "BlankValue"),
            },
        ),
    ],
)
def test_bad_definitions_are_record_invalid(zd: MockClient, body: dict[str, Any], details: dict[str, Any]) -> None:
    answer = zd.post(OBJECTS, json=body)
    assert (answer.status, answer.json()) == (422, invalid(**details))


def test_deleting_an_object_removes_its_fields_and_records(zd: MockClient) -> None:
    assert zd.get("/api/v2/custom_objects/limits/record_limit").json() == {"count": 5, "limit": 1_000_000}
    assert zd.delete(CAR).status == 204
    assert zd.get(f"{CAR}/records").status == 404
    assert zd.get(f"{CAR}/fields/make").status == 404
    assert zd.get("/api/v2/custom_objects/limits/record_limit").json() == {"count": 2, "limit": 1_000_000}
    # the key is free again, and the new object starts empty
    zd.post(OBJECTS, json={"custom_object": {"key": "car", "title": "Car", "title_pluralized": "Cars"}})
    assert zd.get(f"{CAR}/records/count").json()["count"]["value"] == 0
    assert zd.get(f"{CAR}/fields").json() == {"custom_object_fields": []}


def test_limits(zd: MockClient) -> None:
    assert zd.get("/api/v2/custom_objects/limits/object_limit").json() == {"count": 2, "limit": 50}
    assert zd.get(f"{CAR}/limits/field_limit").json() == {"count": 11, "limit": 100}
    assert zd.get("/api/v2/custom_objects/boat/limits/field_limit").status == 404


def test_the_object_limit_is_enforced(zd: MockClient) -> None:
    for index in range(48):
        assert zd.post(OBJECTS, json=apartment(key=f"thing_{index}")).status == 201
    answer = zd.post(OBJECTS, json=apartment(key="one_too_many"))
    assert (answer.status, answer.json()) == (
        422,
        invalid(base=("Custom objects: the account's limit of 50 is reached", "LimitExceeded")),
    )
