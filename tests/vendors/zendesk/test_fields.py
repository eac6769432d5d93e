"""Custom object fields: every type, the standard name field's properties, update
rules, delete and reorder."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient
from tests.vendors.zendesk.expect import CAR, DRIVER, NOT_FOUND, TESLA, TIMESTAMP, invalid, matches

NAME_FIELD = f"{CAR}/fields/standard::name"


def field(**definition: Any) -> dict[str, Any]:
    return {"custom_object_field": definition}


def test_list_in_position_order_with_or_without_standard_fields(zd: MockClient) -> None:
    custom = zd.get(f"{CAR}/fields").json()["custom_object_fields"]
    keys = [f["key"] for f in custom]
    assert keys == [
        "make",
        "model",
        "notes",
        "electric",
        "registered_on",
        "seats",
        "price",
        "plate",
        "colour",
        "extras",
        "driver",
    ]
    every = zd.get(f"{CAR}/fields", params={"include_standard_fields": "true"}).json()["custom_object_fields"]
    assert [f["key"] for f in every] == ["standard::name", "standard::external_id", *keys]
    assert [f["position"] for f in every] == list(range(13))


def test_a_field_shows_by_key_or_id_with_its_details(zd: MockClient) -> None:
    colour = zd.get(f"{CAR}/fields/colour").json()["custom_object_field"]
    assert zd.get(f"{CAR}/fields/{colour['id']}").json() == {"custom_object_field": colour}
    assert isinstance(colour["id"], int)
    assert colour["url"].endswith(f"/zendesk{CAR}/fields/{colour['id']}.json")
    assert [(o["name"], o["value"], o["position"]) for o in colour["custom_field_options"]] == [
        ("Red", "red", 0),
        ("White", "white", 1),
        ("Blue", "blue", 2),
    ]
    assert all(isinstance(o["id"], int) and o["raw_name"] == o["name"] for o in colour["custom_field_options"])
    driver = zd.get(f"{CAR}/fields/driver").json()["custom_object_field"]
    assert driver["relationship_target_type"] == "zen:custom_object:driver"
    name = zd.get(NAME_FIELD).json()["custom_object_field"]
    assert name["properties"] == {
        "autoincrement_enabled": False,
        "autoincrement_prefix": "",
        "autoincrement_padding": 0,
        "autoincrement_next_sequence": 1,
        "is_unique": False,
    }
    assert name["system"] is True
    assert zd.get(f"{CAR}/fields/999999").json() == NOT_FOUND
    other_objects_field = zd.get(f"{DRIVER}/fields/licence").json()["custom_object_field"]["id"]
    assert zd.get(f"{CAR}/fields/{other_objects_field}").status == 404


@pytest.mark.parametrize(
    "definition",
    [
        {"key": "vin", "title": "VIN"},  # text by default
        {"key": "history", "title": "History", "type": "textarea"},
        {"key": "insured", "title": "Insured", "type": "checkbox", "tag": "insured"},
        {"key": "bought_on", "title": "Bought on", "type": "date"},
        {"key": "doors", "title": "Doors", "type": "integer"},
        {"key": "weight", "title": "Weight", "type": "decimal"},
        {"key": "code", "title": "Code", "type": "regexp", "regexp_for_validation": "^[0-9]{4}$"},
        {
            "key": "fuel",
            "title": "Fuel",
            "type": "dropdown",
            "custom_field_options": [{"name": "Petrol", "value": "petrol"}, {"name": "Diesel", "value": "diesel"}],
        },
        {
            "key": "tags",
            "title": "Tags",
            "type": "multiselect",
            "custom_field_options": [{"name": "Fast", "value": "fast"}],
        },
        {"key": "owner", "title": "Owner", "type": "lookup", "relationship_target_type": "zen:user"},
    ],
)
def test_every_type_can_be_created(zd: MockClient, definition: dict[str, Any]) -> None:
    answer = zd.post(f"{CAR}/fields", json=field(**definition))
    assert answer.status == 201
    created = answer.json()["custom_object_field"]
    assert created["type"] == definition.get("type", "text")
    assert (created["key"], created["title"], created["active"], created["system"]) == (
        definition["key"],
        definition["title"],
        True,
        False,
    )
    assert created["position"] == 13 and matches(TIMESTAMP, created["created_at"])
    assert zd.get(f"{CAR}/limits/field_limit").json()["count"] == 12


@pytest.mark.parametrize(
    ("definition", "attribute", "description", "code"),
    [
        ({"title": "No key"}, "key", "Key: cannot be blank", "BlankValue"),
        ({"key": "make", "title": "Again"}, "key", "Key: has already been taken", "DuplicateValue"),
        (
            {"key": "has space", "title": "X"},
            "key",
            "Key: can only contain letters, numbers and underscores, and not only numbers",
            "InvalidFormat",
        ),
        ({"key": "x"}, "title", "Title: cannot be blank", "BlankValue"),
        (
            {"key": "x", "title": "X", "type": "colour"},
            "type",
            "Type: must be one of text, textarea, checkbox, date, integer, decimal, regexp, dropdown, lookup, "
            "multiselect",
            "InvalidValue",
        ),
        (
            {"key": "x", "title": "X", "type": "dropdown"},
            "custom_field_options",
            "Field options: at least one option is required",
            "BlankValue",
        ),
        (
            {"key": "x", "title": "X", "type": "dropdown", "custom_field_options": [{"name": "A"}]},
            "custom_field_options",
            "Field options: each option needs a name and a value",
            "BlankValue",
        ),
        (
            {"key": "x", "title": "X", "type": "regexp", "regexp_for_validation": "("},
            "regexp_for_validation",
            "Regular expression: is invalid",
            "InvalidFormat",
        ),
        (
            {"key": "x", "title": "X", "type": "lookup", "relationship_target_type": "zen:custom_object:boat"},
            "relationship_target_type",
            "Relationship target type: the custom object does not exist",
            "InvalidValue",
        ),
    ],
)
def test_bad_fields_are_record_invalid(
    zd: MockClient, definition: dict[str, Any], attribute: str, description: str, code: str
) -> None:
    answer = zd.post(f"{CAR}/fields", json=field(**definition))
    assert (answer.status, answer.json()) == (422, invalid(**{attribute: (description, code)}))


def test_update_a_custom_field_but_never_its_key_or_type(zd: MockClient) -> None:
    updated = zd.patch(f"{CAR}/fields/make", json=field(title="Manufacturer", description="Who built it", active=False))
    shown = updated.json()["custom_object_field"]
    assert (shown["title"], shown["raw_title"], shown["description"], shown["active"]) == (
        "Manufacturer",
        "Manufacturer",
        "Who built it",
        False,
    )
    refused = zd.patch(f"{CAR}/fields/make", json=field(key="maker", type="textarea"))
    assert refused.status == 422
    assert refused.json()["details"] == {
        "key": [{"description": "Key: can't be changed", "error": "NotAllowed"}],
        "type": [{"description": "Type: can't be changed", "error": "NotAllowed"}],
    }


def test_standard_fields_change_only_title_description_and_properties(zd: MockClient) -> None:
    ok = zd.patch(NAME_FIELD, json=field(title="Car name"))
    assert ok.json()["custom_object_field"]["title"] == "Car name"
    refused = zd.patch(NAME_FIELD, json=field(active=False))
    assert (refused.status, refused.json()) == (
        422,
        invalid(active=("active: can't be changed on a standard field", "NotAllowed")),
    )
    external = zd.patch(f"{CAR}/fields/standard::external_id", json=field(properties={"is_unique": True}))
    assert external.json()["details"] == {
        "properties": [{"description": "Properties: only the name field has properties", "error": "InvalidValue"}]
    }


def test_properties_are_fixed_once_records_exist(zd: MockClient) -> None:
    answer = zd.patch(NAME_FIELD, json=field(properties={"is_unique": True}))
    assert (answer.status, answer.json()) == (
        422,
        invalid(properties=("Properties: can't be changed once the object has records", "NotAllowed")),
    )


@pytest.mark.parametrize(
    ("properties", "description"),
    [
        (
            {"autoincrement_enabled": True, "is_unique": True},
            "Properties: autonumbering and uniqueness can't be used together",
        ),
        ({"autoincrement_prefix": "x" * 31}, "Autoincrement prefix: can't exceed 30 characters"),
        ({"autoincrement_padding": 10}, "Autoincrement padding: must be between 0 and 9"),
        (
            {"autoincrement_next_sequence": -1},
            "Autoincrement next sequence: can't be negative or less than the current value",
        ),
    ],
)
def test_name_properties_rules(zd: MockClient, properties: dict[str, Any], description: str) -> None:
    zd.post("/api/v2/custom_objects", json={"custom_object": {"key": "empty", "title": "E", "title_pluralized": "Es"}})
    answer = zd.patch("/api/v2/custom_objects/empty/fields/standard::name", json=field(properties=properties))
    assert answer.status == 422
    assert [problem["description"] for problem in answer.json()["details"]["properties"]] == [description]


def test_delete_a_custom_field_drops_its_values_but_standard_fields_stay(zd: MockClient) -> None:
    assert zd.delete(f"{CAR}/fields/make").status == 204
    assert zd.get(f"{CAR}/fields/make").status == 404
    values = zd.get(f"{CAR}/records/{TESLA}").json()["custom_object_record"]["custom_object_fields"]
    assert "make" not in values and values["model"] == "Model Y"
    refused = zd.delete(NAME_FIELD)
    assert (refused.status, refused.json()) == (422, invalid(base=("Standard fields can't be deleted", "NotAllowed")))


def test_reorder(zd: MockClient) -> None:
    fields = zd.get(f"{CAR}/fields").json()["custom_object_fields"]
    by_key = {f["key"]: f["id"] for f in fields}
    answer = zd.put(f"{CAR}/fields/reorder", json={"custom_object_field_ids": [by_key["driver"], by_key["make"]]})
    assert (answer.status, answer.text) == (200, "")
    keys = [f["key"] for f in zd.get(f"{CAR}/fields").json()["custom_object_fields"]]
    assert keys[:3] == ["driver", "make", "model"] and len(keys) == 11
    refused = zd.put(f"{CAR}/fields/reorder", json={"custom_object_field_ids": [123]})
    assert refused.status == 422
