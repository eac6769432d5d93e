"""Objects (schemas): list, create, get by key or id (with fields), update."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import FIELD_ID, OBJECT_ID, bad_request, unprocessable, without_trace
from tests.vendors.highlevel.expect import TIMESTAMP as STAMP

PET = "custom_objects.pet"
PET_ID = "661c06b4ffde146bdb469442"
PET_FOLDER = "3v34PM428h8vShlRW1KT"
SEEDED = "2025-01-01T00:00:00.000Z"  # the stamp of fixture items without dates of their own


# -- requests ----------------------------------------------------------------


def other_tenant(hl: MockClient) -> MockClient:
    """The same API seen through another credential: a tenant of its own."""
    return MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer test-{uuid.uuid4()}"})


def new_location() -> str:
    """A location id nobody has mentioned yet (20 characters, as HighLevel's)."""
    return uuid.uuid4().hex[:20]


def list_objects(hl: MockClient, location: str = HL_LOCATION) -> Answer:
    return hl.get("/objects/", params={"locationId": location})


def get_object(hl: MockClient, key: str, location: str = HL_LOCATION, fields: bool = False) -> Answer:
    params = {"locationId": location, **({"fetchProperties": "true"} if fields else {})}
    return hl.get(f"/objects/{key}", params=params)


def create_body(key: str, location: str = HL_LOCATION, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "labels": {"singular": "Kennel", "plural": "Kennels"},
        "key": key,
        "description": "Where pets stay overnight",
        "locationId": location,
        "primaryDisplayPropertyDetails": {"key": "code", "name": "Code", "dataType": "TEXT"},
    }
    body.update(changes)
    return body


def create_object(hl: MockClient, key: str, location: str = HL_LOCATION, **changes: Any) -> Answer:
    return hl.post("/objects/", json=create_body(key, location, **changes))


def update_object(hl: MockClient, key: str, **body: Any) -> Answer:
    return hl.put(f"/objects/{key}", json={"locationId": HL_LOCATION, **body})


# -- expected bodies ------------------------------------------------------------


def generated(body: dict[str, Any], **formats: re.Pattern[str]) -> dict[str, Any]:
    """`body` without its generated values, once each has been checked against its format."""
    rest = dict(body)
    for name, pattern in formats.items():
        value = rest.pop(name)
        assert isinstance(value, str) and pattern.fullmatch(value), f"{name}={value!r}"
    return rest


def not_found(key: str) -> dict[str, Any]:
    return bad_request(f"Object schema with key {key} not found")


STANDARD = {
    "contact": {
        "labels": {"singular": "Contact", "plural": "Contacts"},
        "primaryDisplayProperty": "contact.first_name",
        "searchableProperties": ["contact.first_name"],
        "description": "People the location works with",
    },
    "opportunity": {
        "labels": {"singular": "Opportunity", "plural": "Opportunities"},
        "primaryDisplayProperty": "opportunity.name",
        "searchableProperties": ["opportunity.name"],
        "description": "Deals in a pipeline",
    },
    "business": {
        "labels": {"singular": "Company", "plural": "Companies"},
        "primaryDisplayProperty": "business.name",
        "searchableProperties": ["business.name", "business.email"],
        "description": "Companies the location works with",
    },
}

STANDARD_FIELDS = {
    "contact": [
        ("contact.first_name", "First Name", "TEXT"),
        ("contact.last_name", "Last Name", "TEXT"),
        ("contact.email", "Email", "EMAIL"),
        ("contact.phone", "Phone", "PHONE"),
    ],
    "opportunity": [
        ("opportunity.name", "Opportunity Name", "TEXT"),
        ("opportunity.monetary_value", "Lead Value", "MONETORY"),
    ],
    "business": [
        ("business.name", "Company Name", "TEXT"),
        ("business.email", "Email", "EMAIL"),
        ("business.phone", "Phone", "PHONE"),
        ("business.website", "Website", "TEXT"),
        ("business.address", "Address", "TEXT"),
        ("business.city", "City", "TEXT"),
        ("business.state", "State", "TEXT"),
        ("business.postal_code", "Postal Code", "TEXT"),
        ("business.country", "Country", "TEXT"),
        ("business.description", "Description", "LARGE_TEXT"),
    ],
}


def standard_view(key: str, location: str, stamp: str) -> dict[str, Any]:
    """A standard object as listed, without its generated id."""
    return {
        "standard": True,
        "key": key,
        "labels": STANDARD[key]["labels"],
        "locationId": location,
        "primaryDisplayProperty": STANDARD[key]["primaryDisplayProperty"],
        "searchableProperties": STANDARD[key]["searchableProperties"],
        "requiredProperties": [],
        "type": "SYSTEM_DEFINED",
        "createdAt": stamp,
        "updatedAt": stamp,
        "description": STANDARD[key]["description"],
    }


PET_VIEW = {
    "id": PET_ID,
    "standard": False,
    "key": PET,
    "labels": {"singular": "Pet", "plural": "Pets"},
    "locationId": HL_LOCATION,
    "primaryDisplayProperty": "custom_objects.pet.name",
    "searchableProperties": ["custom_objects.pet.name", "custom_objects.pet.breed"],
    "requiredProperties": [],
    "type": "USER_DEFINED",
    "createdAt": SEEDED,
    "updatedAt": SEEDED,
    "description": "Animals registered at the clinic",
}


def pet_field(position: int, field_id: str, short: str, name: str, data_type: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": field_id,
        "standard": False,
        "position": position,
        "locationId": HL_LOCATION,
        "name": name,
        "showInForms": True,
        "objectKey": PET,
        "dataType": data_type,
        "parentId": PET_FOLDER,
        "fieldKey": f"custom_objects.pet.{short}",
        "dateAdded": SEEDED,
        "dateUpdated": SEEDED,
        **extra,
    }


def options(*keys_and_labels: str) -> list[dict[str, str]]:
    pairs = zip(keys_and_labels[::2], keys_and_labels[1::2], strict=True)
    return [{"key": key, "label": label} for key, label in pairs]


PET_FIELDS = [
    pet_field(0, "Pf01aNameTx8vShlRW1KT", "name", "Name", "TEXT"),
    pet_field(
        1,
        "Pf02aBreedS8vShlRW1KT",
        "breed",
        "Breed",
        "SINGLE_OPTIONS",
        options=options("labrador", "Labrador", "beagle", "Beagle", "siamese", "Siamese", "other", "Other"),
    ),
    pet_field(2, "Pf03aAgeNum8vShlRW1KT", "age", "Age", "NUMERICAL"),
    pet_field(3, "Pf04aNotesL8vShlRW1KT", "notes", "Notes", "LARGE_TEXT"),
    pet_field(4, "Pf05aPhoneP8vShlRW1KT", "owner_phone", "Owner Phone", "PHONE"),
    pet_field(5, "Pf06aFeeMon8vShlRW1KT", "visit_fee", "Visit Fee", "MONETORY"),
    pet_field(
        6,
        "Pf07aVaccCb8vShlRW1KT",
        "vaccines",
        "Vaccines",
        "CHECKBOX",
        options=options("rabies", "Rabies", "distemper", "Distemper", "parvo", "Parvovirus"),
    ),
    pet_field(
        7,
        "Pf08aTraitM8vShlRW1KT",
        "traits",
        "Traits",
        "MULTIPLE_OPTIONS",
        options=options("friendly", "Friendly", "shy", "Shy", "playful", "Playful"),
    ),
    pet_field(
        8,
        "Pf09aSizeRd8vShlRW1KT",
        "size",
        "Size",
        "RADIO",
        options=options("small", "Small", "medium", "Medium", "large", "Large"),
    ),
    pet_field(9, "Pf10aBornDt8vShlRW1KT", "born_on", "Born On", "DATE"),
    pet_field(
        10,
        "Pf11aChipTl8vShlRW1KT",
        "microchip",
        "Microchip",
        "TEXTBOX_LIST",
        options=options("number", "Number", "vendor", "Vendor"),
    ),
    pet_field(
        11, "Pf12aFileUp8vShlRW1KT", "documents", "Documents", "FILE_UPLOAD", acceptedFormats=".pdf", maxFileLimit=2
    ),
]


def new_object_view(key: str, display: str, location: str = HL_LOCATION, **overrides: Any) -> dict[str, Any]:
    """A freshly created custom object as answered, without id and timestamps."""
    view = {
        "standard": False,
        "key": key,
        "labels": {"singular": "Kennel", "plural": "Kennels"},
        "locationId": location,
        "primaryDisplayProperty": f"{key}.{display}",
        "searchableProperties": [f"{key}.{display}"],
        "requiredProperties": [],
        "type": "USER_DEFINED",
        "description": "Where pets stay overnight",
    }
    view.update(overrides)
    return view


def created_object(answer: Answer) -> dict[str, Any]:
    """The object of a 201, checked for its generated parts (created and updated at once)."""
    assert answer.status == 201, answer.text
    assert list(answer.json()) == ["object"]
    obj: dict[str, Any] = answer.json()["object"]
    assert obj["createdAt"] == obj["updatedAt"]
    return obj


# -- list ------------------------------------------------------------------------


def test_list_shows_the_seeded_location_s_standard_objects_then_pet(hl: MockClient) -> None:
    answer = list_objects(hl)
    assert answer.status == 200
    objects = answer.json()["objects"]
    assert list(answer.json()) == ["objects", "cache", "traceId"]
    assert [generated(obj, id=OBJECT_ID) for obj in objects[:3]] == [
        standard_view(key, HL_LOCATION, SEEDED) for key in ("contact", "opportunity", "business")
    ]
    assert objects[3] == PET_VIEW
    assert len(objects) == 4
    assert len({obj["id"] for obj in objects}) == 4


def test_list_answers_without_the_trailing_slash_too(hl: MockClient) -> None:
    bare = hl.get("/objects", params={"locationId": HL_LOCATION})
    assert bare.status == 200
    assert without_trace(bare.json()) == without_trace(list_objects(hl).json())


def test_a_new_location_has_the_three_standard_objects_only(hl: MockClient) -> None:
    location = new_location()
    answer = list_objects(hl, location)
    assert answer.status == 200
    objects = answer.json()["objects"]
    assert len(objects) == 3
    stamp = objects[0]["createdAt"]
    assert STAMP.fullmatch(stamp)
    assert [generated(obj, id=OBJECT_ID, createdAt=STAMP, updatedAt=STAMP) for obj in objects] == [
        generated(standard_view(key, location, stamp), createdAt=STAMP, updatedAt=STAMP)
        for key in ("contact", "opportunity", "business")
    ]
    assert {obj["id"] for obj in objects}.isdisjoint({obj["id"] for obj in list_objects(hl).json()["objects"]})


def test_a_new_location_keeps_its_standard_objects_from_call_to_call(hl: MockClient) -> None:
    location = new_location()
    first = list_objects(hl, location)
    again = list_objects(hl, location)
    assert (first.status, again.status) == (200, 200)
    assert without_trace(again.json()) == without_trace(first.json())


def test_list_needs_a_location_id(hl: MockClient) -> None:
    answer = hl.get("/objects/")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


# -- create ----------------------------------------------------------------------


def test_create_answers_201_with_the_new_object(hl: MockClient) -> None:
    answer = create_object(hl, "kennel")
    obj = created_object(answer)
    assert generated(obj, id=OBJECT_ID, createdAt=STAMP, updatedAt=STAMP) == new_object_view(
        "custom_objects.kennel", "code"
    )


def test_create_without_description_leaves_it_out(hl: MockClient) -> None:
    body = create_body("kennel")
    del body["description"]
    obj = created_object(hl.post("/objects/", json=body))
    assert "description" not in obj
    assert obj["key"] == "custom_objects.kennel"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("pet2", "custom_objects.pet2"),
        ("custom_objects.x", "custom_objects.x"),
        ("My Thing", "custom_objects.my_thing"),
        ("custom_objects.Boarding-Room", "custom_objects.boarding_room"),
        ("  Vet  Visit  ", "custom_objects.vet_visit"),
    ],
)
def test_create_normalises_the_key(hl: MockClient, sent: str, stored: str) -> None:
    obj = created_object(create_object(hl, sent))
    assert obj["key"] == stored
    assert obj["primaryDisplayProperty"] == f"{stored}.code"
    assert obj["searchableProperties"] == [f"{stored}.code"]
    fetched = get_object(hl, stored)
    assert fetched.status == 200
    assert without_trace(fetched.json()) == {"object": obj, "cache": True}


