"""Associations (which objects may relate) and relations (which records do)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import OBJECT_ID, TIMESTAMP, UUID, bad_request, matches, relate, unprocessable

PET = "custom_objects.pet"
PET_OBJECT_ID = "661c06b4ffde146bdb469442"
BUDDY = "679b8f9bde6a0c356a0311b3"
WHISKERS = "679b8fa8de6a0c356a0311b4"
BISCUIT = "679b8fb5de6a0c356a0311b5"
PET_OWNER_ID = "67ade73d1119d2ac7ad0c4a1"
PET_OWNER = {
    "locationId": HL_LOCATION,
    "id": PET_OWNER_ID,
    "key": "pet_owner",
    "firstObjectLabel": "Pet",
    "firstObjectKey": PET,
    "secondObjectLabel": "Owner",
    "secondObjectKey": "contact",
    "associationType": "USER_DEFINED",
}


def system_associations(location: str = HL_LOCATION) -> list[dict[str, Any]]:
    """The two associations every location has (fixtures/highlevel/standard_associations.yaml)."""
    return [
        {
            "locationId": location,
            "id": "OPPORTUNITIES_CONTACTS_ASSOCIATION",
            "key": "OPPORTUNITIES_CONTACTS_ASSOCIATION",
            "firstObjectKey": "opportunity",
            "firstObjectLabel": "OPPORTUNITY_TO_CONTACT",
            "secondObjectKey": "contact",
            "secondObjectLabel": "CONTACT_TO_OPPORTUNITY",
            "associationType": "SYSTEM_DEFINED",
        },
        {
            "locationId": location,
            "id": "BUSINESSES_CONTACTS_ASSOCIATION",
            "key": "BUSINESSES_CONTACTS_ASSOCIATION",
            "firstObjectKey": "business",
            "firstObjectLabel": "BUSINESS_TO_CONTACT",
            "secondObjectKey": "contact",
            "secondObjectLabel": "CONTACT_TO_BUSINESS",
            "associationType": "SYSTEM_DEFINED",
        },
    ]


SYSTEM_IDS = ["OPPORTUNITIES_CONTACTS_ASSOCIATION", "BUSINESSES_CONTACTS_ASSOCIATION"]
# The fixtures relate each pet to its owner (locations.yaml); the tests here remove
# those relations first, so each sees only the relations it makes.
SEEDED_RELATIONS = ["67ade8a21119d2ac7ad0c4b1", "67ade8a21119d2ac7ad0c4b2", "67ade8a21119d2ac7ad0c4b3"]


@pytest.fixture
def hl(hl: MockClient) -> MockClient:
    for relation_id in SEEDED_RELATIONS:
        answer = hl.delete(f"/associations/relations/{relation_id}", params={"locationId": HL_LOCATION})
        assert answer.status == 200, answer.text
    return hl


def not_found(what: str) -> dict[str, Any]:
    return bad_request(f"{what} not found")


def association_body(key: str, **overrides: Any) -> dict[str, Any]:
    """A pet-to-company association, unless overridden."""
    return {
        "locationId": HL_LOCATION,
        "key": key,
        "firstObjectLabel": "Pet",
        "firstObjectKey": PET,
        "secondObjectLabel": "Company",
        "secondObjectKey": "business",
        **overrides,
    }


def create_association(hl: MockClient, key: str, **overrides: Any) -> dict[str, Any]:
    answer = hl.post("/associations/", json=association_body(key, **overrides))
    assert answer.status == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def create_company(hl: MockClient, name: str) -> str:
    answer = hl.post("/objects/business/records", json={"locationId": HL_LOCATION, "properties": {"name": name}})
    assert answer.status == 201, answer.text
    record_id: str = answer.json()["record"]["id"]
    return record_id


def create_vets(hl: MockClient) -> str:
    """A custom object of our own, `custom_objects.vet`, with one record; that record's id."""
    answer = hl.post(
        "/objects/",
        json={
            "locationId": HL_LOCATION,
            "key": "vet",
            "labels": {"singular": "Vet", "plural": "Vets"},
            "primaryDisplayPropertyDetails": {"key": "name", "name": "Name", "dataType": "TEXT"},
        },
    )
    assert answer.status == 201, answer.text
    answer = hl.post(
        "/objects/custom_objects.vet/records", json={"locationId": HL_LOCATION, "properties": {"name": "Dr. Lee"}}
    )
    assert answer.status == 201, answer.text
    record_id: str = answer.json()["record"]["id"]
    return record_id


