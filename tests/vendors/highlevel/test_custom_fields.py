"""Custom fields v2 and their folders, and how fields govern record values."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import FIELD_ID, TIMESTAMP, bad_request, matches, unprocessable

PET = "custom_objects.pet"
PET_FOLDER = "3v34PM428h8vShlRW1KT"
PET_FOLDER_BODY = {"id": PET_FOLDER, "objectKey": PET, "locationId": HL_LOCATION, "name": "Pet Details"}
BUDDY = "679b8f9bde6a0c356a0311b3"
FIXTURE_STAMP = "2025-01-01T00:00:00.000Z"
NAME_FIELD = "Pf01aNameTx8vShlRW1KT"
BREED_FIELD = "Pf02aBreedS8vShlRW1KT"
MICROCHIP_FIELD = "Pf11aChipTl8vShlRW1KT"
PET_FIELD_IDS = [
    NAME_FIELD,
    BREED_FIELD,
    "Pf03aAgeNum8vShlRW1KT",
    "Pf04aNotesL8vShlRW1KT",
    "Pf05aPhoneP8vShlRW1KT",
    "Pf06aFeeMon8vShlRW1KT",
    "Pf07aVaccCb8vShlRW1KT",
    "Pf08aTraitM8vShlRW1KT",
    "Pf09aSizeRd8vShlRW1KT",
    "Pf10aBornDt8vShlRW1KT",
    MICROCHIP_FIELD,
    "Pf12aFileUp8vShlRW1KT",
]
BREEDS = [
    {"key": "labrador", "label": "Labrador"},
    {"key": "beagle", "label": "Beagle"},
    {"key": "siamese", "label": "Siamese"},
    {"key": "other", "label": "Other"},
]
BREED = {
    "id": BREED_FIELD,
    "standard": False,
    "position": 1,
    "locationId": HL_LOCATION,
    "name": "Breed",
    "showInForms": True,
    "objectKey": PET,
    "dataType": "SINGLE_OPTIONS",
    "parentId": PET_FOLDER,
    "fieldKey": "custom_objects.pet.breed",
    "dateAdded": FIXTURE_STAMP,
    "dateUpdated": FIXTURE_STAMP,
    "options": BREEDS,
}
OPTION_TYPES = ["SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "RADIO", "CHECKBOX", "TEXTBOX_LIST"]


def not_found(what: str) -> dict[str, Any]:
    return bad_request(f"{what} not found")


def field_body(**overrides: Any) -> dict[str, Any]:
    """A TEXT field `color` on pets, in the seeded folder, unless overridden."""
    return {
        "locationId": HL_LOCATION,
        "objectKey": PET,
        "parentId": PET_FOLDER,
        "showInForms": True,
        "name": "Color",
        "dataType": "TEXT",
        "fieldKey": "color",
        **overrides,
    }


def create_field(hl: MockClient, **overrides: Any) -> dict[str, Any]:
    answer = hl.post("/custom-fields/", json=field_body(**overrides))
    assert answer.status == 201, answer.text
    field: dict[str, Any] = answer.json()["field"]
    return field


def generated(field: dict[str, Any]) -> dict[str, Any]:
    """The field with its generated id and dates checked for format and left out."""
    assert matches(FIELD_ID, field["id"]), field["id"]
    assert matches(TIMESTAMP, field["dateAdded"]), field["dateAdded"]
    assert matches(TIMESTAMP, field["dateUpdated"]), field["dateUpdated"]
    return {key: value for key, value in field.items() if key not in ("id", "dateAdded", "dateUpdated")}


def update_field(hl: MockClient, field_id: str, **changes: Any) -> Answer:
    return hl.put(f"/custom-fields/{field_id}", json={"locationId": HL_LOCATION, "showInForms": True, **changes})


def fields_of(hl: MockClient, object_key: str) -> dict[str, Any]:
    answer = hl.get(f"/custom-fields/object-key/{object_key}", params={"locationId": HL_LOCATION})
    assert answer.status == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def create_folder(hl: MockClient, name: str, object_key: str = PET) -> dict[str, Any]:
    answer = hl.post("/custom-fields/folder", json={"locationId": HL_LOCATION, "objectKey": object_key, "name": name})
    assert answer.status == 201, answer.text
    folder: dict[str, Any] = answer.json()
    return folder


def delete_folder(hl: MockClient, folder_id: str) -> Answer:
    return hl.delete(f"/custom-fields/folder/{folder_id}", params={"locationId": HL_LOCATION})


def new_pet(hl: MockClient, **properties: Any) -> Answer:
    return hl.post(
        f"/objects/{PET}/records", json={"locationId": HL_LOCATION, "properties": {"name": "Rex", **properties}}
    )


def pet_properties(hl: MockClient, record_id: str = BUDDY) -> dict[str, Any]:
    answer = hl.get(f"/objects/{PET}/records/{record_id}")
    assert answer.status == 200, answer.text
    properties: dict[str, Any] = answer.json()["record"]["properties"]
    return properties


def create_boats(hl: MockClient) -> None:
    """A custom object of our own, `custom_objects.boat`, with only its display field."""
    answer = hl.post(
        "/objects/",
        json={
            "locationId": HL_LOCATION,
            "key": "boat",
            "labels": {"singular": "Boat", "plural": "Boats"},
            "primaryDisplayPropertyDetails": {"key": "name", "name": "Boat Name", "dataType": "TEXT"},
        },
    )
    assert answer.status == 201, answer.text


# -- create-custom-field -------------------------------------------------------


def test_create_custom_field_answers_201_with_the_field(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/", json=field_body(description="Coat colour", placeholder="e.g. brown"))
    assert answer.status == 201
    body = answer.json()
    assert list(body) == ["field"]
    field = body["field"]
    assert field["dateAdded"] == field["dateUpdated"]
    assert generated(field) == {
        "standard": False,
        "position": 12,
        "locationId": HL_LOCATION,
        "name": "Color",
        "showInForms": True,
        "objectKey": PET,
        "dataType": "TEXT",
        "parentId": PET_FOLDER,
        "fieldKey": "custom_objects.pet.color",
        "description": "Coat colour",
        "placeholder": "e.g. brown",
    }
    assert hl.get(f"/custom-fields/{field['id']}").json() == body


@pytest.mark.parametrize("field_key", ["color", "custom_objects.pet.color"])
def test_a_short_or_full_field_key_is_stored_in_full(hl: MockClient, field_key: str) -> None:
    assert create_field(hl, fieldKey=field_key)["fieldKey"] == "custom_objects.pet.color"


def test_a_field_key_of_another_object_is_refused(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/", json=field_body(fieldKey="custom_objects.dog.color"))
    assert answer.status == 400
    assert answer.json() == bad_request("Invalid fieldKey custom_objects.dog.color: expected custom_objects.pet.<key>")


def test_an_option_field_keeps_its_options(hl: MockClient) -> None:
    coats = [{"key": "short", "label": "Short"}, {"key": "long", "label": "Long", "url": "https://example.com/long"}]
    field = create_field(hl, fieldKey="coat", name="Coat", dataType="RADIO", options=coats, allowCustomOption=True)
    assert generated(field) == {
        "standard": False,
        "position": 12,
        "locationId": HL_LOCATION,
        "name": "Coat",
        "showInForms": True,
        "objectKey": PET,
        "dataType": "RADIO",
        "parentId": PET_FOLDER,
        "fieldKey": "custom_objects.pet.coat",
        "options": coats,
        "allowCustomOption": True,
    }


def test_a_file_upload_field_keeps_its_limits(hl: MockClient) -> None:
    field = create_field(
        hl, fieldKey="xrays", name="X-rays", dataType="FILE_UPLOAD", acceptedFormats=".jpg", maxFileLimit=3
    )
    assert (field["dataType"], field["acceptedFormats"], field["maxFileLimit"]) == ("FILE_UPLOAD", ".jpg", 3)


@pytest.mark.parametrize("data_type", OPTION_TYPES)
@pytest.mark.parametrize("options", [None, []], ids=["no options", "empty options"])
def test_option_types_need_options(hl: MockClient, data_type: str, options: list[Any] | None) -> None:
    body = field_body(dataType=data_type)
    if options is not None:
        body["options"] = options
    answer = hl.post("/custom-fields/", json=body)
    assert answer.status == 422
    assert answer.json() == unprocessable("options should not be empty")


def test_missing_options_are_reported_before_an_unknown_object(hl: MockClient) -> None:
    # A validation error (422) comes before anything is looked up.
    answer = hl.post("/custom-fields/", json=field_body(dataType="SINGLE_OPTIONS", objectKey="custom_objects.car"))
    assert answer.status == 422
    assert answer.json() == unprocessable("options should not be empty")


def test_create_field_on_an_unknown_object(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/", json=field_body(objectKey="custom_objects.car"))
    assert answer.status == 400
    assert answer.json() == not_found("Object schema with key custom_objects.car")


@pytest.mark.parametrize("parent", ["unknown", "folder of business"])
def test_the_parent_must_be_a_folder_of_that_object(hl: MockClient, parent: str) -> None:
    parent_id = "zzzzzzzzzzzzzzzzzzzz" if parent == "unknown" else fields_of(hl, "business")["folders"][0]["id"]
    answer = hl.post("/custom-fields/", json=field_body(parentId=parent_id))
    assert answer.status == 400
    assert answer.json() == bad_request(f"Folder {parent_id} not found for {PET}")


@pytest.mark.parametrize("field_key", ["breed", "custom_objects.pet.breed"])
def test_a_duplicate_field_key_is_refused(hl: MockClient, field_key: str) -> None:
    answer = hl.post("/custom-fields/", json=field_body(fieldKey=field_key))
    assert answer.status == 400
    assert answer.json() == bad_request("Field with key custom_objects.pet.breed already exists")


def test_the_same_field_key_on_another_object_is_fine(hl: MockClient) -> None:
    create_boats(hl)
    folder = fields_of(hl, "custom_objects.boat")["folders"][0]["id"]
    field = create_field(hl, objectKey="custom_objects.boat", parentId=folder, fieldKey="breed")
    assert field["fieldKey"] == "custom_objects.boat.breed"


def test_email_is_accepted_on_create_and_checks_values(hl: MockClient) -> None:
    field = create_field(hl, fieldKey="owner_email", name="Owner Email", dataType="EMAIL")
    assert field["dataType"] == "EMAIL"
    refused = new_pet(hl, owner_email="not an address")
    assert refused.status == 422
    assert refused.json() == unprocessable("properties.owner_email must be an email")
    assert new_pet(hl, owner_email="ana@example.com").status == 201


def test_what_the_server_decides_cannot_be_set_by_the_client(hl: MockClient) -> None:
    field = create_field(hl, id=NAME_FIELD, standard=True, position=0, dateAdded="yesterday")
    assert field["id"] != NAME_FIELD
    assert (field["standard"], field["position"]) == (False, 12)
    assert field["dateAdded"] != "yesterday"
    assert hl.get(f"/custom-fields/{NAME_FIELD}").json()["field"]["fieldKey"] == "custom_objects.pet.name"


def test_create_field_with_an_empty_body_names_every_missing_field(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "showInForms should not be empty",
        "showInForms must be a boolean value",
        "dataType should not be empty",
        "dataType must be a string",
        "fieldKey should not be empty",
        "fieldKey must be a string",
        "objectKey should not be empty",
        "objectKey must be a string",
        "parentId should not be empty",
        "parentId must be a string",
    )


def test_an_unknown_data_type_is_refused(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/", json=field_body(dataType="COLOR"))
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "dataType must be one of the following values: TEXT, LARGE_TEXT, NUMERICAL, PHONE, MONETORY, CHECKBOX, "
        "SINGLE_OPTIONS, MULTIPLE_OPTIONS, DATE, TEXTBOX_LIST, FILE_UPLOAD, RADIO, EMAIL"
    )


# -- a new field governs record values at once -----------------------------------


def test_a_new_field_validates_records_of_its_object_at_once(hl: MockClient) -> None:
    create_field(hl, fieldKey="weight", name="Weight", dataType="NUMERICAL")
    wrong = new_pet(hl, weight="heavy")
    assert wrong.status == 422
    assert wrong.json() == unprocessable("properties.weight must be a number conforming to the specified constraints")
    update = hl.put(
        f"/objects/{PET}/records/{BUDDY}", params={"locationId": HL_LOCATION}, json={"properties": {"weight": "heavy"}}
    )
    assert update.status == 422
    assert update.json() == wrong.json()


def test_a_new_fields_values_are_accepted_on_record_create(hl: MockClient) -> None:
    create_field(hl, fieldKey="weight", name="Weight", dataType="NUMERICAL")
    answer = new_pet(hl, weight=12.5)
    assert answer.status == 201
    assert answer.json()["record"]["properties"] == {"name": "Rex", "weight": 12.5}
    assert pet_properties(hl, answer.json()["record"]["id"]) == {"name": "Rex", "weight": 12.5}


def test_a_new_option_fields_values_must_be_its_options(hl: MockClient) -> None:
    create_field(hl, fieldKey="coat", dataType="SINGLE_OPTIONS", options=[{"key": "short", "label": "Short"}])
    wrong = new_pet(hl, coat="long")
    assert wrong.status == 422
    assert wrong.json() == unprocessable("properties.coat must be one of the following values: short")
    assert new_pet(hl, coat="short").status == 201


def test_a_new_field_on_business_takes_values_on_company_records(hl: MockClient) -> None:
    folder = fields_of(hl, "business")["folders"][0]["id"]
    field = create_field(hl, objectKey="business", parentId=folder, fieldKey="employees", dataType="NUMERICAL")
    assert field["fieldKey"] == "business.employees"
    answer = hl.post(
        "/objects/business/records", json={"locationId": HL_LOCATION, "properties": {"name": "Acme", "employees": 40}}
    )
    assert answer.status == 201
    assert answer.json()["record"]["properties"] == {"name": "Acme", "employees": 40}


# -- get-custom-field-by-id ----------------------------------------------------------


def test_get_custom_field_by_id(hl: MockClient) -> None:
    answer = hl.get(f"/custom-fields/{BREED_FIELD}")
    assert answer.status == 200
    assert answer.json() == {"field": BREED}


def test_get_an_unknown_custom_field(hl: MockClient) -> None:
    answer = hl.get("/custom-fields/zzzzzzzzzzzzzzzzzzzz")
    assert answer.status == 400
    assert answer.json() == not_found("Custom field")


# -- update-custom-field -------------------------------------------------------


def test_update_changes_name_options_and_show_in_forms_not_key_or_type(hl: MockClient) -> None:
    options = [*BREEDS, {"key": "poodle", "label": "Poodle"}]
    answer = hl.put(
        f"/custom-fields/{BREED_FIELD}",
        json={
            "locationId": HL_LOCATION,
            "showInForms": False,
            "name": "Breed (main)",
            "options": options,
            "fieldKey": "custom_objects.pet.race",
            "dataType": "TEXT",
        },
    )
    assert answer.status == 200
    field = answer.json()["field"]
    assert matches(TIMESTAMP, field["dateUpdated"])
    assert field["dateUpdated"] != FIXTURE_STAMP
    expected = {**BREED, "name": "Breed (main)", "showInForms": False, "options": options}
    assert answer.json() == {"field": {**expected, "dateUpdated": field["dateUpdated"]}}
    assert hl.get(f"/custom-fields/{BREED_FIELD}").json() == answer.json()


def test_an_added_option_is_accepted_on_records_at_once(hl: MockClient) -> None:
    assert new_pet(hl, breed="poodle").status == 422  # checked (and cached) before the change
    assert update_field(hl, BREED_FIELD, options=[*BREEDS, {"key": "poodle", "label": "Poodle"}]).status == 200
    answer = new_pet(hl, breed="poodle")
    assert answer.status == 201, answer.text


def test_update_cannot_remove_options(hl: MockClient) -> None:
    answer = update_field(hl, BREED_FIELD, options=BREEDS[:2])
    assert answer.status == 400
    assert answer.json() == bad_request("Removal of options is not supported: siamese, other")
    assert hl.get(f"/custom-fields/{BREED_FIELD}").json() == {"field": BREED}


def test_update_cannot_empty_the_options(hl: MockClient) -> None:
    answer = update_field(hl, BREED_FIELD, options=[])
    assert answer.status == 422
    assert answer.json() == unprocessable("options should not be empty")


def test_update_needs_location_and_show_in_forms(hl: MockClient) -> None:
    answer = hl.put(f"/custom-fields/{BREED_FIELD}", json={"name": "Race"})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "locationId should not be empty",
        "locationId must be a string",
        "showInForms should not be empty",
        "showInForms must be a boolean value",
    )


def test_update_an_unknown_custom_field(hl: MockClient) -> None:
    answer = update_field(hl, "zzzzzzzzzzzzzzzzzzzz", name="Race")
    assert answer.status == 400
    assert answer.json() == not_found("Custom field")


def test_update_a_field_of_another_location(hl: MockClient) -> None:
    answer = hl.put(
        f"/custom-fields/{BREED_FIELD}", json={"locationId": "aaaaaaaaaaaaaaaaaaaa", "showInForms": True, "name": "x"}
    )
    assert answer.status == 400
    assert answer.json() == not_found("Custom field")
    assert hl.get(f"/custom-fields/{BREED_FIELD}").json() == {"field": BREED}


# -- delete-custom-field -------------------------------------------------------


def test_delete_custom_field(hl: MockClient) -> None:
    field = create_field(hl)
    answer = hl.delete(f"/custom-fields/{field['id']}")
    assert answer.status == 200
    assert answer.json() == {"succeded": True, "id": field["id"], "key": "custom_objects.pet.color"}
    assert hl.get(f"/custom-fields/{field['id']}").json() == not_found("Custom field")
    assert [item["id"] for item in fields_of(hl, PET)["fields"]] == PET_FIELD_IDS


def test_the_primary_display_field_cannot_be_deleted(hl: MockClient) -> None:
    answer = hl.delete(f"/custom-fields/{NAME_FIELD}")
    assert answer.status == 400
    assert answer.json() == bad_request("The primary display property of an object cannot be deleted")
    assert hl.get(f"/custom-fields/{NAME_FIELD}").status == 200


def test_delete_an_unknown_custom_field(hl: MockClient) -> None:
    answer = hl.delete("/custom-fields/zzzzzzzzzzzzzzzzzzzz")
    assert answer.status == 400
    assert answer.json() == not_found("Custom field")


def test_a_deleted_fields_values_leave_the_records(hl: MockClient) -> None:
    assert pet_properties(hl)["breed"] == "labrador"
    assert hl.delete(f"/custom-fields/{BREED_FIELD}").status == 200
    assert "breed" not in pet_properties(hl)
    # ...it is no longer searchable, and no longer a property records may have.
    schema = hl.get(f"/objects/{PET}", params={"locationId": HL_LOCATION}).json()["object"]
    assert schema["searchableProperties"] == ["custom_objects.pet.name"]
    answer = new_pet(hl, breed="labrador")
    assert answer.status == 422
    assert answer.json() == unprocessable("property properties.breed should not exist")


def test_a_deleted_textbox_list_takes_every_option_value_with_it(hl: MockClient) -> None:
    before = pet_properties(hl)
    assert (before["microchip.number"], before["microchip.vendor"]) == ("985112003456789", "HomeAgain")
    assert hl.delete(f"/custom-fields/{MICROCHIP_FIELD}").json()["key"] == "custom_objects.pet.microchip"
    after = pet_properties(hl)
    assert after == {key: value for key, value in before.items() if not key.startswith("microchip.")}


# -- get-custom-fields-by-object-key --------------------------------------------------


def test_fields_and_folders_of_the_seeded_object(hl: MockClient) -> None:
    answer = hl.get(f"/custom-fields/object-key/{PET}", params={"locationId": HL_LOCATION})
    assert answer.status == 200
    body = answer.json()
    assert list(body) == ["fields", "folders"]
    assert [field["id"] for field in body["fields"]] == PET_FIELD_IDS
    assert [field["position"] for field in body["fields"]] == list(range(12))
    assert body["fields"][1] == BREED
    assert body["folders"] == [PET_FOLDER_BODY]


def test_fields_and_folders_of_a_new_object(hl: MockClient) -> None:
    create_boats(hl)
    body = fields_of(hl, "custom_objects.boat")
    folder = body["folders"][0]
    assert matches(FIELD_ID, folder["id"])
    assert body["folders"] == [
        {"id": folder["id"], "objectKey": "custom_objects.boat", "locationId": HL_LOCATION, "name": "Boat Details"}
    ]
    assert len(body["fields"]) == 1
    assert generated(body["fields"][0]) == {
        "standard": False,
        "position": 0,
        "locationId": HL_LOCATION,
        "name": "Boat Name",
        "showInForms": True,
        "objectKey": "custom_objects.boat",
        "dataType": "TEXT",
        "parentId": folder["id"],
        "fieldKey": "custom_objects.boat.name",
    }


def test_a_new_field_and_folder_are_listed(hl: MockClient) -> None:
    folder = create_folder(hl, "Health")
    field = create_field(hl, parentId=folder["id"])
    body = fields_of(hl, PET)
    assert body["fields"][-1] == field
    assert body["folders"] == [PET_FOLDER_BODY, folder]


def test_fields_of_an_unknown_object(hl: MockClient) -> None:
    answer = hl.get("/custom-fields/object-key/custom_objects.car", params={"locationId": HL_LOCATION})
    assert answer.status == 400
    assert answer.json() == not_found("Object schema with key custom_objects.car")


def test_fields_of_an_object_need_a_location(hl: MockClient) -> None:
    answer = hl.get(f"/custom-fields/object-key/{PET}")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")


# -- folders ----------------------------------------------------------------


def test_create_folder_answers_201_with_the_bare_folder(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/folder", json={"locationId": HL_LOCATION, "objectKey": PET, "name": "Health"})
    assert answer.status == 201
    body = answer.json()
    assert matches(FIELD_ID, body["id"])
    assert body == {"id": body["id"], "objectKey": PET, "locationId": HL_LOCATION, "name": "Health"}


def test_create_folder_for_an_unknown_object(hl: MockClient) -> None:
    answer = hl.post(
        "/custom-fields/folder", json={"locationId": HL_LOCATION, "objectKey": "custom_objects.car", "name": "Specs"}
    )
    assert answer.status == 400
    assert answer.json() == not_found("Object schema with key custom_objects.car")


def test_create_folder_with_an_empty_body(hl: MockClient) -> None:
    answer = hl.post("/custom-fields/folder", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "objectKey should not be empty",
        "objectKey must be a string",
        "name should not be empty",
        "name must be a string",
        "locationId should not be empty",
        "locationId must be a string",
    )


def test_rename_folder(hl: MockClient) -> None:
    folder = create_folder(hl, "Health")
    answer = hl.put(f"/custom-fields/folder/{folder['id']}", json={"locationId": HL_LOCATION, "name": "Medical"})
    assert answer.status == 200
    assert answer.json() == {**folder, "name": "Medical"}
    assert fields_of(hl, PET)["folders"] == [PET_FOLDER_BODY, {**folder, "name": "Medical"}]


def test_rename_an_unknown_folder(hl: MockClient) -> None:
    answer = hl.put("/custom-fields/folder/zzzzzzzzzzzzzzzzzzzz", json={"locationId": HL_LOCATION, "name": "Medical"})
    assert answer.status == 400
    assert answer.json() == not_found("Folder")


def test_rename_folder_needs_name_and_location(hl: MockClient) -> None:
    answer = hl.put(f"/custom-fields/folder/{PET_FOLDER}", json={})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "name should not be empty",
        "name must be a string",
        "locationId should not be empty",
        "locationId must be a string",
    )


def test_delete_an_empty_folder(hl: MockClient) -> None:
    folder = create_folder(hl, "Health")
    answer = delete_folder(hl, folder["id"])
    assert answer.status == 200
    assert answer.json() == {"succeded": True, "id": folder["id"], "key": PET}
    assert fields_of(hl, PET)["folders"] == [PET_FOLDER_BODY]
    assert delete_folder(hl, folder["id"]).json() == not_found("Folder")


def test_a_folder_with_fields_cannot_be_deleted(hl: MockClient) -> None:
    answer = delete_folder(hl, PET_FOLDER)
    assert answer.status == 400
    assert answer.json() == bad_request("Folder is not empty; delete its fields first")
    assert fields_of(hl, PET)["folders"] == [PET_FOLDER_BODY]


def test_a_folder_can_be_deleted_once_its_fields_are(hl: MockClient) -> None:
    folder = create_folder(hl, "Health")
    field = create_field(hl, parentId=folder["id"])
    assert delete_folder(hl, folder["id"]).status == 400
    assert hl.delete(f"/custom-fields/{field['id']}").status == 200
    assert delete_folder(hl, folder["id"]).status == 200


def test_delete_a_folder_of_another_location(hl: MockClient) -> None:
    folder = create_folder(hl, "Health")
    answer = hl.delete(f"/custom-fields/folder/{folder['id']}", params={"locationId": "aaaaaaaaaaaaaaaaaaaa"})
    assert answer.status == 400
    assert answer.json() == not_found("Folder")


def test_delete_folder_needs_the_location_in_the_query(hl: MockClient) -> None:
    answer = hl.delete(f"/custom-fields/folder/{PET_FOLDER}")
    assert answer.status == 422
    assert answer.json() == unprocessable("locationId should not be empty", "locationId must be a string")