@pytest.mark.parametrize("key", ["   ", "custom_objects.", "--"])
def test_a_key_with_no_letters_or_digits_is_refused(hl: MockClient, key: str) -> None:
    answer = create_object(hl, key)
    assert answer.status == 422
    assert answer.json() == unprocessable("key should not be empty")


def test_a_display_key_with_the_object_prefix_is_kept_as_is(hl: MockClient) -> None:
    details = {"key": "custom_objects.kennel.code", "name": "Code", "dataType": "TEXT"}
    obj = created_object(create_object(hl, "kennel", primaryDisplayPropertyDetails=details))
    assert obj["primaryDisplayProperty"] == "custom_objects.kennel.code"


def test_created_object_is_listed_after_the_seeded_ones(hl: MockClient) -> None:
    obj = created_object(create_object(hl, "kennel"))
    objects = list_objects(hl).json()["objects"]
    assert [item["key"] for item in objects] == ["contact", "opportunity", "business", PET, "custom_objects.kennel"]
    assert objects[-1] == obj


def test_created_object_is_found_by_key_and_by_id(hl: MockClient) -> None:
    obj = created_object(create_object(hl, "kennel"))
    by_key = get_object(hl, "custom_objects.kennel")
    by_id = get_object(hl, obj["id"])
    assert (by_key.status, by_id.status) == (200, 200)
    assert without_trace(by_key.json()) == without_trace(by_id.json()) == {"object": obj, "cache": True}