def related(hl: MockClient, association_id: str, first: str, second: str) -> dict[str, Any]:
    answer = relate(hl, association_id, first, second)
    assert answer.status == 201, answer.text
    relation: dict[str, Any] = answer.json()
    return relation


def relations_of(hl: MockClient, record_id: str, skip: int = 0, limit: int = 10, **extra: Any) -> Answer:
    return hl.get(
        f"/associations/relations/{record_id}",
        params={"locationId": HL_LOCATION, "skip": skip, "limit": limit, **extra},
    )


def record_relations(hl: MockClient, schema_key: str, record_id: str) -> list[dict[str, Any]]:
    """The `relations` list of a record as GET shows it."""
    answer = hl.get(f"/objects/{schema_key}/records/{record_id}")
    assert answer.status == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["record"]["relations"]
    return found


def listing(hl: MockClient, skip: int = 0, limit: int = 10, location: str = HL_LOCATION) -> Answer:
    return hl.get("/associations/", params={"locationId": location, "skip": skip, "limit": limit})


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# -- create-association -----------------------------------------------------


def test_create_association_answers_201_with_the_association(hl: MockClient) -> None:
    answer = hl.post("/associations/", json=association_body("pet_company"))
    assert answer.status == 201
    body = answer.json()
    assert matches(OBJECT_ID, body["id"])
    assert body == {
        "locationId": HL_LOCATION,
        "id": body["id"],
        "key": "pet_company",
        "firstObjectLabel": "Pet",
        "firstObjectKey": PET,
        "secondObjectLabel": "Company",
        "secondObjectKey": "business",
        "associationType": "USER_DEFINED",
    }
    assert hl.get(f"/associations/{body['id']}").json() == body


def test_an_object_may_be_named_by_its_id_and_the_association_keeps_its_key(hl: MockClient) -> None:
    created = create_association(hl, "pet_company", firstObjectKey=PET_OBJECT_ID)
    assert (created["firstObjectKey"], created["secondObjectKey"]) == (PET, "business")
    # ...so records of that object can be related under it.
    assert relate(hl, created["id"], BUDDY, create_company(hl, "Acme")).status == 201


def test_association_between_two_custom_objects(hl: MockClient) -> None:
    vet = create_vets(hl)
    association = create_association(
        hl, "pet_vet", secondObjectKey="custom_objects.vet", secondObjectLabel="Vet", firstObjectLabel="Patient"
    )
    assert association["secondObjectKey"] == "custom_objects.vet"
    relation = related(hl, association["id"], BUDDY, vet)
    assert relation["firstObjectKey"] == PET
    assert relation["secondObjectKey"] == "custom_objects.vet"
    assert [item["recordId"] for item in record_relations(hl, "custom_objects.vet", vet)] == [BUDDY]


def test_a_duplicate_association_key_is_refused(hl: MockClient) -> None:
    answer = hl.post("/associations/", json=association_body("pet_owner"))
    assert answer.status == 400
    assert answer.json() == {
        "message": "Association with key pet_owner already exists",
        "error": "Bad Request",
        "statusCode": 400,
    }
    assert listing(hl).json()["total"] == 3


