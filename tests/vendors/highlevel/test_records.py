"""Records of custom objects and of business: create, get, update, delete, search."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import OBJECT_ID as RECORD_ID
from tests.vendors.highlevel.expect import TIMESTAMP as STAMP
from tests.vendors.highlevel.expect import UUID as ANY_UUID
from tests.vendors.highlevel.expect import unprocessable

PET = "custom_objects.pet"
PET_ID = "661c06b4ffde146bdb469442"
PET_FOLDER = "3v34PM428h8vShlRW1KT"
BUDDY, WHISKERS, BISCUIT = "679b8f9bde6a0c356a0311b3", "679b8fa8de6a0c356a0311b4", "679b8fb5de6a0c356a0311b5"
OWNER, FOLLOWER = "U01clinicVet8vShlRW1", "U02clinicNur8vShlRW1"  # users.yaml

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

# -- requests ----------------------------------------------------------------


def other_tenant(hl: MockClient) -> MockClient:
    """The same API seen through another credential: a tenant of its own."""
    return MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer test-{uuid.uuid4()}"})


def create(hl: MockClient, properties: Any = None, schema: str = PET, **body: Any) -> Answer:
    sent = {"locationId": HL_LOCATION, **body}
    if properties is not None:
        sent["properties"] = properties
    return hl.post(f"/objects/{schema}/records", json=sent)


def get(hl: MockClient, record_id: str, schema: str = PET) -> Answer:
    return hl.get(f"/objects/{schema}/records/{record_id}")


def update(hl: MockClient, record_id: str, body: Any, schema: str = PET, location: str = HL_LOCATION) -> Answer:
    return hl.put(f"/objects/{schema}/records/{record_id}", params={"locationId": location}, json=body)


def delete(hl: MockClient, record_id: str, schema: str = PET) -> Answer:
    return hl.delete(f"/objects/{schema}/records/{record_id}")


def search(hl: MockClient, schema: str = PET, **body: Any) -> Answer:
    sent = {"locationId": HL_LOCATION, "page": 1, "pageLimit": 10, **body}
    return hl.post(f"/objects/{schema}/records/search", json=sent)


def names(answer: Answer) -> list[str]:
    """The `name` of each record a search found, in order."""
    assert answer.status == 200, answer.text
    return [record["properties"].get("name") for record in answer.json()["records"]]


def created(answer: Answer) -> dict[str, Any]:
    """The record of a 201, checked for its generated parts."""
    assert answer.status == 201, answer.text
    body = answer.json()
    assert list(body) == ["record", "traceId"]
    assert UUID.fullmatch(body["traceId"])
    record: dict[str, Any] = body["record"]
    assert RECORD_ID.fullmatch(record["id"])
    assert STAMP.fullmatch(record["createdAt"])
    assert record["updatedAt"] == record["createdAt"]
    assert record["createdBy"] == record["lastUpdatedBy"] == api_actor(record["createdAt"], record["createdBy"])
    return record


def api_actor(stamp: str, actor: dict[str, Any]) -> dict[str, Any]:
    """Who a change made through the API is attributed to (sourceId: a UUID per credential)."""
    assert ANY_UUID.fullmatch(actor["sourceId"]), actor
    return {"source": "INTEGRATION", "channel": "OAUTH", "createdAt": stamp, "sourceId": actor["sourceId"]}


RECORD_NOT_FOUND = {"message": "Record not found", "error": "Bad Request", "statusCode": 400}


# -- the seeded records -----------------------------------------------------------

SEEDED = {
    BUDDY: {
        "createdAt": "2025-01-30T14:37:15.123Z",
        "cursor": 1738247835123,
        "owners": [OWNER],
        "followers": [FOLLOWER],
        "properties": {
            "name": "Buddy",
            "breed": "labrador",
            "age": 4,
            "owner_phone": "+14155550100",
            "visit_fee": {"currency": "default", "value": 75},
            "vaccines": ["rabies", "parvo"],
            "traits": ["friendly", "playful"],
            "size": "large",
            "born_on": "2021-03-14",
            "microchip.number": "985112003456789",
            "microchip.vendor": "HomeAgain",
        },
    },
    WHISKERS: {
        "createdAt": "2025-01-30T14:37:28.456Z",
        "cursor": 1738247848456,
        "owners": [OWNER],
        "followers": [],
        "properties": {
            "name": "Whiskers",
            "breed": "siamese",
            "age": 2,
            "size": "small",
            "notes": "Nervous at the vet; book a quiet room.",
        },
    },
    BISCUIT: {
        "createdAt": "2025-01-30T14:37:41.789Z",
        "cursor": 1738247861789,
        "owners": [],
        "followers": [],
        "properties": {
            "name": "Biscuit",
            "breed": "beagle",
            "age": 7,
            "documents": [{"url": "https://files.example.com/biscuit-records.pdf"}],
        },
    },
}


FIXTURE_SOURCE_ID = "5f1c9d2e-8a43-4b6f-9e21-7d0c3b8a6f14"  # fixtures' createdBy.sourceId


def fixture_actor(stamp: str) -> dict[str, str]:
    return {
        "source": "INTEGRATION",
        "channel": "OAUTH",
        "createdAt": stamp,
        "sourceId": "5f1c9d2e-8a43-4b6f-9e21-7d0c3b8a6f14",
    }


# Each pet is related to its owner, a contact (locations.yaml, association pet_owner).
PET_OWNERS = {
    BUDDY: ("67ade8a21119d2ac7ad0c4b1", "C01ownerJane8vShlRW1", "2025-01-30T14:40:00.000Z"),
    WHISKERS: ("67ade8a21119d2ac7ad0c4b2", "C02ownerMark8vShlRW1", "2025-01-30T14:40:10.000Z"),
    BISCUIT: ("67ade8a21119d2ac7ad0c4b3", "C03ownerLucy8vShlRW1", "2025-01-30T14:40:20.000Z"),
}


def seeded_relations(record_id: str) -> list[dict[str, Any]]:
    """A seeded pet's relation to its owner, seen from the pet."""
    relation_id, contact_id, created = PET_OWNERS[record_id]
    return [
        {
            "associationId": "67ade73d1119d2ac7ad0c4a1",
            "relationId": relation_id,
            "objectKey": "contact",
            "recordId": contact_id,
            "createdAt": created,
        }
    ]