def test_the_primary_display_property_becomes_the_object_s_first_field(hl: MockClient) -> None:
    obj = created_object(create_object(hl, "kennel"))
    answer = get_object(hl, "custom_objects.kennel", fields=True)
    assert answer.status == 200
    body = without_trace(answer.json())
    assert list(body) == ["object", "fields", "cache"]
    assert body["object"] == obj
    assert body["cache"] is True
    [field] = body["fields"]
    assert generated(field, id=FIELD_ID, parentId=FIELD_ID) == {
        "standard": False,
        "position": 0,
        "locationId": HL_LOCATION,
        "name": "Code",
        "showInForms": True,
        "objectKey": "custom_objects.kennel",
        "dataType": "TEXT",
        "fieldKey": "custom_objects.kennel.code",
        "dateAdded": obj["createdAt"],
        "dateUpdated": obj["createdAt"],
    }

    listed = hl.get("/custom-fields/object-key/custom_objects.kennel", params={"locationId": HL_LOCATION})
    assert listed.status == 200
    [folder] = listed.json()["folders"]
    assert listed.json() == {
        "fields": [field],
        "folders": [
            {
                "id": field["parentId"],
                "objectKey": "custom_objects.kennel",
                "locationId": HL_LOCATION,
                "name": "Kennel Details",
            }
        ],
    }
    assert folder["id"] == field["parentId"]


