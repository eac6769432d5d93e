"""Relations between custom-object records and the location's contacts, opportunities
and businesses (their own APIs' records), and the pets related to their owners in the
fixtures."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from tests.support import HL_LOCATION, MockClient
from tests.vendors.highlevel.expect import OBJECT_ID, bad_request, matches, relate

PET = "custom_objects.pet"
BUDDY, WHISKERS, BISCUIT = "679b8f9bde6a0c356a0311b3", "679b8fa8de6a0c356a0311b4", "679b8fb5de6a0c356a0311b5"
PET_OWNER = "67ade73d1119d2ac7ad0c4a1"
JANE, LUCY, TOMAS = "C01ownerJane8vShlRW1", "C03ownerLucy8vShlRW1", "C04leadTomas8vShlRW1"
BISCUIT_PLAN = "O02biscuitVax8vShlRW"
SUPPLIER = "65a1b2c3d4e5f60718293a4b"
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "highlevel"


def relations_of(hl: MockClient, record_id: str) -> list[dict[str, Any]]:
    answer = hl.get(f"/associations/relations/{record_id}", params={"locationId": HL_LOCATION, "skip": 0, "limit": 50})
    assert answer.status == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["relations"]
    return found


def pet_association(hl: MockClient, other: str) -> str:
    """A new association from pets to `other` (a standard object key)."""
    answer = hl.post(
        "/associations/",
        json={
            "locationId": HL_LOCATION,
            "key": f"pet_{other}_{uuid.uuid4().hex[:6]}",
            "firstObjectLabel": "Pet",
            "firstObjectKey": PET,
            "secondObjectLabel": other.title(),
            "secondObjectKey": other,
        },
    )
    assert answer.status == 201, answer.text
    association_id: str = answer.json()["id"]
    return association_id


def test_each_seeded_pet_is_related_to_its_owner(hl: MockClient) -> None:
    assert relations_of(hl, JANE) == [
        {
            "id": "67ade8a21119d2ac7ad0c4b1",
            "associationId": PET_OWNER,
            "firstRecordId": BUDDY,
            "secondRecordId": JANE,
            "firstObjectKey": PET,
            "secondObjectKey": "contact",
            "locationId": HL_LOCATION,
        }
    ]
    owners = [relation["secondRecordId"] for pet in (BUDDY, WHISKERS, BISCUIT) for relation in relations_of(hl, pet)]
    assert owners == [JANE, "C02ownerMark8vShlRW1", LUCY]


def test_the_fixture_relations_name_seeded_contacts() -> None:
    """`crm-mock check` cannot see across files: this keeps locations.yaml's relations
    pointing at contacts.yaml's contacts."""
    locations = yaml.safe_load((FIXTURES / "locations.yaml").read_text())
    contacts = yaml.safe_load((FIXTURES / "contacts.yaml").read_text())
    contact_ids = {contact["id"] for people in contacts.values() for contact in people}
    related = [relation["secondRecordId"] for location in locations for relation in location.get("relations", [])]
    assert related and set(related) <= contact_ids


def test_a_pet_relates_to_a_contact_either_way_round(hl: MockClient) -> None:
    answer = relate(hl, PET_OWNER, TOMAS, BISCUIT)  # the contact first: stored in the association's order
    assert answer.status == 201, answer.text
    relation = answer.json()
    assert matches(OBJECT_ID, relation["id"])
    assert (relation["firstRecordId"], relation["secondRecordId"]) == (BISCUIT, TOMAS)
    assert [item["id"] for item in relations_of(hl, TOMAS)] == [relation["id"]]
    again = relate(hl, PET_OWNER, BISCUIT, TOMAS)
    assert (again.status, again.json()) == (
        400,
        bad_request(f"Could not create relation: duplicate relation of object Ids for given association {PET_OWNER}"),
    )


def test_a_contact_that_does_not_exist_cannot_be_related(hl: MockClient) -> None:
    answer = relate(hl, PET_OWNER, BUDDY, "C99nobodyHere8vShlRW")
    assert (answer.status, answer.json()) == (400, bad_request("Record not found"))