@pytest.mark.parametrize("side", ["firstObjectKey", "secondObjectKey"])
def test_an_unknown_object_key_is_refused(hl: MockClient, side: str) -> None:
    answer = hl.post("/associations/", json=association_body("pet_car", **{side: "custom_objects.car"}))
    assert answer.status == 400
    assert answer.json() == not_found("Object schema with key custom_objects.car")


def test_create_association_with_an_empty_body_names_every_missing_field(hl: MockClient) -> None:
    answer = hl.post("/associations/", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "key should not be empty",
        "key must be a string",
        "firstObjectLabel should not be empty",
        "firstObjectLabel must be a string",
        "firstObjectKey should not be empty",
        "firstObjectKey must be a string",
        "secondObjectLabel should not be empty",
        "secondObjectLabel must be a string",
        "secondObjectKey should not be empty",
        "secondObjectKey must be a string",
    )


def test_create_association_checks_each_field(hl: MockClient) -> None:
    answer = hl.post("/associations/", json=association_body("", firstObjectLabel=7))
    assert answer.status == 422
    assert answer.json() == unprocessable("key should not be empty", "firstObjectLabel must be a string")


# -- find-associations --------------------------------------------------------


def test_find_associations_lists_the_seeded_one(hl: MockClient) -> None:
    answer = listing(hl)
    assert answer.status == 200
    body = answer.json()
    assert matches(UUID, body["traceId"])
    assert body == {"associations": [*system_associations(), PET_OWNER], "total": 3, "traceId": body["traceId"]}


def test_find_associations_pages_with_skip_and_limit(hl: MockClient) -> None:
    made = [create_association(hl, f"pet_company_{n}")["id"] for n in range(3)]
    every = [*SYSTEM_IDS, PET_OWNER_ID, *made]
    pages = [listing(hl, skip=skip, limit=2).json() for skip in (0, 2, 4, 6)]
    assert [(ids(page["associations"]), page["total"]) for page in pages] == [
        (every[0:2], 6),
        (every[2:4], 6),
        (every[4:6], 6),
        ([], 6),
    ]


def test_another_location_has_only_the_system_associations(hl: MockClient) -> None:
    create_association(hl, "pet_company")
    body = listing(hl, location="aaaaaaaaaaaaaaaaaaaa").json()
    assert (body["associations"], body["total"]) == (system_associations("aaaaaaaaaaaaaaaaaaaa"), 2)


def test_find_associations_without_skip_and_limit_lists_from_the_start(hl: MockClient) -> None:
    # Real clients call it with neither (see the spec's x-guess note).
    answer = hl.get("/associations/", params={"locationId": HL_LOCATION})
    assert answer.status == 200
    assert (ids(answer.json()["associations"]), answer.json()["total"]) == ([*SYSTEM_IDS, PET_OWNER_ID], 3)


def test_find_associations_checks_skip_and_limit_when_given(hl: MockClient) -> None:
    answer = hl.get("/associations/", params={"locationId": HL_LOCATION, "skip": "x", "limit": 0})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "skip must be a number conforming to the specified constraints", "limit must not be less than 1"
    )


def test_system_associations_are_read_only(hl: MockClient) -> None:
    system = system_associations()[1]
    assert hl.get(f"/associations/{system['id']}").json() == system
    refused = {"message": "System defined associations cannot be modified", "error": "Bad Request", "statusCode": 400}
    renamed = hl.put(f"/associations/{system['id']}", json={"firstObjectLabel": "a", "secondObjectLabel": "b"})
    assert (renamed.status, renamed.json()) == (400, refused)
    deleted = hl.delete(f"/associations/{system['id']}")
    assert (deleted.status, deleted.json()) == (400, refused)
    assert hl.get(f"/associations/key/{system['key']}", params={"locationId": HL_LOCATION}).json() == system


def test_find_associations_requires_a_location(hl: MockClient) -> None:
    answer = hl.get("/associations/", params={"skip": 0, "limit": 10})
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