def test_a_numerical_primary_display_property_is_a_numerical_field(hl: MockClient) -> None:
    details = {"key": "number", "name": "Number", "dataType": "NUMERICAL"}
    created_object(create_object(hl, "kennel", primaryDisplayPropertyDetails=details))
    [field] = get_object(hl, "custom_objects.kennel", fields=True).json()["fields"]
    assert (field["fieldKey"], field["name"], field["dataType"]) == (
        "custom_objects.kennel.number",
        "Number",
        "NUMERICAL",
    )


@pytest.mark.parametrize("again", ["kennel", "custom_objects.kennel", "Kennel", "custom_objects.KENNEL"])
def test_a_duplicate_key_is_a_400(hl: MockClient, again: str) -> None:
    created_object(create_object(hl, "kennel"))
    answer = create_object(hl, again)
    assert answer.status == 400
    assert answer.json() == {
        "message": "Custom object with key custom_objects.kennel already exists",
        "error": "Bad Request",
        "statusCode": 400,
    }
    assert [obj["key"] for obj in list_objects(hl).json()["objects"]].count("custom_objects.kennel") == 1


def test_the_seeded_pet_key_is_taken(hl: MockClient) -> None:
    answer = create_object(hl, "Pet")
    assert answer.status == 400
    assert answer.json() == {
        "message": "Custom object with key custom_objects.pet already exists",
        "error": "Bad Request",
        "statusCode": 400,
    }