def seeded_record(record_id: str) -> dict[str, Any]:
    """A seeded record as get answers it."""
    seed = SEEDED[record_id]
    return {
        "id": record_id,
        "properties": seed["properties"],
        "objectKey": PET,
        "owners": seed["owners"],
        "follower": seed["followers"],
        "relations": seeded_relations(record_id),
        "locationId": HL_LOCATION,
        "createdBy": fixture_actor(seed["createdAt"]),
        "createdAt": seed["createdAt"],
        "updatedAt": seed["createdAt"],
        "lastUpdatedBy": fixture_actor(seed["createdAt"]),
    }


def seeded_hit(record_id: str) -> dict[str, Any]:
    """A seeded record as search answers it."""
    seed = SEEDED[record_id]
    return {
        "id": record_id,
        "locationId": HL_LOCATION,
        "objectId": PET_ID,
        "objectKey": PET,
        "createdBy": fixture_actor(seed["createdAt"]),
        "createdAt": seed["createdAt"],
        "lastUpdatedBy": fixture_actor(seed["createdAt"]),
        "updatedAt": seed["createdAt"],
        "owners": seed["owners"],
        "followers": seed["followers"],
        "properties": seed["properties"],
        "relations": seeded_relations(record_id),
        "sort": [seed["cursor"], record_id],
        "searchAfter": [seed["cursor"], record_id],
    }


def search_body(answer: Answer) -> dict[str, Any]:
    """A search answer without its traceId (a UUID)."""
    assert answer.status == 200, answer.text
    body = dict(answer.json())
    assert UUID.fullmatch(body.pop("traceId"))
    return body


# -- get ------------------------------------------------------------------------------


@pytest.mark.parametrize("record_id", [BUDDY, WHISKERS, BISCUIT])
def test_get_a_seeded_record(hl: MockClient, record_id: str) -> None:
    answer = get(hl, record_id)
    assert answer.status == 200
    body = answer.json()
    assert list(body) == ["record", "traceId"]
    assert UUID.fullmatch(body["traceId"])
    assert body["record"] == seeded_record(record_id)


def test_each_answer_has_its_own_trace_id(hl: MockClient) -> None:
    assert get(hl, BUDDY).json()["traceId"] != get(hl, BUDDY).json()["traceId"]


def test_get_accepts_the_location_id_real_clients_send(hl: MockClient) -> None:
    answer = hl.get(f"/objects/{PET}/records/{BUDDY}", params={"locationId": HL_LOCATION})
    assert answer.status == 200
    assert answer.json()["record"] == seeded_record(BUDDY)


@pytest.mark.parametrize(
    ("schema", "record_id"),
    [(PET, "000000000000000000000000"), (PET, "not-an-id"), ("business", BUDDY), ("custom_objects.nope", BUDDY)],
)
def test_get_an_unknown_record_is_not_found(hl: MockClient, schema: str, record_id: str) -> None:
    answer = get(hl, record_id, schema)
    assert answer.status == 400
    assert answer.json() == RECORD_NOT_FOUND


# -- create ---------------------------------------------------------------------------


def test_create_answers_201_with_the_record_and_a_trace_id(hl: MockClient) -> None:
    answer = create(hl, {"name": "Rex", "age": 3}, owner=[OWNER], followers=[FOLLOWER, "a1b2c3d4e5f6g7h8i9j0"])
    record = created(answer)
    assert record == {
        "id": record["id"],
        "properties": {"name": "Rex", "age": 3},
        "objectKey": PET,
        "owners": [OWNER],
        "follower": [FOLLOWER, "a1b2c3d4e5f6g7h8i9j0"],
        "relations": [],
        "locationId": HL_LOCATION,
        "createdBy": record["createdBy"],
        "createdAt": record["createdAt"],
        "updatedAt": record["createdAt"],
        "lastUpdatedBy": record["createdBy"],
    }


def test_a_created_record_can_be_read_back(hl: MockClient) -> None:
    record = created(create(hl, {"name": "Rex"}))
    answer = get(hl, record["id"])
    assert answer.status == 200
    assert answer.json()["record"] == record


def test_a_record_may_be_created_without_properties(hl: MockClient) -> None:
    record = created(create(hl))
    assert (record["properties"], record["owners"], record["follower"]) == ({}, [], [])


def test_null_values_are_not_stored_on_create(hl: MockClient) -> None:
    record = created(create(hl, {"name": "Rex", "age": None, "breed": None}))
    assert record["properties"] == {"name": "Rex"}


def test_the_same_credential_is_the_source_of_every_change(hl: MockClient) -> None:
    first = created(create(hl, {"name": "Rex"}))
    second = created(create(hl, {"name": "Max"}))
    assert first["createdBy"]["sourceId"] == second["createdBy"]["sourceId"]
    other = created(create(other_tenant(hl), {"name": "Rex"}))
    assert other["createdBy"]["sourceId"] != first["createdBy"]["sourceId"]
    token = hl.headers["Authorization"].removeprefix("Bearer ")
    assert token not in first["createdBy"]["sourceId"]


def test_create_needs_a_location_id(hl: MockClient) -> None:
    answer = hl.post(f"/objects/{PET}/records", json={"properties": {"name": "Rex"}})
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