@pytest.mark.parametrize(
    ("skip", "limit", "message"),
    [
        (0, 101, "limit must not be greater than 100"),
        (0, 0, "limit must not be less than 1"),
        (-1, 10, "skip must not be less than 0"),
        ("a", 10, "skip must be a number conforming to the specified constraints"),
    ],
)
def test_find_associations_checks_skip_and_limit(hl: MockClient, skip: Any, limit: Any, message: str) -> None:
    answer = listing(hl, skip=skip, limit=limit)
    assert answer.status == 422
    assert answer.json() == unprocessable(message)


def test_a_limit_of_100_is_allowed(hl: MockClient) -> None:
    assert listing(hl, limit=100).status == 200


# -- get by id, by key name, by object key ----------------------------------


def test_get_association_by_id(hl: MockClient) -> None:
    answer = hl.get(f"/associations/{PET_OWNER_ID}")
    assert answer.status == 200
    assert answer.json() == PET_OWNER


def test_get_association_key_by_key_name(hl: MockClient) -> None:
    created = create_association(hl, "pet_company")
    seeded = hl.get("/associations/key/pet_owner", params={"locationId": HL_LOCATION})
    assert (seeded.status, seeded.json()) == (200, PET_OWNER)
    mine = hl.get("/associations/key/pet_company", params={"locationId": HL_LOCATION})
    assert (mine.status, mine.json()) == (200, created)


def test_get_association_key_of_an_unknown_key(hl: MockClient) -> None:
    answer = hl.get("/associations/key/pet_car", params={"locationId": HL_LOCATION})
    assert answer.status == 400
    assert answer.json() == not_found("Association")


def test_get_association_key_is_per_location(hl: MockClient) -> None:
    answer = hl.get("/associations/key/pet_owner", params={"locationId": "aaaaaaaaaaaaaaaaaaaa"})
    assert answer.status == 400
    assert answer.json() == not_found("Association")


def test_get_association_key_requires_a_location(hl: MockClient) -> None:
    answer = hl.get("/associations/key/pet_owner")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


def test_get_associations_by_object_key(hl: MockClient) -> None:
    created = create_association(hl, "pet_company")

    def by_object(key: str) -> dict[str, Any]:
        answer = hl.get(f"/associations/objectKey/{key}", params={"locationId": HL_LOCATION})
        assert answer.status == 200
        body: dict[str, Any] = answer.json()
        assert matches(UUID, body.pop("traceId"))
        return body

    opportunities, businesses = system_associations()
    assert by_object(PET) == {"associations": [PET_OWNER, created], "total": 2}
    assert by_object("business") == {"associations": [businesses, created], "total": 2}
    assert by_object("contact") == {"associations": [opportunities, businesses, PET_OWNER], "total": 3}
    assert by_object("opportunity") == {"associations": [opportunities], "total": 1}
    assert by_object("custom_objects.car") == {"associations": [], "total": 0}


def test_get_associations_by_object_key_without_a_location(hl: MockClient) -> None:
    answer = hl.get(f"/associations/objectKey/{PET}")
    assert answer.status == 200
    assert answer.json()["associations"] == [PET_OWNER]


# -- update and delete ------------------------------------------------------------


def test_update_association_changes_both_labels(hl: MockClient) -> None:
    created = create_association(hl, "pet_company")
    answer = hl.put(
        f"/associations/{created['id']}", json={"firstObjectLabel": "Mascot", "secondObjectLabel": "Sponsor"}
    )
    assert answer.status == 200
    expected = {**created, "firstObjectLabel": "Mascot", "secondObjectLabel": "Sponsor"}
    assert answer.json() == expected
    assert hl.get(f"/associations/{created['id']}").json() == expected