def test_the_same_key_may_be_used_in_another_location(hl: MockClient) -> None:
    location = new_location()
    obj = created_object(create_object(hl, "pet", location))
    assert generated(obj, id=OBJECT_ID, createdAt=STAMP, updatedAt=STAMP) == new_object_view(PET, "code", location)
    assert obj["id"] != PET_ID


def test_create_with_an_empty_body_lists_every_missing_field(hl: MockClient) -> None:
    answer = hl.post("/objects/", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "labels should not be empty",
        "labels must be an object",
        "key should not be empty",
        "key must be a string",
        "locationId should not be empty",
        "locationId must be a string",
        "primaryDisplayPropertyDetails should not be empty",
        "primaryDisplayPropertyDetails must be an object",
    )


def test_create_with_empty_nested_objects_lists_their_missing_fields(hl: MockClient) -> None:
    answer = create_object(hl, "", labels={}, primaryDisplayPropertyDetails={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "labels.singular should not be empty",
        "labels.singular must be a string",
        "labels.plural should not be empty",
        "labels.plural must be a string",
        "key should not be empty",
        "primaryDisplayPropertyDetails.key should not be empty",
        "primaryDisplayPropertyDetails.key must be a string",
        "primaryDisplayPropertyDetails.name should not be empty",
        "primaryDisplayPropertyDetails.name must be a string",
        "primaryDisplayPropertyDetails.dataType should not be empty",
        "primaryDisplayPropertyDetails.dataType must be a string",
    )


def test_create_with_wrong_types_names_each_one(hl: MockClient) -> None:
    body = create_body(
        "kennel",
        labels="Kennel",
        description=["x"],
        locationId=7,
        primaryDisplayPropertyDetails={"key": "code", "name": "Code", "dataType": "DATE"},
    )
    answer = hl.post("/objects/", json={**body, "key": 5})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "labels must be an object",
        "key must be a string",
        "description must be a string",
        "locationId must be a string",
        "primaryDisplayPropertyDetails.dataType must be one of the following values: TEXT, NUMERICAL",
    )


@pytest.mark.parametrize("data_type", ["DATE", "text", "EMAIL", "MONETORY", ""])
def test_the_display_property_must_be_text_or_numerical(hl: MockClient, data_type: str) -> None:
    details = {"key": "code", "name": "Code", "dataType": data_type}
    answer = create_object(hl, "kennel", primaryDisplayPropertyDetails=details)
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "primaryDisplayPropertyDetails.dataType must be one of the following values: TEXT, NUMERICAL"
    )
    assert get_object(hl, "custom_objects.kennel").status == 400


def test_labels_as_a_string_is_refused(hl: MockClient) -> None:
    answer = create_object(hl, "kennel", labels="Kennels")
    assert answer.status == 422
    assert answer.json() == unprocessable("labels must be an object")


def test_a_new_object_is_not_seen_by_another_credential(hl: MockClient) -> None:
    created_object(create_object(hl, "kennel"))
    other = other_tenant(hl)
    assert [obj["key"] for obj in list_objects(other).json()["objects"]] == ["contact", "opportunity", "business", PET]
    answer = get_object(other, "custom_objects.kennel")
    assert answer.status == 400
    assert answer.json() == not_found("custom_objects.kennel")
    # ...and the other credential may create the same key for itself.
    assert created_object(create_object(other, "kennel"))["key"] == "custom_objects.kennel"


# -- get by key or id ------------------------------------------------------------


def test_get_pet_by_key(hl: MockClient) -> None:
    answer = get_object(hl, PET)
    assert answer.status == 200
    assert without_trace(answer.json()) == {"object": PET_VIEW, "cache": True}


def test_get_pet_by_id(hl: MockClient) -> None:
    answer = get_object(hl, PET_ID)
    assert answer.status == 200
    assert without_trace(answer.json()) == {"object": PET_VIEW, "cache": True}


@pytest.mark.parametrize("flag", ["false", "no", ""])
def test_fields_only_when_fetch_properties_is_true(hl: MockClient, flag: str) -> None:
    answer = hl.get(f"/objects/{PET}", params={"locationId": HL_LOCATION, "fetchProperties": flag})
    assert answer.status == 200
    assert without_trace(answer.json()) == {"object": PET_VIEW, "cache": True}