def test_create_in_a_location_without_the_object(hl: MockClient) -> None:
    answer = create(hl, {"name": "Rex"}, locationId=uuid.uuid4().hex[:20])
    assert answer.status == 400
    assert answer.json() == {
        "message": "Object schema with key custom_objects.pet not found",
        "error": "Bad Request",
        "statusCode": 400,
    }


@pytest.mark.parametrize("properties", ["Rex", ["Rex"], 5])
def test_properties_must_be_an_object(hl: MockClient, properties: Any) -> None:
    answer = create(hl, properties)
    assert answer.status == 422
    assert answer.json() == unprocessable("properties must be an object")


def test_records_of_a_new_custom_object_take_its_display_property(hl: MockClient) -> None:
    body = {
        "labels": {"singular": "Kennel", "plural": "Kennels"},
        "key": "kennel",
        "locationId": HL_LOCATION,
        "primaryDisplayPropertyDetails": {"key": "number", "name": "Number", "dataType": "NUMERICAL"},
    }
    assert hl.post("/objects/", json=body).status == 201
    record = created(create(hl, {"number": 12}, schema="custom_objects.kennel"))
    assert (record["objectKey"], record["properties"]) == ("custom_objects.kennel", {"number": 12})
    wrong = create(hl, {"number": "twelve", "name": "A"}, schema="custom_objects.kennel")
    assert wrong.status == 422
    assert wrong.json() == unprocessable(
        "properties.number must be a number conforming to the specified constraints",
        "property properties.name should not exist",
    )


# -- owner, followers ------------------------------------------------------------------


def test_owner_holds_at_most_one_user_and_followers_at_most_ten(hl: MockClient) -> None:
    answer = create(hl, {"name": "Rex"}, owner=[OWNER, FOLLOWER], followers=[f"user{i:016d}" for i in range(11)])
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "owner must contain no more than 1 elements", "followers must contain no more than 10 elements"
    )


def test_ten_followers_are_allowed(hl: MockClient) -> None:
    followers = [f"user{i:016d}" for i in range(10)]
    assert created(create(hl, {"name": "Rex"}, followers=followers))["follower"] == followers


def test_owners_is_read_as_owner(hl: MockClient) -> None:
    record = created(create(hl, {"name": "Rex"}, owners=[OWNER]))
    assert record["owners"] == [OWNER]
    assert get(hl, record["id"]).json()["record"]["owners"] == [OWNER]


def test_owners_holds_at_most_one_user_too(hl: MockClient) -> None:
    answer = create(hl, {"name": "Rex"}, owners=[OWNER, FOLLOWER])
    assert answer.status == 422
    assert answer.json() == unprocessable("owners must contain no more than 1 elements")


def test_owner_and_followers_must_be_arrays_of_strings(hl: MockClient) -> None:
    answer = create(hl, {"name": "Rex"}, owner=OWNER, followers=[1])
    assert answer.status == 422
    assert answer.json() == unprocessable("owner must be an array", "each value in followers must be a string")


def test_update_keeps_the_same_limits(hl: MockClient) -> None:
    answer = update(hl, BUDDY, {"owner": [OWNER, FOLLOWER], "followers": [f"user{i:016d}" for i in range(11)]})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "owner must contain no more than 1 elements", "followers must contain no more than 10 elements"
    )


# -- field types --------------------------------------------------------------------

VALID = [
    pytest.param({"name": "Rex"}, id="TEXT"),
    pytest.param({"notes": "Line one\nLine two"}, id="LARGE_TEXT"),
    pytest.param({"age": 3}, id="NUMERICAL-integer"),
    pytest.param({"age": 3.5}, id="NUMERICAL-decimal"),
    pytest.param({"owner_phone": "+14155550123"}, id="PHONE"),
    pytest.param({"visit_fee": {"currency": "default", "value": 100}}, id="MONETORY"),
    pytest.param({"visit_fee": {"value": 99.5}}, id="MONETORY-value-only"),
    pytest.param({"vaccines": ["rabies", "distemper"]}, id="CHECKBOX"),
    pytest.param({"vaccines": []}, id="CHECKBOX-none-ticked"),
    pytest.param({"breed": "beagle"}, id="SINGLE_OPTIONS"),
    pytest.param({"size": "medium"}, id="RADIO"),
    pytest.param({"traits": ["shy", "playful"]}, id="MULTIPLE_OPTIONS"),
    pytest.param({"born_on": "2024-02-29"}, id="DATE"),
    pytest.param({"microchip.number": "985112003456789", "microchip.vendor": "HomeAgain"}, id="TEXTBOX_LIST"),
    pytest.param({"documents": [{"url": "https://files.example.com/a.pdf"}]}, id="FILE_UPLOAD"),
    pytest.param(
        {"documents": [{"url": "https://x.example/a.pdf"}, {"url": "https://x.example/b.pdf"}]}, id="FILE_UPLOAD-2"
    ),
]


@pytest.mark.parametrize("properties", VALID)
def test_a_valid_value_of_each_field_type_is_stored_as_sent(hl: MockClient, properties: dict[str, Any]) -> None:
    record = created(create(hl, properties))
    assert record["properties"] == properties
    assert get(hl, record["id"]).json()["record"]["properties"] == properties


def test_a_record_with_every_field_type(hl: MockClient) -> None:
    everything = {
        "name": "Rex",
        "notes": "Line one\nLine two",
        "age": 3,
        "owner_phone": "+14155550123",
        "visit_fee": {"currency": "default", "value": 100},
        "vaccines": ["rabies"],
        "breed": "other",
        "size": "small",
        "traits": ["friendly"],
        "born_on": "2024-02-29",
        "microchip.number": "985112003456789",
        "microchip.vendor": "HomeAgain",
        "documents": [{"url": "https://files.example.com/a.pdf"}],
    }
    record = created(create(hl, everything))
    assert record["properties"] == everything
    assert get(hl, record["id"]).json()["record"] == record