def test_update_association_requires_both_labels(hl: MockClient) -> None:
    answer = hl.put(f"/associations/{PET_OWNER_ID}", json={"firstObjectLabel": "Animal"})
    assert answer.status == 422
    assert answer.json() == unprocessable("secondObjectLabel should not be empty", "secondObjectLabel must be a string")
    assert hl.get(f"/associations/{PET_OWNER_ID}").json() == PET_OWNER


def test_delete_association(hl: MockClient) -> None:
    created = create_association(hl, "pet_company")
    answer = hl.delete(f"/associations/{created['id']}")
    assert answer.status == 200
    assert answer.json() == {"deleted": True, "id": created["id"], "message": "Association deleted successfully"}
    assert hl.get(f"/associations/{created['id']}").json() == not_found("Association")
    assert ids(listing(hl).json()["associations"]) == [*SYSTEM_IDS, PET_OWNER_ID]


def test_deleting_an_association_deletes_its_relations_only(hl: MockClient) -> None:
    doomed = create_association(hl, "pet_company")
    kept = create_association(hl, "pet_sponsor", secondObjectLabel="Sponsor")
    acme = create_company(hl, "Acme")
    related(hl, doomed["id"], BUDDY, acme)
    survivor = related(hl, kept["id"], BUDDY, acme)
    assert hl.delete(f"/associations/{doomed['id']}").status == 200
    assert relations_of(hl, BUDDY).json()["relations"] == [survivor]
    assert [item["associationId"] for item in record_relations(hl, "business", acme)] == [kept["id"]]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_unknown_association_id(hl: MockClient, method: str) -> None:
    labels = {"firstObjectLabel": "a", "secondObjectLabel": "b"} if method == "PUT" else None
    answer = hl.request(method, "/associations/00000000-0000-4000-8000-000000000000", json=labels)
    assert answer.status == 400
    assert answer.json() == not_found("Association")


# -- create-relation ----------------------------------------------------------


