"""Custom object records: create, show, update, delete, upsert, count, list filters, and
every rule a record's values must follow."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient
from tests.vendors.zendesk.expect import (
    ADA,
    CAR,
    CIVIC,
    DRIVER,
    GRACE,
    NOT_FOUND,
    TESLA,
    TIMESTAMP,
    ULID,
    VOLVO,
    bad_request,
    invalid,
    matches,
    new_car,
)


def test_create_shows_every_field_and_the_record_reads_back(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json=new_car("Fiat 500", make="Fiat", seats="4", extras=["sunroof"]))
    assert answer.status == 201
    record = answer.json()["custom_object_record"]
    assert matches(ULID, record["id"]) and matches(TIMESTAMP, record["created_at"])
    assert record["created_at"] == record["updated_at"]
    assert record["created_by_user_id"].isdigit() and record["created_by_user_id"] == record["updated_by_user_id"]
    assert record["url"].endswith(f"/zendesk{CAR}/records/{record['id']}.json")
    assert (record["name"], record["custom_object_key"], record["external_id"]) == ("Fiat 500", "car", None)
    assert record["custom_object_fields"] == {
        "make": "Fiat",
        "model": None,
        "notes": None,
        "electric": None,
        "registered_on": None,
        "seats": 4,  # digits are taken for an integer field
        "price": None,
        "plate": None,
        "colour": None,
        "extras": ["sunroof"],
        "driver": None,
    }
    assert zd.get(f"{CAR}/records/{record['id']}").json() == {"custom_object_record": record}


def test_update_changes_only_what_is_given_and_null_clears(zd: MockClient) -> None:
    answer = zd.patch(
        f"{CAR}/records/{TESLA}",
        json={"custom_object_record": {"custom_object_fields": {"model": "Model 3", "plate": None}}},
    )
    assert answer.status == 200
    record = answer.json()["custom_object_record"]
    assert record["name"] == "My Tesla" and record["external_id"] == "CAR-1"
    assert record["custom_object_fields"]["model"] == "Model 3"
    assert record["custom_object_fields"]["make"] == "Tesla"
    assert record["custom_object_fields"]["plate"] is None
    assert record["created_at"] == "2025-01-01T00:00:00Z"
    renamed = zd.patch(
        f"{CAR}/records/{TESLA}", json={"custom_object_record": {"name": "Family car", "external_id": None}}
    )
    assert (renamed.json()["custom_object_record"]["name"], renamed.json()["custom_object_record"]["external_id"]) == (
        "Family car",
        None,
    )


def test_delete_then_everything_about_it_is_not_found(zd: MockClient) -> None:
    assert zd.delete(f"{CAR}/records/{CIVIC}").status == 204
    for answer in (
        zd.get(f"{CAR}/records/{CIVIC}"),
        zd.patch(f"{CAR}/records/{CIVIC}", json={"custom_object_record": {"name": "x"}}),
        zd.delete(f"{CAR}/records/{CIVIC}"),
    ):
        assert (answer.status, answer.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    ("fields", "attribute", "description"),
    [
        ({"make": 5}, "make", "Make: must be text"),
        ({"notes": ["a"]}, "notes", "Notes: must be text"),
        ({"electric": "yes"}, "electric", "Electric: must be true or false"),
        ({"registered_on": "2024-02-30"}, "registered_on", "Registered on: must be a date (YYYY-MM-DD)"),
        ({"registered_on": "01/02/2024"}, "registered_on", "Registered on: must be a date (YYYY-MM-DD)"),
        ({"seats": 4.5}, "seats", "Seats: must be a whole number"),
        ({"seats": True}, "seats", "Seats: must be a whole number"),
        ({"price": "cheap"}, "price", "Price: must be a number"),
        ({"plate": "lower case"}, "plate", "Plate: is invalid"),
        ({"colour": "green"}, "colour", "Colour: is not one of the options"),
        ({"colour": "Red"}, "colour", "Colour: is not one of the options"),
        ({"extras": ["sunroof", "jetpack"]}, "extras", "Extras: must be a list of the options' values"),
        ({"extras": "sunroof"}, "extras", "Extras: must be a list of the options' values"),
        ({"driver": "01JGDRV0000000000000000999"}, "driver", "Driver: must be the id of an existing record"),
    ],
)
def test_each_value_must_suit_its_field(
    zd: MockClient, fields: dict[str, Any], attribute: str, description: str
) -> None:
    answer = zd.post(f"{CAR}/records", json=new_car(**fields))
    assert (answer.status, answer.json()) == (422, invalid(**{attribute: (description, "InvalidValue")}))


def test_good_values_of_every_type_are_kept(zd: MockClient) -> None:
    fields = {
        "make": "Kia",
        "notes": "two\nlines",
        "electric": False,
        "registered_on": "2024-02-29",
        "seats": 7,
        "price": 31999.99,
        "plate": "KIA-7",
        "colour": "blue",
        "extras": ["tow_bar", "sunroof"],
        "driver": GRACE,
    }
    record = zd.post(f"{CAR}/records", json=new_car("Kia", **fields)).json()["custom_object_record"]
    assert {key: record["custom_object_fields"][key] for key in fields} == fields


def test_unknown_fields_are_refused_with_every_problem_listed(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json=new_car(wheels=4, seats="many"))
    assert answer.status == 422
    assert answer.json()["details"] == {
        "wheels": [{"description": "wheels: is not a field of this object", "error": "UnknownField"}],
        "seats": [{"description": "Seats: must be a whole number", "error": "InvalidValue"}],
    }


def test_a_name_is_required(zd: MockClient) -> None:
    for body in ({"custom_object_record": {"custom_object_fields": {}}}, new_car("  ")):
        answer = zd.post(f"{CAR}/records", json=body)
        assert (answer.status, answer.json()) == (422, invalid(name=("Name: cannot be blank", "BlankValue")))


def test_unique_names_are_enforced_ignoring_case(zd: MockClient) -> None:
    answer = zd.post(f"{DRIVER}/records", json={"custom_object_record": {"name": "ada LOVELACE"}})
    assert (answer.status, answer.json()) == (422, invalid(name=("Name: has already been taken", "DuplicateValue")))
    renamed = zd.patch(f"{DRIVER}/records/{GRACE}", json={"custom_object_record": {"name": "Ada Lovelace"}})
    assert renamed.status == 422
    same = zd.patch(f"{DRIVER}/records/{ADA}", json={"custom_object_record": {"name": "Ada Lovelace"}})
    assert same.status == 200


def test_external_ids_are_unique_per_object(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json={"custom_object_record": {"name": "Twin", "external_id": "CAR-1"}})
    assert (answer.status, answer.json()) == (
        422,
        invalid(external_id=("External ID: has already been taken", "DuplicateValue")),
    )


def test_autonumbered_names_are_generated_and_may_not_be_sent(zd: MockClient) -> None:
    properties = {"autoincrement_enabled": True, "autoincrement_prefix": "CAR-", "autoincrement_padding": 4}
    switched = zd.patch(
        "/api/v2/custom_objects/ticket_note/fields/standard::name",
        json={"custom_object_field": {"properties": properties}},
    )
    assert switched.status == 404  # no such object yet
    zd.post(
        "/api/v2/custom_objects",
        json={"custom_object": {"key": "invoice", "title": "Invoice", "title_pluralized": "Invoices"}},
    )
    switched = zd.patch(
        "/api/v2/custom_objects/invoice/fields/standard::name",
        json={"custom_object_field": {"properties": {**properties, "autoincrement_next_sequence": 7}}},
    )
    assert switched.status == 200
    names = [
        zd.post("/api/v2/custom_objects/invoice/records", json={"custom_object_record": {}}).json()[
            "custom_object_record"
        ]["name"]
        for _ in range(2)
    ]
    assert names == ["CAR-0007", "CAR-0008"]
    refused = zd.post("/api/v2/custom_objects/invoice/records", json={"custom_object_record": {"name": "Mine"}})
    assert (refused.status, refused.json()) == (
        422,
        invalid(name=("Name: is generated by autonumbering and can't be set", "NotAllowed")),
    )


def test_a_record_over_32_kb_is_refused(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json=new_car(notes="x" * 33_000))
    assert answer.status == 422
    [problem] = answer.json()["details"]["base"]
    assert problem["error"] == "TooLarge" and problem["description"].startswith("Record: is too large")


def test_upsert_by_external_id_updates_or_creates(zd: MockClient) -> None:
    updated = zd.patch(
        f"{CAR}/records",
        params={"external_id": "CAR-2"},
        json={"custom_object_record": {"custom_object_fields": {"model": "Type R"}}},
    )
    assert updated.status == 200
    record = updated.json()["custom_object_record"]
    assert (record["id"], record["name"], record["custom_object_fields"]["model"]) == (CIVIC, "Honda Civic", "Type R")
    created = zd.patch(
        f"{CAR}/records", params={"external_id": "CAR-9"}, json={"custom_object_record": {"name": "New one"}}
    )
    assert created.status == 200
    fresh = created.json()["custom_object_record"]
    assert (fresh["external_id"], fresh["name"]) == ("CAR-9", "New one") and fresh["id"] not in (TESLA, CIVIC, VOLVO)
    assert zd.get(f"{CAR}/records/count").json()["count"]["value"] == 4


def test_upsert_by_name_needs_unique_names(zd: MockClient) -> None:
    by_name = zd.patch(
        f"{DRIVER}/records",
        params={"name": "grace hopper"},
        json={"custom_object_record": {"custom_object_fields": {"licence": "GH000001"}}},
    )
    assert by_name.status == 200 and by_name.json()["custom_object_record"]["id"] == GRACE
    created = zd.patch(f"{DRIVER}/records", params={"name": "Alan Turing"}, json={"custom_object_record": {}})
    assert created.json()["custom_object_record"]["name"] == "Alan Turing"
    refused = zd.patch(f"{CAR}/records", params={"name": "My Tesla"}, json={"custom_object_record": {}})
    assert (refused.status, refused.json()) == (
        422,
        invalid(name=("Name: records can be addressed by name only when names are unique", "NotAllowed")),
    )


@pytest.mark.parametrize("params", [{}, {"external_id": "CAR-1", "name": "My Tesla"}])
def test_upsert_and_delete_take_exactly_one_address(zd: MockClient, params: dict[str, str]) -> None:
    expected = (400, bad_request("Exactly one of external_id and name is required"))
    answer = zd.patch(f"{CAR}/records", params=params, json={"custom_object_record": {}})
    assert (answer.status, answer.json()) == expected
    answer = zd.delete(f"{CAR}/records", params=params)
    assert (answer.status, answer.json()) == expected


def test_delete_by_external_id_or_name(zd: MockClient) -> None:
    assert zd.delete(f"{CAR}/records", params={"external_id": "CAR-1"}).status == 204
    assert zd.get(f"{CAR}/records/{TESLA}").status == 404
    missing = zd.delete(f"{CAR}/records", params={"external_id": "CAR-1"})
    assert (missing.status, missing.json()) == (404, NOT_FOUND)
    assert zd.delete(f"{DRIVER}/records", params={"name": "ADA LOVELACE"}).status == 204
    assert zd.get(f"{DRIVER}/records/{ADA}").status == 404


def test_count_and_list_filters(zd: MockClient) -> None:
    count = zd.get(f"{CAR}/records/count").json()["count"]
    assert count["value"] == 3 and matches(TIMESTAMP, count["refreshed_at"])
    listed = zd.get(f"{CAR}/records", params={"filter[ids]": f"{VOLVO},{TESLA},nope"}).json()
    assert [record["id"] for record in listed["custom_object_records"]] == [TESLA, VOLVO]
    assert listed["meta"] == {"has_more": False, "after_cursor": None, "before_cursor": None}
    assert listed["links"] == {"next": None, "prev": None}
    by_external = zd.get(f"{CAR}/records", params={"filter[external_ids]": "CAR-2,car-1"}).json()
    assert [record["id"] for record in by_external["custom_object_records"]] == [CIVIC]  # case-sensitive


def test_sorting_the_list(zd: MockClient) -> None:
    zd.patch(f"{CAR}/records/{TESLA}", json={"custom_object_record": {"name": "Touched"}})

    def ids(sort: str) -> list[str]:
        return [r["id"] for r in zd.get(f"{CAR}/records", params={"sort": sort}).json()["custom_object_records"]]

    assert ids("id") == [TESLA, CIVIC, VOLVO]
    assert ids("-id") == [VOLVO, CIVIC, TESLA]
    assert ids("updated_at")[-1] == TESLA
    assert ids("-updated_at")[0] == TESLA


def test_deleting_the_lookup_target_does_not_break_the_car(zd: MockClient) -> None:
    assert zd.delete(f"{DRIVER}/records/{ADA}").status == 204
    assert zd.get(f"{CAR}/records/{TESLA}").json()["custom_object_record"]["custom_object_fields"]["driver"] == ADA