NUMBER = "must be a number conforming to the specified constraints"

INVALID = [
    pytest.param({"name": 5}, ["properties.name must be a string"], id="TEXT"),
    pytest.param({"notes": ["a", "b"]}, ["properties.notes must be a string"], id="LARGE_TEXT"),
    pytest.param({"age": "4"}, [f"properties.age {NUMBER}"], id="NUMERICAL"),
    pytest.param({"owner_phone": 4155550100}, ["properties.owner_phone must be a string"], id="PHONE-number"),
    pytest.param({"owner_phone": "call me"}, ["properties.owner_phone must be a valid phone number"], id="PHONE-text"),
    pytest.param({"visit_fee": 75}, ["properties.visit_fee must be an object"], id="MONETORY-number"),
    pytest.param(
        {"visit_fee": {"currency": "default"}},
        ["properties.visit_fee.value should not be empty", f"properties.visit_fee.value {NUMBER}"],
        id="MONETORY-no-value",
    ),
    pytest.param(
        {"visit_fee": {"value": "75", "cents": 0}},
        [f"properties.visit_fee.value {NUMBER}", "property properties.visit_fee.cents should not exist"],
        id="MONETORY-wrong-value",
    ),
    pytest.param({"vaccines": "rabies"}, ["properties.vaccines must be an array"], id="CHECKBOX-string"),
    pytest.param(
        {"vaccines": ["rabies", "flu"]},
        ["each value in properties.vaccines must be one of the following values: rabies, distemper, parvo"],
        id="CHECKBOX-unknown-option",
    ),
    pytest.param(
        {"breed": "poodle"},
        ["properties.breed must be one of the following values: labrador, beagle, siamese, other"],
        id="SINGLE_OPTIONS",
    ),
    pytest.param(
        {"size": "Large"},
        ["properties.size must be one of the following values: small, medium, large"],
        id="RADIO",
    ),
    pytest.param({"traits": "shy"}, ["properties.traits must be an array"], id="MULTIPLE_OPTIONS-string"),
    pytest.param(
        {"traits": ["grumpy"]},
        ["each value in properties.traits must be one of the following values: friendly, shy, playful"],
        id="MULTIPLE_OPTIONS-unknown-option",
    ),
    pytest.param({"born_on": "14/03/2021"}, ["properties.born_on must be a valid ISO 8601 date string"], id="DATE"),
    pytest.param(
        {"born_on": "2021-03-14T10:00:00Z"},
        ["properties.born_on must be a valid ISO 8601 date string"],
        id="DATE-with-time",
    ),
    pytest.param(
        {"microchip.number": 985112003456789}, ["properties.microchip.number must be a string"], id="TEXTBOX_LIST"
    ),
    pytest.param(
        {"microchip": "985112003456789"}, ["property properties.microchip should not exist"], id="TEXTBOX_LIST-whole"
    ),
    pytest.param(
        {"microchip.serial": "x"}, ["property properties.microchip.serial should not exist"], id="TEXTBOX_LIST-option"
    ),
    pytest.param(
        {"documents": [{"url": "https://x.example/a.pdf"}] * 3},
        ["properties.documents must contain no more than 2 elements"],
        id="FILE_UPLOAD-over-limit",
    ),
    pytest.param(
        {"documents": [{"name": "a.pdf"}]},
        ["properties.documents.0.url should not be empty", "properties.documents.0.url must be a string"],
        id="FILE_UPLOAD-no-url",
    ),
    pytest.param({"documents": "https://x.example/a.pdf"}, ["properties.documents must be an array"], id="FILE_UPLOAD"),
    pytest.param({"colour": "brown"}, ["property properties.colour should not exist"], id="unknown-property"),
]


@pytest.mark.parametrize(("properties", "messages"), INVALID)
def test_a_wrong_value_is_refused_with_its_message(
    hl: MockClient, properties: dict[str, Any], messages: list[str]
) -> None:
    answer = create(hl, properties)
    assert answer.status == 422
    assert answer.json() == unprocessable(*messages)
    assert search_body(search(hl))["total"] == 3


@pytest.mark.parametrize(("properties", "messages"), INVALID)
def test_update_checks_values_the_same_way(hl: MockClient, properties: dict[str, Any], messages: list[str]) -> None:
    answer = update(hl, BUDDY, {"properties": properties})
    assert answer.status == 422
    assert answer.json() == unprocessable(*messages)
    assert get(hl, BUDDY).json()["record"] == seeded_record(BUDDY)


def test_every_wrong_value_is_reported_at_once_in_field_order(hl: MockClient) -> None:
    answer = create(hl, {"colour": "brown", "age": "old", "breed": "poodle", "name": 1})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "properties.name must be a string",
        "properties.breed must be one of the following values: labrador, beagle, siamese, other",
        f"properties.age {NUMBER}",
        "property properties.colour should not exist",
    )


def test_the_body_s_own_rules_are_checked_before_property_values(hl: MockClient) -> None:
    # Like a NestJS ValidationPipe on the DTO, which runs before the service looks at the values.
    answer = create(hl, {"name": 1, "colour": "brown"}, owner=[OWNER, FOLLOWER])
    assert answer.status == 422
    assert answer.json() == unprocessable("owner must contain no more than 1 elements")