def test_create_relation_answers_201_with_the_relation(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    answer = relate(hl, association["id"], BUDDY, acme)
    assert answer.status == 201
    body = answer.json()
    assert matches(OBJECT_ID, body["id"])
    assert body == {
        "id": body["id"],
        "associationId": association["id"],
        "firstRecordId": BUDDY,
        "secondRecordId": acme,
        "firstObjectKey": PET,
        "secondObjectKey": "business",
        "locationId": HL_LOCATION,
    }


def test_records_given_in_reverse_order_are_stored_in_the_association_order(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    relation = related(hl, association["id"], acme, BUDDY)
    assert (relation["firstRecordId"], relation["secondRecordId"]) == (BUDDY, acme)
    assert (relation["firstObjectKey"], relation["secondObjectKey"]) == (PET, "business")


@pytest.mark.parametrize("reverse", [False, True], ids=["same order", "reverse order"])
def test_a_duplicate_relation_gets_the_vendor_message(hl: MockClient, reverse: bool) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    related(hl, association["id"], BUDDY, acme)
    answer = relate(hl, association["id"], *((acme, BUDDY) if reverse else (BUDDY, acme)))
    assert answer.status == 400
    assert answer.json() == {
        "message": "Could not create relation: duplicate relation of object Ids for given association "
        + association["id"],
        "error": "Bad Request",
        "statusCode": 400,
    }
    assert relations_of(hl, BUDDY).json()["total"] == 1


def test_the_same_records_may_relate_under_another_association(hl: MockClient) -> None:
    first = create_association(hl, "pet_company")
    second = create_association(hl, "pet_sponsor", secondObjectLabel="Sponsor")
    acme = create_company(hl, "Acme")
    related(hl, first["id"], BUDDY, acme)
    assert relate(hl, second["id"], BUDDY, acme).status == 201


def test_between_records_of_one_object_either_order_is_the_same_relation(hl: MockClient) -> None:
    association = create_association(
        hl, "pet_sibling", secondObjectKey=PET, firstObjectLabel="Sibling", secondObjectLabel="Sibling"
    )
    relation = related(hl, association["id"], WHISKERS, BUDDY)
    assert (relation["firstRecordId"], relation["secondRecordId"]) == (WHISKERS, BUDDY)
    answer = relate(hl, association["id"], BUDDY, WHISKERS)
    assert answer.status == 400
    assert answer.json()["message"] == (
        f"Could not create relation: duplicate relation of object Ids for given association {association['id']}"
    )


def test_create_relation_under_an_unknown_association(hl: MockClient) -> None:
    answer = relate(hl, "00000000-0000-4000-8000-000000000000", BUDDY, WHISKERS)
    assert answer.status == 400
    assert answer.json() == not_found("Association")


def test_create_relation_under_an_association_of_another_location(hl: MockClient) -> None:
    answer = hl.post(
        "/associations/relations",
        json={
            "locationId": "aaaaaaaaaaaaaaaaaaaa",
            "associationId": PET_OWNER_ID,
            "firstRecordId": BUDDY,
            "secondRecordId": WHISKERS,
        },
    )
    assert answer.status == 400
    assert answer.json() == not_found("Association")


@pytest.mark.parametrize("side", ["first", "second"])
def test_create_relation_with_an_unknown_record(hl: MockClient, side: str) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    records = (BUDDY, "000000000000000000000000") if side == "second" else ("000000000000000000000000", acme)
    answer = relate(hl, association["id"], *records)
    assert answer.status == 400
    assert answer.json() == not_found("Record")


def test_create_relation_with_records_of_other_objects(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    answer = relate(hl, association["id"], BUDDY, WHISKERS)
    assert answer.status == 400
    assert answer.json() == {
        "message": f"Records do not match the objects of association {association['id']}",
        "error": "Bad Request",
        "statusCode": 400,
    }


def test_create_relation_with_an_empty_body_names_every_missing_field(hl: MockClient) -> None:
    answer = hl.post("/associations/relations", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "associationId should not be empty",
        "associationId must be a string",
        "firstRecordId should not be empty",
        "firstRecordId must be a string",
        "secondRecordId should not be empty",
        "secondRecordId must be a string",
    )


# -- get-relations-by-record-id ------------------------------------------------


def test_get_relations_by_record_id(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    relation = related(hl, association["id"], BUDDY, acme)
    for record_id in (BUDDY, acme):
        answer = relations_of(hl, record_id)
        assert answer.status == 200
        body = answer.json()
        assert matches(UUID, body["traceId"])
        assert body == {"relations": [relation], "total": 1, "traceId": body["traceId"]}


def test_a_record_without_relations_has_an_empty_list(hl: MockClient) -> None:
    for record_id in (BISCUIT, "000000000000000000000000"):
        body = relations_of(hl, record_id).json()
        assert (body["relations"], body["total"]) == ([], 0)


def test_get_relations_pages_with_skip_and_limit(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    made = [related(hl, association["id"], BUDDY, create_company(hl, name))["id"] for name in ("A", "B", "C")]
    first = relations_of(hl, BUDDY, skip=0, limit=2).json()
    second = relations_of(hl, BUDDY, skip=2, limit=2).json()
    assert (ids(first["relations"]), first["total"]) == (made[:2], 3)
    assert (ids(second["relations"]), second["total"]) == (made[2:], 3)


def test_get_relations_filters_by_association_ids(hl: MockClient) -> None:
    company = create_association(hl, "pet_company")
    sponsor = create_association(hl, "pet_sponsor", secondObjectLabel="Sponsor")
    vet = create_association(hl, "pet_vet_clinic", secondObjectLabel="Clinic")
    acme = create_company(hl, "Acme")
    by_company = related(hl, company["id"], BUDDY, acme)
    by_sponsor = related(hl, sponsor["id"], BUDDY, acme)
    by_vet = related(hl, vet["id"], BUDDY, acme)

    def filtered(*association_ids: str) -> list[str]:
        body = relations_of(hl, BUDDY, associationIds=list(association_ids)).json()
        assert body["total"] == len(body["relations"])
        return ids(body["relations"])

    assert filtered(sponsor["id"]) == [by_sponsor["id"]]
    assert filtered(company["id"], vet["id"]) == [by_company["id"], by_vet["id"]]
    assert filtered("00000000-0000-4000-8000-000000000000") == []
    assert filtered() == [by_company["id"], by_sponsor["id"], by_vet["id"]]


def test_get_relations_requires_location_skip_and_limit(hl: MockClient) -> None:
    answer = hl.get(f"/associations/relations/{BUDDY}")
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "skip should not be empty",
        "skip must be a number conforming to the specified constraints",
        "limit should not be empty",
        "limit must be a number conforming to the specified constraints",
    )


def test_get_relations_limit_is_at_most_100(hl: MockClient) -> None:
    answer = relations_of(hl, BUDDY, limit=101)
    assert answer.status == 422
    assert answer.json() == unprocessable("limit must not be greater than 100")


# -- delete-relation ----------------------------------------------------------


def test_delete_relation(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    relation = related(hl, association["id"], BUDDY, acme)
    answer = hl.delete(f"/associations/relations/{relation['id']}", params={"locationId": HL_LOCATION})
    assert answer.status == 200
    assert answer.json() == relation
    assert relations_of(hl, BUDDY).json()["relations"] == []
    assert record_relations(hl, PET, BUDDY) == []
    # ...and the two records may be related again.
    assert relate(hl, association["id"], BUDDY, acme).status == 201


def test_delete_an_unknown_relation(hl: MockClient) -> None:
    answer = hl.delete("/associations/relations/000000000000000000000000", params={"locationId": HL_LOCATION})
    assert answer.status == 400
    assert answer.json() == not_found("Relation")


def test_delete_relation_of_another_location(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    relation = related(hl, association["id"], BUDDY, create_company(hl, "Acme"))
    answer = hl.delete(f"/associations/relations/{relation['id']}", params={"locationId": "aaaaaaaaaaaaaaaaaaaa"})
    assert answer.status == 400
    assert answer.json() == not_found("Relation")
    assert relations_of(hl, BUDDY).json()["total"] == 1


def test_delete_relation_requires_a_location(hl: MockClient) -> None:
    answer = hl.delete("/associations/relations/000000000000000000000000")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


# -- relations seen from records -------------------------------------------------


def test_a_relation_shows_in_both_records(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    relation = related(hl, association["id"], BUDDY, acme)
    from_pet = record_relations(hl, PET, BUDDY)
    from_company = record_relations(hl, "business", acme)
    made = from_pet[0]["createdAt"]
    assert matches(TIMESTAMP, made)
    assert from_pet == [
        {
            "associationId": association["id"],
            "relationId": relation["id"],
            "objectKey": "business",
            "recordId": acme,
            "createdAt": made,
        }
    ]
    # The same relation, so the same creation time from either side (not the record's).
    assert from_company == [
        {
            "associationId": association["id"],
            "relationId": relation["id"],
            "objectKey": PET,
            "recordId": BUDDY,
            "createdAt": made,
        }
    ]
    assert made != "2025-01-30T14:37:15.123Z"  # Buddy's own creation time


def test_deleting_a_record_removes_its_relations(hl: MockClient) -> None:
    association = create_association(hl, "pet_company")
    acme = create_company(hl, "Acme")
    globex = create_company(hl, "Globex")
    related(hl, association["id"], BUDDY, acme)
    kept = related(hl, association["id"], BUDDY, globex)
    assert hl.delete(f"/objects/business/records/{acme}").status == 200
    assert relations_of(hl, BUDDY).json()["relations"] == [kept]
    assert [item["recordId"] for item in record_relations(hl, PET, BUDDY)] == [globex]
    assert relations_of(hl, acme).json()["total"] == 0