def test_get_pet_with_its_fields(hl: MockClient) -> None:
    answer = get_object(hl, PET, fields=True)
    assert answer.status == 200
    assert without_trace(answer.json()) == {"object": PET_VIEW, "cache": True, "fields": PET_FIELDS}


def test_fetch_properties_is_case_insensitive(hl: MockClient) -> None:
    answer = hl.get(f"/objects/{PET_ID}", params={"locationId": HL_LOCATION, "fetchProperties": "TRUE"})
    assert answer.status == 200
    assert answer.json()["fields"] == PET_FIELDS


@pytest.mark.parametrize("key", ["contact", "opportunity", "business"])
def test_get_a_standard_object_with_its_fields(hl: MockClient, key: str) -> None:
    answer = get_object(hl, key, fields=True)
    assert answer.status == 200
    body = without_trace(answer.json())
    assert list(body) == ["object", "fields", "cache"]
    assert generated(body["object"], id=OBJECT_ID) == standard_view(key, HL_LOCATION, SEEDED)
    assert body["cache"] is True
    folder = body["fields"][0]["parentId"]
    assert [generated(field, id=FIELD_ID) for field in body["fields"]] == [
        {
            "standard": True,
            "position": position,
            "locationId": HL_LOCATION,
            "name": name,
            "showInForms": True,
            "objectKey": key,
            "dataType": data_type,
            "parentId": folder,
            "fieldKey": field_key,
            "dateAdded": SEEDED,
            "dateUpdated": SEEDED,
        }
        for position, (field_key, name, data_type) in enumerate(STANDARD_FIELDS[key])
    ]
    assert FIELD_ID.fullmatch(folder)


@pytest.mark.parametrize("key", ["contact", "opportunity", "business"])
def test_a_standard_object_is_found_by_its_id_too(hl: MockClient, key: str) -> None:
    listed = {obj["key"]: obj for obj in list_objects(hl).json()["objects"]}
    answer = get_object(hl, listed[key]["id"])
    assert answer.status == 200
    assert without_trace(answer.json()) == {"object": listed[key], "cache": True}


def test_a_standard_object_of_a_new_location_is_that_location_s_own(hl: MockClient) -> None:
    location = new_location()
    answer = get_object(hl, "business", location)
    assert answer.status == 200
    obj = answer.json()["object"]
    assert (obj["locationId"], obj["standard"], obj["type"]) == (location, True, "SYSTEM_DEFINED")
    seeded = get_object(hl, "business").json()["object"]
    assert obj["id"] != seeded["id"]
    assert get_object(hl, obj["id"]).json() == not_found(obj["id"])


@pytest.mark.parametrize("key", ["custom_objects.nope", "nope", "000000000000000000000000", "custom_objects.pet.name"])
def test_an_unknown_key_or_id_is_not_found(hl: MockClient, key: str) -> None:
    # HighLevel answers a missing item with a 400 "... not found" (see errors.NotFound), not a 404.
    answer = get_object(hl, key, fields=True)
    assert answer.status == 400
    assert answer.json() == not_found(key)


def test_pet_exists_only_in_the_seeded_location(hl: MockClient) -> None:
    location = new_location()
    by_key = get_object(hl, PET, location)
    by_id = get_object(hl, PET_ID, location)
    assert (by_key.status, by_key.json()) == (400, not_found(PET))
    assert (by_id.status, by_id.json()) == (400, not_found(PET_ID))


def test_get_needs_a_location_id(hl: MockClient) -> None:
    answer = hl.get(f"/objects/{PET}")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


# -- update -----------------------------------------------------------------------


def test_update_changes_labels_description_and_searchable_properties(hl: MockClient) -> None:
    answer = update_object(
        hl,
        PET,
        labels={"singular": "Animal", "plural": "Animals"},
        description="Every animal we treat",
        searchableProperties=["custom_objects.pet.name", "custom_objects.pet.notes"],
    )
    assert answer.status == 200
    assert list(answer.json()) == ["object"]
    obj = answer.json()["object"]
    assert generated(obj, updatedAt=STAMP) == generated(
        {
            **PET_VIEW,
            "labels": {"singular": "Animal", "plural": "Animals"},
            "description": "Every animal we treat",
            "searchableProperties": ["custom_objects.pet.name", "custom_objects.pet.notes"],
        },
        updatedAt=STAMP,
    )
    assert obj["updatedAt"] > SEEDED
    assert without_trace(get_object(hl, PET).json()) == {"object": obj, "cache": True}