def test_a_field_created_through_custom_fields_checks_new_records_at_once(hl: MockClient) -> None:
    before = create(hl, {"name": "Rex", "weight": 12})
    assert before.status == 422
    assert before.json() == unprocessable("property properties.weight should not exist")

    field = {
        "locationId": HL_LOCATION,
        "showInForms": True,
        "dataType": "NUMERICAL",
        "fieldKey": "custom_objects.pet.weight",
        "objectKey": PET,
        "parentId": PET_FOLDER,
        "name": "Weight",
    }
    assert hl.post("/custom-fields/", json=field).status == 201

    assert created(create(hl, {"name": "Rex", "weight": 12}))["properties"] == {"name": "Rex", "weight": 12}
    wrong = create(hl, {"name": "Rex", "weight": "heavy"})
    assert wrong.status == 422
    assert wrong.json() == unprocessable(f"properties.weight {NUMBER}")
    assert update(hl, BUDDY, {"properties": {"weight": 30}}).json()["record"]["properties"]["weight"] == 30


def test_an_option_field_created_through_custom_fields_limits_values_to_its_options(hl: MockClient) -> None:
    field = {
        "locationId": HL_LOCATION,
        "showInForms": True,
        "dataType": "SINGLE_OPTIONS",
        "fieldKey": "coat",
        "objectKey": PET,
        "parentId": PET_FOLDER,
        "name": "Coat",
        "options": [{"key": "short", "label": "Short"}, {"key": "long", "label": "Long"}],
    }
    assert hl.post("/custom-fields/", json=field).status == 201
    assert created(create(hl, {"coat": "long"}))["properties"] == {"coat": "long"}
    wrong = create(hl, {"coat": "curly"})
    assert wrong.status == 422
    assert wrong.json() == unprocessable("properties.coat must be one of the following values: short, long")


# -- update -------------------------------------------------------------------------


def test_update_changes_only_the_keys_sent(hl: MockClient) -> None:
    answer = update(hl, BUDDY, {"properties": {"age": 5, "notes": "Limps on the left paw"}})
    assert answer.status == 200
    body = answer.json()
    assert list(body) == ["record", "traceId"]
    assert UUID.fullmatch(body["traceId"])
    record = body["record"]
    assert STAMP.fullmatch(record["updatedAt"])
    assert record["updatedAt"] > record["createdAt"]
    expected = seeded_record(BUDDY)
    assert record == {
        **expected,
        "properties": {**expected["properties"], "age": 5, "notes": "Limps on the left paw"},
        "updatedAt": record["updatedAt"],
        "lastUpdatedBy": api_actor(record["updatedAt"], record["lastUpdatedBy"]),
    }
    assert get(hl, BUDDY).json()["record"] == record


def test_update_with_null_clears_a_property(hl: MockClient) -> None:
    answer = update(hl, BUDDY, {"properties": {"age": None, "microchip.vendor": None, "notes": None}})
    assert answer.status == 200
    properties = dict(SEEDED[BUDDY]["properties"])
    del properties["age"], properties["microchip.vendor"]
    assert answer.json()["record"]["properties"] == properties
    assert get(hl, BUDDY).json()["record"]["properties"] == properties


def test_update_replaces_owner_and_followers_only_when_sent(hl: MockClient) -> None:
    emptied = update(hl, BUDDY, {"owner": [], "followers": ["a1b2c3d4e5f6g7h8i9j0"]})
    assert emptied.status == 200
    record = emptied.json()["record"]
    assert (record["owners"], record["follower"]) == ([], ["a1b2c3d4e5f6g7h8i9j0"])
    assert record["properties"] == SEEDED[BUDDY]["properties"]
    untouched = update(hl, BUDDY, {"properties": {"age": 6}}).json()["record"]
    assert (untouched["owners"], untouched["follower"]) == ([], ["a1b2c3d4e5f6g7h8i9j0"])
    by_owners = update(hl, BUDDY, {"owners": [OWNER]}).json()["record"]
    assert by_owners["owners"] == [OWNER]


def test_update_with_an_empty_body_changes_nothing_but_the_update_time(hl: MockClient) -> None:
    answer = update(hl, WHISKERS, {})
    assert answer.status == 200
    record = answer.json()["record"]
    assert record == {
        **seeded_record(WHISKERS),
        "updatedAt": record["updatedAt"],
        "lastUpdatedBy": api_actor(record["updatedAt"], record["lastUpdatedBy"]),
    }


def test_update_of_a_created_record(hl: MockClient) -> None:
    record = created(create(hl, {"name": "Rex", "breed": "other"}))
    answer = update(hl, record["id"], {"properties": {"breed": "beagle", "size": "small"}})
    assert answer.status == 200
    updated = answer.json()["record"]
    assert updated["properties"] == {"name": "Rex", "breed": "beagle", "size": "small"}
    assert (updated["id"], updated["createdAt"], updated["createdBy"]) == (
        record["id"],
        record["createdAt"],
        record["createdBy"],
    )


def test_update_needs_the_location_id_in_the_query(hl: MockClient) -> None:
    answer = hl.put(f"/objects/{PET}/records/{BUDDY}", json={"locationId": HL_LOCATION, "properties": {"age": 5}})
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


def test_update_of_an_unknown_record_is_not_found(hl: MockClient) -> None:
    answer = update(hl, "000000000000000000000000", {"properties": {"age": 5}})
    assert answer.status == 400
    assert answer.json() == RECORD_NOT_FOUND


def test_update_in_another_location_does_not_find_the_record(hl: MockClient) -> None:
    answer = update(hl, BUDDY, {"properties": {"age": 5}}, location=uuid.uuid4().hex[:20])
    assert answer.status == 400
    assert answer.json() == {
        "message": "Object schema with key custom_objects.pet not found",
        "error": "Bad Request",
        "statusCode": 400,
    }
    assert get(hl, BUDDY).json()["record"] == seeded_record(BUDDY)


# -- delete -------------------------------------------------------------------------


def test_delete_answers_200_with_the_id_then_the_record_is_gone(hl: MockClient) -> None:
    record = created(create(hl, {"name": "Rex"}))
    answer = delete(hl, record["id"])
    assert answer.status == 200
    assert answer.json() == {"id": record["id"], "success": True}
    assert (get(hl, record["id"]).status, get(hl, record["id"]).json()) == (400, RECORD_NOT_FOUND)
    again = delete(hl, record["id"])
    assert (again.status, again.json()) == (400, RECORD_NOT_FOUND)


