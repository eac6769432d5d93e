"""Contacts (get, create, update, delete, upsert, search, tags, the deprecated list) and the
location custom fields their customFields are checked against."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.fixtures import load_fixtures
from mock_server.core.store import TenantState
from mock_server.vendors.highlevel.contacts import find_contact, seed_contacts
from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import FIELD_ID, TIMESTAMP, bad_request, matches, unprocessable, without_trace

JANE, MARK, LUCY, TOMAS, PRIYA = (
    "C01ownerJane8vShlRW1",
    "C02ownerMark8vShlRW1",
    "C03ownerLucy8vShlRW1",
    "C04leadTomas8vShlRW1",
    "C05leadPriya8vShlRW1",
)
PET_COUNT, PREFERRED_VET, INSURER = "CFpetCount8vShlRW1KT", "CFprefVet08vShlRW1KT", "CFinsurer08vShlRW1KT"
PLAN_TIER = "CFplanTier8vShlRW1KT"
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "highlevel"


def create(hl: MockClient, **body: Any) -> Answer:
    return hl.post("/contacts/", json={"locationId": HL_LOCATION, **body})


def upsert(hl: MockClient, **body: Any) -> Answer:
    return hl.post("/contacts/upsert", json={"locationId": HL_LOCATION, **body})


def search(hl: MockClient, **body: Any) -> Answer:
    return hl.post("/contacts/search", json={"locationId": HL_LOCATION, "pageLimit": 10, **body})


def ids(answer: Answer) -> list[str]:
    assert answer.status == 200, answer.text
    return [contact["id"] for contact in answer.json()["contacts"]]


# -- get, create, update, delete --------------------------------------------------------------


def test_the_seeded_contacts_are_the_clinics(hl: MockClient) -> None:
    answer = hl.get(f"/contacts/{JANE}")
    assert answer.status == 200, answer.text
    jane = answer.json()["contact"]
    assert jane["firstName"] == "Jane" and jane["fullNameLowerCase"] == "jane cooper"
    assert jane["emailLowerCase"] == "jane.cooper@example.com"
    assert jane["assignedTo"] == "U01clinicVet8vShlRW1"
    assert jane["customFields"] == [{"id": PET_COUNT, "value": 2}, {"id": PREFERRED_VET, "value": "Ana Smith"}]
    assert ids(search(hl, sort=[{"field": "dateAdded", "direction": "asc"}])) == [JANE, MARK, LUCY, TOMAS, PRIYA]


def test_create_get_update_delete(hl: MockClient) -> None:
    created = create(
        hl,
        name="Ola Nordmann",
        email="Ola@Example.com",
        phone="(415) 555-0199",
        tags=["walk-in"],
        customFields=[{"key": "pet_count", "field_value": 3}, {"id": PREFERRED_VET, "field_value": "Any vet"}],
    )
    assert created.status == 201, created.text
    contact = created.json()["contact"]
    assert matches(FIELD_ID, contact["id"]) and matches(TIMESTAMP, contact["dateAdded"])
    assert (contact["firstName"], contact["lastName"], contact["phone"]) == ("Ola", "Nordmann", "+14155550199")
    assert contact["emailLowerCase"] == "ola@example.com" and contact["type"] == "lead"
    assert contact["customFields"] == [{"id": PET_COUNT, "value": 3}, {"id": PREFERRED_VET, "value": "Any vet"}]
    assert hl.get(f"/contacts/{contact['id']}").json()["contact"] == contact

    updated = hl.put(
        f"/contacts/{contact['id']}", json={"city": "Oslo", "customFields": [{"id": PET_COUNT, "field_value": None}]}
    )
    assert updated.status == 200, updated.text
    assert updated.json()["succeded"] is True
    assert updated.json()["contact"]["city"] == "Oslo"
    assert updated.json()["contact"]["customFields"] == [{"id": PREFERRED_VET, "value": "Any vet"}]

    deleted = hl.delete(f"/contacts/{contact['id']}")
    assert (deleted.status, deleted.json()) == (200, {"succeded": True})
    gone = hl.get(f"/contacts/{contact['id']}")
    assert (gone.status, gone.json()) == (400, bad_request(f"Contact not found for id:{contact['id']}"))


def test_a_duplicate_email_or_phone_is_refused_with_the_existing_contact(hl: MockClient) -> None:
    by_email = create(hl, firstName="Janet", email="JANE.COOPER@example.com")
    assert by_email.status == 400
    assert by_email.json() == {
        "statusCode": 400,
        "message": "This location does not allow duplicated contacts.",
        "meta": {"contactName": "Jane Cooper", "contactId": JANE, "matchingField": "email"},
    }
    by_phone = create(hl, firstName="Marko", phone="+1 415 555 0202")
    assert by_phone.json()["meta"] == {"contactName": "Mark Ruiz", "contactId": MARK, "matchingField": "phone"}
    moved = hl.put(f"/contacts/{LUCY}", json={"email": "mark.ruiz@example.com"})
    assert moved.status == 400 and moved.json()["meta"]["contactId"] == MARK


def test_unknown_body_keys_and_bad_values_are_422(hl: MockClient) -> None:
    answer = hl.put(f"/contacts/{JANE}", json={"gender": "female"})
    assert (answer.status, answer.json()) == (422, unprocessable("property gender should not exist"))
    answer = create(hl, email="x@example.com", customFields=[{"id": PET_COUNT, "field_value": "many"}])
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "customFields.0.field_value must be a number conforming to the specified constraints"
    )
    answer = create(hl, email="y@example.com", customFields=[{"id": PREFERRED_VET, "field_value": "Dr. Who"}])
    assert answer.status == 422, answer.text
    assert create(hl, locationId=HL_LOCATION).status == 201  # no email or phone: nothing to match


def test_a_custom_field_the_location_lacks_is_refused(hl: MockClient) -> None:
    for ref in ({"id": "nope"}, {"id": PLAN_TIER}):  # an opportunity field is no contact field
        answer = create(hl, email="z@example.com", customFields=[{**ref, "field_value": "x"}])
        assert (answer.status, answer.json()) == (
            400,
            bad_request(f"Custom field {ref['id']} not found for this location"),
        )


def test_the_switch_lets_unknown_custom_fields_through_and_duplicates_in() -> None:
    chosen = ("highlevel.contact_custom_fields=ignore", "highlevel.duplicate_contacts=allowed")
    settings = Settings(vendor=("highlevel",), vendor_options=chosen, strict=True)
    client = create_app(settings).test_client()
    headers = {"Authorization": "Bearer switch-test", "Version": "2021-07-28"}
    body = {
        "locationId": HL_LOCATION,
        "email": "jane.cooper@example.com",
        "customFields": [{"id": "nope", "field_value": 1}],
    }
    answer = client.post("/highlevel/contacts/", json=body, headers=headers)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["contact"]["customFields"] == []


def test_the_assignee_is_checked_against_the_users_when_the_switch_is_on() -> None:
    settings = Settings(vendor=("highlevel",), vendor_options=("highlevel.check_user_ids=on",), strict=True)
    client = create_app(settings).test_client()
    headers = {"Authorization": "Bearer assignee-test", "Version": "2021-07-28"}
    body = {"locationId": HL_LOCATION, "email": "a@example.com", "assignedTo": "nobody"}
    answer = client.post("/highlevel/contacts/", json=body, headers=headers)
    assert (answer.status_code, answer.get_json()) == (400, bad_request("User not found for id: nobody"))
    body["assignedTo"] = "U02clinicNur8vShlRW1"
    assert client.post("/highlevel/contacts/", json=body, headers=headers).status_code == 201


# -- upsert -------------------------------------------------------------------------------------


def test_upsert_creates_then_updates_by_email_first(hl: MockClient) -> None:
    first = upsert(hl, email="new.owner@example.com", firstName="New")
    assert first.status == 200, first.text
    body = without_trace(first.json())
    assert body["new"] is True
    again = upsert(hl, email="NEW.OWNER@example.com", lastName="Owner")
    assert again.status == 200
    assert again.json()["new"] is False
    assert again.json()["contact"]["id"] == body["contact"]["id"]
    assert (again.json()["contact"]["firstName"], again.json()["contact"]["lastName"]) == ("New", "Owner")


def test_upsert_matching_two_contacts_updates_the_email_one_and_leaves_the_phone_out(hl: MockClient) -> None:
    answer = upsert(hl, email="jane.cooper@example.com", phone="+14155550202", city="Berkeley")
    assert answer.status == 200
    contact = answer.json()["contact"]
    assert (answer.json()["new"], contact["id"], contact["phone"], contact["city"]) == (
        False,
        JANE,
        "+14155550201",
        "Berkeley",
    )


# -- tags -------------------------------------------------------------------------------------


def test_tags_are_added_once_and_removed_regardless_of_case(hl: MockClient) -> None:
    added = hl.post(f"/contacts/{MARK}/tags", json={"tags": ["vip", "cats"]})
    assert (added.status, added.json()) == (201, {"tags": ["pet-owner", "cats", "vip"]})
    removed = hl.delete(f"/contacts/{MARK}/tags", json={"tags": ["CATS"]})
    assert (removed.status, removed.json()) == (200, {"tags": ["pet-owner", "vip"]})
    missing = hl.post("/contacts/nope/tags", json={"tags": ["x"]})
    assert (missing.status, missing.json()) == (400, bad_request("Contact not found for id:nope"))


# -- search and the list ------------------------------------------------------------------------


def test_search_filters_sorts_and_pages(hl: MockClient) -> None:
    leads = search(hl, filters=[{"field": "type", "operator": "eq", "value": "lead"}])
    assert sorted(ids(leads)) == [TOMAS, PRIYA] and leads.json()["total"] == 2
    either = search(
        hl,
        filters=[
            {
                "group": "OR",
                "filters": [
                    {"field": "tags", "operator": "eq", "value": "cats"},
                    {"field": "firstNameLowerCase", "operator": "eq", "value": "lucy"},
                ],
            }
        ],
        sort=[{"field": "firstNameLowerCase", "direction": "asc"}],
    )
    assert ids(either) == [LUCY, MARK]
    assert ids(search(hl, query="ruiz")) == [MARK]
    by_field = search(hl, filters=[{"field": f"customFields.{PET_COUNT}", "operator": "range", "value": {"gte": 2}}])
    assert ids(by_field) == [JANE]
    first = search(hl, pageLimit=2, sort=[{"field": "dateAdded", "direction": "asc"}])
    assert ids(first) == [JANE, MARK]
    after = first.json()["contacts"][-1]["searchAfter"]
    assert after == [1735894800000, MARK]
    assert ids(search(hl, pageLimit=2, searchAfter=after, sort=[{"field": "dateAdded", "direction": "asc"}])) == [
        LUCY,
        TOMAS,
    ]
    assert ids(search(hl, pageLimit=2, page=3, sort=[{"field": "dateAdded", "direction": "asc"}])) == [PRIYA]


def test_search_refuses_what_it_cannot_read(hl: MockClient) -> None:
    answer = hl.post("/contacts/search", json={"locationId": HL_LOCATION})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "pageLimit should not be empty", "pageLimit must be a number conforming to the specified constraints"
    )
    answer = search(hl, filters=[{"field": "shoeSize", "operator": "eq", "value": 9}])
    assert (answer.status, answer.json()) == (422, unprocessable("shoeSize is not a field that can be searched"))
    answer = search(hl, filters=[{"field": "email", "operator": "like", "value": "x"}])
    assert (answer.status, answer.json()) == (422, unprocessable("Invalid Operator"))


def test_the_deprecated_list_pages_newest_first(hl: MockClient) -> None:
    first = hl.get("/contacts/", params={"locationId": HL_LOCATION, "limit": 2})
    assert first.status == 200, first.text
    assert ids(first) == [PRIYA, TOMAS]
    meta = first.json()["meta"]
    assert first.json()["count"] == 5 and meta["total"] == 5 and meta["startAfterId"] == TOMAS
    params = {
        "locationId": HL_LOCATION,
        "limit": 2,
        "startAfterId": meta["startAfterId"],
        "startAfter": meta["startAfter"],
    }
    assert ids(hl.get("/contacts/", params=params)) == [LUCY, MARK]
    assert ids(hl.get("/contacts/", params={"locationId": HL_LOCATION, "query": "new-lead"})) == [PRIYA, TOMAS]


# -- location custom fields ---------------------------------------------------------------------


def test_location_custom_fields_list_get_create_update_delete(hl: MockClient) -> None:
    base = f"/locations/{HL_LOCATION}/customFields"
    listed = hl.get(base, params={"model": "contact"})
    assert listed.status == 200, listed.text
    assert [field["fieldKey"] for field in listed.json()["customFields"]] == [
        "contact.pet_count",
        "contact.preferred_vet",
        "contact.pet_insurer",
        "contact.next_check_up",
    ]
    assert len(hl.get(base).json()["customFields"]) == 5
    created = hl.post(base, json={"name": "Favourite treat", "dataType": "TEXT", "model": "contact"})
    assert created.status == 201, created.text
    field = created.json()["customField"]
    assert field["fieldKey"] == "contact.favourite_treat" and matches(FIELD_ID, field["id"])
    assert hl.get(f"{base}/{field['id']}").json() == {"customField": field}
    renamed = hl.put(f"{base}/{field['id']}", json={"name": "Treat"})
    assert renamed.json()["customField"]["name"] == "Treat"
    assert (
        create(hl, email="t@example.com", customFields=[{"key": "favourite_treat", "field_value": "fish"}]).status
        == 201
    )
    assert hl.delete(f"{base}/{field['id']}").json() == {"succeded": True}
    missing = hl.get(f"{base}/{field['id']}")
    assert (missing.status, missing.json()) == (400, bad_request("Custom field not found"))
    again = hl.post(base, json={"name": "Pet count", "dataType": "NUMERICAL"})
    assert (again.status, again.json()) == (400, bad_request("Custom field with key contact.pet_count already exists"))
    assert hl.post(base, json={"dataType": "TEXT"}).json() == unprocessable(
        "name should not be empty", "name must be a string"
    )


def test_find_contact_is_what_other_resources_check_ids_with() -> None:
    state = TenantState("highlevel", "find-contact", ids=None)  # type: ignore[arg-type]
    seed_contacts(state, load_fixtures(FIXTURES))
    found = find_contact(state, HL_LOCATION, JANE)
    assert found is not None and found["firstName"] == "Jane"
    assert find_contact(state, "elsewhere", JANE) is None
    assert find_contact(state, HL_LOCATION, "nope") is None