def test_a_record_of_another_object_does_not_fit_the_association(hl: MockClient) -> None:
    answer = relate(hl, PET_OWNER, BUDDY, BISCUIT_PLAN)  # an opportunity, not a contact
    assert (answer.status, answer.json()) == (
        400,
        bad_request(f"Records do not match the objects of association {PET_OWNER}"),
    )


def test_a_pet_relates_to_an_opportunity(hl: MockClient) -> None:
    association_id = pet_association(hl, "opportunity")
    answer = relate(hl, association_id, BISCUIT, BISCUIT_PLAN)
    assert answer.status == 201, answer.text
    assert answer.json()["secondObjectKey"] == "opportunity"
    missing = relate(hl, association_id, BISCUIT, "O99missingPlan8vShlR")
    assert (missing.status, missing.json()) == (400, bad_request("Record not found"))


def test_a_pet_relates_to_a_business(hl: MockClient) -> None:
    association_id = pet_association(hl, "business")
    answer = relate(hl, association_id, WHISKERS, SUPPLIER)
    assert answer.status == 201, answer.text
    record = hl.get(f"/objects/{PET}/records/{WHISKERS}").json()["record"]
    assert {"objectKey": "business", "recordId": SUPPLIER} in [
        {"objectKey": item["objectKey"], "recordId": item["recordId"]} for item in record["relations"]
    ]


def test_the_system_association_relates_a_business_to_a_contact(hl: MockClient) -> None:
    answer = relate(hl, "BUSINESSES_CONTACTS_ASSOCIATION", LUCY, SUPPLIER)
    assert answer.status == 201, answer.text
    body = answer.json()
    assert (body["firstObjectKey"], body["firstRecordId"], body["secondRecordId"]) == ("business", SUPPLIER, LUCY)


# -- deleting a record deletes the relations naming it ------------------------------------


def test_deleting_an_opportunity_deletes_its_relations(hl: MockClient) -> None:
    association_id = pet_association(hl, "opportunity")
    relation_id = relate(hl, association_id, BISCUIT, BISCUIT_PLAN).json()["id"]
    assert hl.delete(f"/opportunities/{BISCUIT_PLAN}").json() == {"succeded": True}
    assert relation_id not in [item["id"] for item in relations_of(hl, BISCUIT)]
    assert relations_of(hl, BISCUIT_PLAN) == []


def test_deleting_a_business_deletes_its_relations(hl: MockClient) -> None:
    association_id = pet_association(hl, "business")
    relation_id = relate(hl, association_id, WHISKERS, SUPPLIER).json()["id"]
    to_lucy = relate(hl, "BUSINESSES_CONTACTS_ASSOCIATION", LUCY, SUPPLIER).json()["id"]
    assert hl.delete(f"/businesses/{SUPPLIER}").json() == {"success": True}
    assert relations_of(hl, SUPPLIER) == []
    assert relation_id not in [item["id"] for item in relations_of(hl, WHISKERS)]
    assert to_lucy not in [item["id"] for item in relations_of(hl, LUCY)]
    record = hl.get(f"/objects/{PET}/records/{WHISKERS}").json()["record"]
    assert SUPPLIER not in [item["recordId"] for item in record["relations"]]
    gone = hl.delete(f"/associations/relations/{relation_id}", params={"locationId": HL_LOCATION})
    assert (gone.status, gone.json()) == (400, bad_request("Relation not found"))


def test_deleting_a_business_record_through_the_objects_api_deletes_its_relations(hl: MockClient) -> None:
    relation_id = relate(hl, "BUSINESSES_CONTACTS_ASSOCIATION", JANE, SUPPLIER).json()["id"]
    assert hl.delete(f"/objects/business/records/{SUPPLIER}").status == 200
    assert relation_id not in [item["id"] for item in relations_of(hl, JANE)]


def test_deleting_a_contact_deletes_its_relations(hl: MockClient) -> None:
    relation_id = relate(hl, "BUSINESSES_CONTACTS_ASSOCIATION", LUCY, SUPPLIER).json()["id"]
    assert relation_id in [item["id"] for item in relations_of(hl, SUPPLIER)]
    assert hl.delete(f"/contacts/{LUCY}").json() == {"succeded": True}
    assert relations_of(hl, LUCY) == []
    assert relation_id not in [item["id"] for item in relations_of(hl, SUPPLIER)]