def test_a_deleted_seeded_record_leaves_search_and_other_credentials_alone(hl: MockClient) -> None:
    assert delete(hl, BISCUIT).json() == {"id": BISCUIT, "success": True}
    assert names(search(hl)) == ["Buddy", "Whiskers"]
    assert search_body(search(hl))["total"] == 2
    other = other_tenant(hl)
    assert get(other, BISCUIT).json()["record"] == seeded_record(BISCUIT)


def test_delete_under_another_object_is_not_found(hl: MockClient) -> None:
    answer = delete(hl, BUDDY, "business")
    assert answer.status == 400
    assert answer.json() == RECORD_NOT_FOUND
    assert get(hl, BUDDY).status == 200


# -- search -------------------------------------------------------------------------


def test_search_with_no_query_answers_every_record_oldest_first(hl: MockClient) -> None:
    answer = search(hl)
    assert search_body(answer) == {
        "records": [seeded_hit(BUDDY), seeded_hit(WHISKERS), seeded_hit(BISCUIT)],
        "total": 3,
    }


@pytest.mark.parametrize("query", ["", "   ", "*"])
def test_an_empty_query_matches_everything(hl: MockClient, query: str) -> None:
    assert names(search(hl, query=query)) == ["Buddy", "Whiskers", "Biscuit"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("name:Buddy", ["Buddy"]),
        ("name:buddy", ["Buddy"]),
        ("name:SKER", ["Whiskers"]),
        ("name: Biscuit ", ["Biscuit"]),
        ("breed:siamese", ["Whiskers"]),
        ("custom_objects.pet.breed:beagle", ["Biscuit"]),
        ("name:Rex", []),
        ("name:", ["Buddy", "Whiskers", "Biscuit"]),
    ],
)
def test_search_by_field_value(hl: MockClient, query: str, found: list[str]) -> None:
    answer = search(hl, query=query)
    assert names(answer) == found
    assert search_body(answer)["total"] == len(found)


@pytest.mark.parametrize(
    ("query", "found"),
    [("beagle", ["Biscuit"]), ("BUD", ["Buddy"]), ("i", ["Whiskers", "Biscuit"]), ("zebra", [])],
)
def test_a_bare_word_searches_every_searchable_property(hl: MockClient, query: str, found: list[str]) -> None:
    assert names(search(hl, query=query)) == found


def test_search_finds_created_records_and_their_updates(hl: MockClient) -> None:
    rex = created(create(hl, {"name": "Rex", "breed": "other"}))
    assert names(search(hl, query="name:rex")) == ["Rex"]
    [hit] = search(hl, query="name:rex").json()["records"]
    assert hit["searchAfter"] == hit["sort"]
    assert hit["searchAfter"][1] == rex["id"]
    assert (hit["objectId"], hit["followers"], hit["owners"]) == (PET_ID, [], [])
    update(hl, rex["id"], {"properties": {"name": "Rexy"}})
    assert names(search(hl, query="name:rexy")) == ["Rexy"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age:4", "age is not searchable; searchable properties: name, breed"),
        (
            "custom_objects.pet.notes:quiet",
            "custom_objects.pet.notes is not searchable; searchable properties: name, breed",
        ),
        ("colour:brown", "colour is unknown; searchable properties: name, breed"),
    ],
)
def test_searching_a_property_that_is_not_searchable_is_a_422(hl: MockClient, query: str, message: str) -> None:
    answer = search(hl, query=query)
    assert answer.status == 422
    assert answer.json() == unprocessable(message)


def test_a_property_made_searchable_can_be_searched(hl: MockClient) -> None:
    searchable = ["custom_objects.pet.name", "custom_objects.pet.notes"]
    assert hl.put(f"/objects/{PET}", json={"locationId": HL_LOCATION, "searchableProperties": searchable}).status == 200
    assert names(search(hl, query="notes:quiet room")) == ["Whiskers"]
    no_longer = search(hl, query="breed:beagle")
    assert no_longer.status == 422
    assert no_longer.json() == unprocessable("breed is not searchable; searchable properties: name, notes")


def test_page_and_page_limit(hl: MockClient) -> None:
    first, second, third = (search_body(search(hl, page=page, pageLimit=2)) for page in (1, 2, 3))
    assert first == {"records": [seeded_hit(BUDDY), seeded_hit(WHISKERS)], "total": 3}
    assert second == {"records": [seeded_hit(BISCUIT)], "total": 3}
    assert third == {"records": [], "total": 3}


def test_search_after_continues_after_the_record_it_names(hl: MockClient) -> None:
    answer = search(hl, pageLimit=1, searchAfter=[SEEDED[BUDDY]["cursor"], BUDDY])
    assert search_body(answer) == {"records": [seeded_hit(WHISKERS)], "total": 3}
    as_strings = search(hl, pageLimit=5, searchAfter=[str(SEEDED[WHISKERS]["cursor"]), WHISKERS])
    assert search_body(as_strings) == {"records": [seeded_hit(BISCUIT)], "total": 3}


def test_search_after_walks_the_whole_set_without_repeats(hl: MockClient) -> None:
    made = [created(create(hl, {"name": f"Pup {n}"}))["id"] for n in range(7)]
    seen: list[str] = []
    after: list[Any] = []
    pages = 0
    while True:
        body = search_body(search(hl, pageLimit=3, **({"searchAfter": after} if after else {})))
        assert body["total"] == 10
        if not body["records"]:
            break
        seen.extend(record["id"] for record in body["records"])
        after = body["records"][-1]["searchAfter"]
        pages += 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == 10
    assert seen[:3] == [BUDDY, WHISKERS, BISCUIT]
    assert set(seen[3:]) == set(made)