def test_update_of_one_label_keeps_the_other(hl: MockClient) -> None:
    answer = update_object(
        hl, PET, labels={"plural": "Critters"}, searchableProperties=PET_VIEW["searchableProperties"]
    )
    assert answer.status == 200
    obj = answer.json()["object"]
    assert obj["labels"] == {"singular": "Pet", "plural": "Critters"}
    assert obj["description"] == PET_VIEW["description"]
    assert obj["searchableProperties"] == PET_VIEW["searchableProperties"]


def test_update_with_null_description_removes_it(hl: MockClient) -> None:
    answer = update_object(hl, PET, description=None, searchableProperties=["custom_objects.pet.name"])
    assert answer.status == 200
    assert "description" not in answer.json()["object"]
    assert "description" not in get_object(hl, PET).json()["object"]


def test_update_by_id_and_of_a_created_object(hl: MockClient) -> None:
    obj = created_object(create_object(hl, "kennel"))
    answer = update_object(hl, obj["id"], labels={"singular": "Run"}, searchableProperties=[])
    assert answer.status == 200
    updated = answer.json()["object"]
    assert generated(updated, updatedAt=STAMP) == generated(
        {**obj, "labels": {"singular": "Run", "plural": "Kennels"}, "searchableProperties": []}, updatedAt=STAMP
    )


def test_update_collapses_repeated_searchable_properties(hl: MockClient) -> None:
    twice = ["custom_objects.pet.age", "custom_objects.pet.name", "custom_objects.pet.age"]
    answer = update_object(hl, PET, searchableProperties=twice)
    assert answer.status == 200
    assert answer.json()["object"]["searchableProperties"] == ["custom_objects.pet.age", "custom_objects.pet.name"]


@pytest.mark.parametrize(
    ("searchable", "message"),
    [
        (["custom_objects.pet.colour"], "Invalid searchable properties: custom_objects.pet.colour"),
        (["name"], "Invalid searchable properties: name"),
        (
            ["custom_objects.pet.name", "contact.first_name", "custom_objects.kennel.code"],
            "Invalid searchable properties: contact.first_name, custom_objects.kennel.code",
        ),
    ],
)
def test_searchable_properties_must_be_field_keys_of_the_object(
    hl: MockClient, searchable: list[str], message: str
) -> None:
    created_object(create_object(hl, "kennel"))
    answer = update_object(hl, PET, labels={"singular": "Animal"}, searchableProperties=searchable)
    assert answer.status == 400
    assert answer.json() == {"message": message, "error": "Bad Request", "statusCode": 400}
    assert without_trace(get_object(hl, PET).json()) == {"object": PET_VIEW, "cache": True}


def test_update_with_an_empty_body_lists_what_is_missing(hl: MockClient) -> None:
    answer = hl.put(f"/objects/{PET}", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "searchableProperties should not be empty",
        "searchableProperties must be an array",
    )


def test_update_with_wrong_types_names_each_one(hl: MockClient) -> None:
    answer = update_object(hl, PET, labels="Animals", description=5, searchableProperties="custom_objects.pet.name")
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "labels must be an object", "description must be a string", "searchableProperties must be an array"
    )


def test_update_with_a_wrongly_typed_label_or_property(hl: MockClient) -> None:
    answer = update_object(hl, PET, labels={"singular": 1}, searchableProperties=["custom_objects.pet.name", 2])
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "labels.singular must be a string", "each value in searchableProperties must be a string"
    )


def test_update_of_an_unknown_object_is_not_found(hl: MockClient) -> None:
    answer = update_object(hl, "custom_objects.nope", searchableProperties=[])
    assert answer.status == 400
    assert answer.json() == not_found("custom_objects.nope")


def test_update_is_seen_by_its_own_credential_only(hl: MockClient) -> None:
    assert (
        update_object(hl, PET, labels={"singular": "Animal"}, searchableProperties=["custom_objects.pet.name"]).status
        == 200
    )
    assert without_trace(get_object(other_tenant(hl), PET).json()) == {"object": PET_VIEW, "cache": True}
