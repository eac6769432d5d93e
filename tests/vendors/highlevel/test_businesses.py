"""Businesses (apps/businesses.json): the seeded companies, create/update answering the
document's `{success, buiseness}` (its spelling), delete's `{success}`, list by location;
and each business is the Objects API's `business` record, seen flat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mock_server.vendors.highlevel.businesses import BUSINESS_PROPERTIES
from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import OBJECT_ID, TIMESTAMP, bad_request, matches, unprocessable

NORTHSIDE, HAPPY_PAWS, RIVERBANK = "65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c", "65a1b2c3d4e5f60718293a4d"
API_ACTOR = {"source": "INTEGRATION", "channel": "OAUTH"}


def listed(hl: MockClient, **params: Any) -> list[str]:
    answer = hl.get("/businesses/", params={"locationId": HL_LOCATION, **params})
    assert answer.status == 200, answer.text
    return [item["id"] for item in answer.json()["businesses"]]


def test_a_seeded_business(hl: MockClient) -> None:
    answer = hl.get(f"/businesses/{HAPPY_PAWS}")
    assert answer.status == 200
    stamp = "2025-01-04T12:00:00.000Z"
    actor = {**API_ACTOR, "timestamp": stamp}
    assert answer.json() == {
        "business": {
            "id": HAPPY_PAWS,
            "locationId": HL_LOCATION,
            "name": "Happy Paws Grooming",
            "phone": "+15035550177",
            "email": "hello@happypaws.example",
            "city": "Portland",
            "country": "US",
            "createdAt": stamp,
            "updatedAt": stamp,
            "createdBy": actor,
            "updatedBy": actor,
        }
    }


def test_list_by_location_oldest_first_with_skip_and_limit(hl: MockClient) -> None:
    assert listed(hl) == [NORTHSIDE, HAPPY_PAWS, RIVERBANK]
    assert listed(hl, skip="1", limit="1") == [HAPPY_PAWS]
    assert hl.get("/businesses/", params={"locationId": "b" * 20}).json() == {"businesses": []}


def test_list_without_location_is_a_422(hl: MockClient) -> None:
    answer = hl.get("/businesses/")
    assert (answer.status, answer.json()) == (
        422,
        unprocessable("locationId should not be empty", "locationId must be a string"),
    )


def test_create_answers_201_with_the_documents_buiseness_key(hl: MockClient) -> None:
    answer = hl.post("/businesses/", json={"name": "Acme Kennels", "locationId": HL_LOCATION, "city": "Salem"})
    assert answer.status == 201, answer.text
    body = answer.json()
    assert set(body) == {"success", "buiseness"} and body["success"] is True
    business = body["buiseness"]
    assert matches(OBJECT_ID, business["id"]) and matches(TIMESTAMP, business["createdAt"])
    assert (business["name"], business["city"], business["locationId"]) == ("Acme Kennels", "Salem", HL_LOCATION)
    assert hl.get(f"/businesses/{business['id']}").json() == {"business": business}
    assert listed(hl)[-1] == business["id"]


def test_create_without_a_name_is_a_422(hl: MockClient) -> None:
    answer = hl.post("/businesses/", json={"locationId": HL_LOCATION})
    assert (answer.status, answer.json()) == (
        422,
        unprocessable("name should not be empty", "name must be a string"),
    )


def test_update_changes_only_the_keys_sent(hl: MockClient) -> None:
    answer = hl.put(f"/businesses/{RIVERBANK}", json={"phone": "+15035550199"})
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["success"] is True
    business = body["buiseness"]
    assert (business["name"], business["phone"]) == ("Riverbank Logistics", "+15035550199")
    assert business["updatedBy"]["timestamp"] == business["updatedAt"] != business["createdAt"]


def test_delete_answers_success_and_the_business_is_gone(hl: MockClient) -> None:
    answer = hl.delete(f"/businesses/{NORTHSIDE}")
    assert (answer.status, answer.json()) == (200, {"success": True})
    gone = hl.get(f"/businesses/{NORTHSIDE}")
    assert (gone.status, gone.json()) == (400, bad_request(f"Business not found for id:{NORTHSIDE}"))
    assert listed(hl) == [HAPPY_PAWS, RIVERBANK]


# -- one business, two APIs: the Objects API's `business` records --------------------------

RECORD_NOT_FOUND = bad_request("Record not found")
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "highlevel"


def business_record(hl: MockClient, business_id: str) -> Answer:
    return hl.get(f"/objects/business/records/{business_id}")


def test_the_mapping_names_fields_of_the_business_object_and_keys_of_the_spec() -> None:
    standard = yaml.safe_load((FIXTURES / "standard_objects.yaml").read_text())
    [business] = [obj for obj in standard if obj["key"] == "business"]
    field_keys = {field["fieldKey"] for field in business["fields"]}
    assert {f"business.{prop}" for prop in BUSINESS_PROPERTIES.values()} <= field_keys
    spec = yaml.safe_load((FIXTURES.parents[1] / "specs" / "highlevel.yaml").read_text())
    assert set(BUSINESS_PROPERTIES) <= set(spec["components"]["schemas"]["Business"]["properties"])


def test_a_seeded_business_is_a_business_record(hl: MockClient) -> None:
    answer = business_record(hl, NORTHSIDE)
    assert answer.status == 200, answer.text
    record = answer.json()["record"]
    assert (record["objectKey"], record["locationId"]) == ("business", HL_LOCATION)
    assert record["properties"] == {
        "name": "Northside Pet Supplies",
        "phone": "+15035550142",
        "email": "orders@northsidepets.example",
        "website": "northsidepets.example",
        "address": "14 Mill Street",
        "city": "Portland",
        "state": "Oregon",
        "postal_code": "97205",
        "country": "US",
    }


def test_made_through_the_businesses_api_read_through_the_objects_api(hl: MockClient) -> None:
    made = hl.post(
        "/businesses/",
        json={"name": "Zephyr Vets", "locationId": HL_LOCATION, "postalCode": "97035", "description": "Referrals"},
    ).json()["buiseness"]
    record = business_record(hl, made["id"]).json()["record"]
    assert record["properties"] == {"name": "Zephyr Vets", "postal_code": "97035", "description": "Referrals"}
    assert (record["createdAt"], record["updatedAt"]) == (made["createdAt"], made["updatedAt"])
    assert made["description"] == "Referrals"


def test_made_through_the_objects_api_read_through_the_businesses_api(hl: MockClient) -> None:
    made = hl.post(
        "/objects/business/records",
        json={
            "locationId": HL_LOCATION,
            "properties": {"name": "Kestrel Farms", "postal_code": "97301", "city": "Salem"},
        },
    )
    assert made.status == 201, made.text
    record = made.json()["record"]
    answer = hl.get(f"/businesses/{record['id']}")
    assert answer.status == 200, answer.text
    actor = {**API_ACTOR, "timestamp": record["createdAt"]}
    assert answer.json() == {
        "business": {
            "id": record["id"],
            "name": "Kestrel Farms",
            "city": "Salem",
            "postalCode": "97301",
            "locationId": HL_LOCATION,
            "createdBy": actor,
            "updatedBy": actor,
            "createdAt": record["createdAt"],
            "updatedAt": record["updatedAt"],
        }
    }
    assert listed(hl)[-1] == record["id"]


def test_changed_through_one_api_seen_through_the_other(hl: MockClient) -> None:
    changed = hl.put(
        f"/objects/business/records/{HAPPY_PAWS}",
        params={"locationId": HL_LOCATION},
        json={"properties": {"city": None, "postal_code": "97210"}},
    )
    assert changed.status == 200, changed.text
    business = hl.get(f"/businesses/{HAPPY_PAWS}").json()["business"]
    assert ("city" in business, business["postalCode"]) == (False, "97210")
    assert business["updatedBy"]["timestamp"] == business["updatedAt"] == changed.json()["record"]["updatedAt"]
    hl.put(f"/businesses/{HAPPY_PAWS}", json={"website": "happypaws.example"})
    assert business_record(hl, HAPPY_PAWS).json()["record"]["properties"]["website"] == "happypaws.example"


def test_deleted_through_the_businesses_api_gone_from_both(hl: MockClient) -> None:
    assert hl.delete(f"/businesses/{RIVERBANK}").json() == {"success": True}
    gone = business_record(hl, RIVERBANK)
    assert (gone.status, gone.json()) == (400, RECORD_NOT_FOUND)


def test_deleted_through_the_objects_api_gone_from_both(hl: MockClient) -> None:
    deleted = hl.delete(f"/objects/business/records/{NORTHSIDE}")
    assert deleted.json() == {"id": NORTHSIDE, "success": True}
    gone = hl.get(f"/businesses/{NORTHSIDE}")
    assert (gone.status, gone.json()) == (400, bad_request(f"Business not found for id:{NORTHSIDE}"))
    assert listed(hl) == [HAPPY_PAWS, RIVERBANK]


def test_the_objects_api_search_finds_businesses_api_records(hl: MockClient) -> None:
    made = hl.post("/businesses/", json={"name": "Osprey Kennels", "locationId": HL_LOCATION}).json()["buiseness"]
    answer = hl.post(
        "/objects/business/records/search",
        json={"locationId": HL_LOCATION, "page": 1, "pageLimit": 10, "query": "osprey"},
    )
    assert answer.status == 200, answer.text
    body = answer.json()
    assert (body["total"], [hit["id"] for hit in body["records"]]) == (1, [made["id"]])
    every = hl.post(
        "/objects/business/records/search", json={"locationId": HL_LOCATION, "page": 1, "pageLimit": 10}
    ).json()
    assert {hit["id"] for hit in every["records"]} == {NORTHSIDE, HAPPY_PAWS, RIVERBANK, made["id"]}


def test_a_pet_record_is_no_business(hl: MockClient) -> None:
    buddy = "679b8f9bde6a0c356a0311b3"
    answer = hl.get(f"/businesses/{buddy}")
    assert (answer.status, answer.json()) == (400, bad_request(f"Business not found for id:{buddy}"))