def test_search_after_with_a_query_walks_the_matches_only(hl: MockClient) -> None:
    for n in range(4):
        created(create(hl, {"name": f"Pup {n}", "breed": "beagle" if n % 2 else "other"}))
    first = search_body(search(hl, query="breed:beagle", pageLimit=2))
    assert [record["properties"]["name"] for record in first["records"]] == ["Biscuit", "Pup 1"]
    rest = search_body(search(hl, query="breed:beagle", pageLimit=2, searchAfter=first["records"][-1]["searchAfter"]))
    assert [record["properties"]["name"] for record in rest["records"]] == ["Pup 3"]
    assert first["total"] == rest["total"] == 3


@pytest.mark.parametrize("after", [["soon", BUDDY], [SEEDED[BUDDY]["cursor"]], ["1e999", BUDDY]])
def test_a_malformed_search_after_is_a_422(hl: MockClient, after: list[Any]) -> None:
    answer = search(hl, searchAfter=after)
    assert answer.status == 422
    assert answer.json() == unprocessable("searchAfter must be [epoch milliseconds, record id]")


def test_search_needs_location_and_page_limit(hl: MockClient) -> None:
    answer = hl.post(f"/objects/{PET}/records/search", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "pageLimit should not be empty",
        f"pageLimit {NUMBER}",
    )


def test_search_refuses_unknown_properties_as_in_the_live_capture(hl: MockClient) -> None:
    # Captured from the real service: pageSize instead of pageLimit.
    answer = hl.post(f"/objects/{PET}/records/search", json={"locationId": HL_LOCATION, "page": 1, "pageSize": 10})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "pageLimit should not be empty", f"pageLimit {NUMBER}", "property pageSize should not exist"
    )


def test_search_without_page_starts_at_the_first(hl: MockClient) -> None:
    answer = hl.post(f"/objects/{PET}/records/search", json={"locationId": HL_LOCATION, "pageLimit": 2})
    assert names(answer) == ["Buddy", "Whiskers"]


def test_search_query_is_at_most_75_characters(hl: MockClient) -> None:
    answer = search(hl, query="x" * 76)
    assert answer.status == 422
    assert answer.json() == unprocessable("query must be shorter than or equal to 75 characters")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([{"field": "properties.breed", "operator": "eq", "value": "beagle"}], ["Biscuit"]),
        ([{"field": "properties.name", "operator": "eq", "value": "BUDDY"}], ["Buddy"]),
        ([{"field": "properties.breed", "operator": "not_eq", "value": "beagle"}], ["Buddy", "Whiskers"]),
        ([{"field": "properties.name", "operator": "contains", "value": "ISK"}], ["Whiskers"]),
        ([{"field": "properties.name", "operator": "not_contains", "value": "isk"}], ["Buddy", "Biscuit"]),
        ([{"field": "properties.notes", "operator": "exists"}], ["Whiskers"]),
        ([{"field": "properties.notes", "operator": "not_exists"}], ["Buddy", "Biscuit"]),
        ([{"field": "properties.age", "operator": "range", "value": {"gte": 4, "lt": 8}}], ["Buddy", "Biscuit"]),
        ([{"field": "properties.vaccines", "operator": "eq", "value": "parvo"}], ["Buddy"]),
        ([{"field": "properties.visit_fee", "operator": "range", "value": {"gt": 50}}], ["Buddy"]),
        (
            [
                {
                    "group": "OR",
                    "filters": [
                        {"field": "properties.size", "operator": "eq", "value": "small"},
                        {"field": "properties.breed", "operator": "eq", "value": "beagle"},
                    ],
                }
            ],
            ["Whiskers", "Biscuit"],
        ),
        (
            [
                {
                    "group": "AND",
                    "filters": [
                        {"field": "properties.age", "operator": "range", "value": {"gt": 1}},
                        {"group": "OR", "filters": [{"field": "properties.size", "operator": "eq", "value": "large"}]},
                    ],
                }
            ],
            ["Buddy"],
        ),
    ],
)
def test_search_filters(hl: MockClient, filters: list[dict[str, Any]], expected: list[str]) -> None:
    assert names(search(hl, filters=filters)) == expected


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ([{"field": "properties.name", "operator": "gt", "value": 1}], "Invalid Operator"),
        ([{"operator": "eq", "value": 1}], "field should not be empty"),
        (
            [{"field": "properties.age", "operator": "range", "value": 3}],
            "range value must be an object of gt, gte, lt and lte",
        ),
        ([{"group": "XOR", "filters": []}], "group must be one of the following values: AND, OR"),
        ([{"field": "colour", "operator": "eq", "value": "x"}], "colour is not a field that can be searched"),
    ],
)
def test_bad_filters_are_422(hl: MockClient, filters: list[dict[str, Any]], message: str) -> None:
    answer = search(hl, filters=filters)
    assert answer.status == 422
    assert message in answer.json()["message"]


@pytest.mark.parametrize("depth", [11, 25])
def test_filter_groups_nested_too_deep_are_422_not_a_crash(hl: MockClient, depth: int) -> None:
    nested: dict[str, Any] = {"field": "properties.name", "operator": "eq", "value": "Buddy"}
    for _ in range(depth):
        nested = {"group": "AND", "filters": [nested]}
    answer = search(hl, filters=[nested])
    assert answer.status == 422
    assert answer.json() == unprocessable("filters may nest groups at most 10 deep")


def test_filter_groups_past_the_body_depth_limit_are_malformed_json(hl: MockClient) -> None:
    # 450 groups nest the JSON 900 levels deep: refused when the body is read (64 levels at most).
    nested: dict[str, Any] = {"field": "properties.name", "operator": "eq", "value": "Buddy"}
    for _ in range(450):
        nested = {"group": "AND", "filters": [nested]}
    answer = search(hl, filters=[nested])
    assert answer.status == 400
    assert answer.json()["message"].startswith("Unexpected token { in JSON at position ")


def test_filter_groups_ten_deep_still_work(hl: MockClient) -> None:
    nested: dict[str, Any] = {"field": "properties.name", "operator": "eq", "value": "Buddy"}
    for _ in range(10):
        nested = {"group": "AND", "filters": [nested]}
    assert names(search(hl, filters=[nested])) == ["Buddy"]


def test_search_sort_orders_and_its_cursor_walks_in_that_order(hl: MockClient) -> None:
    by_age = search(hl, sort=[{"field": "properties.age", "direction": "desc"}], pageLimit=1)
    assert names(by_age) == ["Biscuit"]
    first = by_age.json()["records"][0]
    assert first["sort"] == first["searchAfter"] == [7, "679b8fb5de6a0c356a0311b5"]
    walked = ["Biscuit"]
    cursor = first["searchAfter"]
    while True:
        step = search(hl, sort=[{"field": "properties.age", "direction": "desc"}], pageLimit=1, searchAfter=cursor)
        if not step.json()["records"]:
            break
        walked += names(step)
        cursor = step.json()["records"][-1]["searchAfter"]
    assert walked == ["Biscuit", "Buddy", "Whiskers"]
    assert names(search(hl, sort=[{"field": "properties.name", "direction": "asc"}])) == [
        "Biscuit",
        "Buddy",
        "Whiskers",
    ]


def test_search_page_limits(hl: MockClient) -> None:
    answer = search(hl, page=0, pageLimit=101)
    assert answer.status == 422
    assert answer.json() == unprocessable("page must not be less than 1", "pageLimit must not be greater than 100")
    assert names(search(hl, pageLimit=100)) == ["Buddy", "Whiskers", "Biscuit"]


def test_search_field_types(hl: MockClient) -> None:
    answer = search(hl, page="1", pageLimit="2", query=5, searchAfter="x")
    assert answer.status == 422
    assert answer.json() == unprocessable(
        f"page {NUMBER}", f"pageLimit {NUMBER}", "query must be a string", "searchAfter must be an array"
    )


# -- business and the other standard objects --------------------------------------------

SEEDED_BUSINESSES = 3


def test_business_records_go_through_their_whole_life(hl: MockClient) -> None:
    # The seeded businesses (businesses.yaml) are business records too (one record, two APIs).
    assert search_body(search(hl, "business"))["total"] == SEEDED_BUSINESSES
    acme = created(create(hl, {"name": "Acme Pets", "email": "hello@acme.example", "city": "Austin"}, "business"))
    assert (acme["objectKey"], acme["properties"]) == (
        "business",
        {"name": "Acme Pets", "email": "hello@acme.example", "city": "Austin"},
    )
    assert get(hl, acme["id"], "business").json()["record"] == acme

    updated = update(hl, acme["id"], {"properties": {"city": None, "website": "https://acme.example"}}, "business")
    assert updated.status == 200
    assert updated.json()["record"]["properties"] == {
        "name": "Acme Pets",
        "email": "hello@acme.example",
        "website": "https://acme.example",
    }

    found = search_body(search(hl, "business", query="email:acme.example"))
    assert found["total"] == 1
    [hit] = found["records"]
    assert (hit["id"], hit["objectKey"]) == (acme["id"], "business")
    business_id = {
        obj["key"]: obj["id"] for obj in hl.get("/objects/", params={"locationId": HL_LOCATION}).json()["objects"]
    }
    assert hit["objectId"] == business_id["business"]

    assert delete(hl, acme["id"], "business").json() == {"id": acme["id"], "success": True}
    assert search_body(search(hl, "business"))["total"] == SEEDED_BUSINESSES


def test_business_values_are_checked_against_its_fields(hl: MockClient) -> None:
    answer = create(hl, {"name": "Acme", "email": "not an email", "employees": 12}, "business")
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "properties.email must be an email", "property properties.employees should not exist"
    )


def test_a_business_record_is_not_a_pet(hl: MockClient) -> None:
    acme = created(create(hl, {"name": "Acme"}, "business"))
    assert (get(hl, acme["id"]).status, get(hl, acme["id"]).json()) == (400, RECORD_NOT_FOUND)
    assert get(hl, BUDDY, "business").json() == RECORD_NOT_FOUND


@pytest.mark.parametrize("key", ["contact", "opportunity"])
def test_contact_and_opportunity_take_no_records_here(hl: MockClient, key: str) -> None:
    refused = {"message": f"Records of {key} are not supported by this API", "error": "Bad Request", "statusCode": 400}
    made = create(hl, {"first_name": "Ada"} if key == "contact" else {"name": "Deal"}, key)
    assert (made.status, made.json()) == (400, refused)
    searched = search(hl, key)
    assert (searched.status, searched.json()) == (400, refused)
    updated = update(hl, BUDDY, {"properties": {}}, key)
    assert (updated.status, updated.json()) == (400, refused)


# -- tenants ------------------------------------------------------------------------


def test_records_are_seen_by_their_own_credential_only(hl: MockClient) -> None:
    rex = created(create(hl, {"name": "Rex"}))
    update(hl, BUDDY, {"properties": {"age": 9}})
    other = other_tenant(hl)
    assert (get(other, rex["id"]).status, get(other, rex["id"]).json()) == (400, RECORD_NOT_FOUND)
    assert get(other, BUDDY).json()["record"] == seeded_record(BUDDY)
    assert names(search(other)) == ["Buddy", "Whiskers", "Biscuit"]
    assert names(search(hl)) == ["Buddy", "Whiskers", "Biscuit", "Rex"]
