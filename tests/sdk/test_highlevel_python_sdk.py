"""HighLevel's official Python SDK (PyPI gohighlevel-api-client), pointed at the
mock, drives every operation it has for objects, records, associations,
relations and custom fields, exactly as a user's code would."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

LOCATION = "ve9EPM428h8vShlRW1KT"
PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"


def sdk_for(base_url: str, version: str | None = None) -> Any:
    """The README's recipe: the SDK takes its base URL (and version) from class attributes."""
    attributes: dict[str, str] = {"BASE_URL": f"{base_url}/highlevel"}
    if version:
        attributes["API_VERSION"] = version
    mock_highlevel = type("MockHighLevel", (highlevel.HighLevel,), attributes)
    return mock_highlevel(private_integration_token=f"pit-{uuid.uuid4()}")


async def exercise_everything(ghl: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    suffix = uuid.uuid4().hex[:6]
    objects, associations, fields = ghl.objects, ghl.associations, ghl.custom_fields

    listed = await objects.get_object_by_location_id(location_id=LOCATION)
    seen["object keys"] = [obj["key"] for obj in listed["objects"]]
    created = await objects.create_custom_object_schema(
        {
            "labels": {"singular": "Boat", "plural": "Boats"},
            "key": f"boat_{suffix}",
            "locationId": LOCATION,
            "primaryDisplayPropertyDetails": {"key": "name", "name": "Name", "dataType": "TEXT"},
        }
    )
    boat = created["object"]["key"]
    seen["boat"] = boat
    fetched = await objects.get_object_schema_by_key(key=boat, location_id=LOCATION, fetch_properties="true")
    seen["boat fields"] = [field["fieldKey"] for field in fetched["fields"]]
    await objects.update_custom_object(boat, {"locationId": LOCATION, "searchableProperties": [f"{boat}.name"]})

    record = (await objects.create_object_record(boat, {"locationId": LOCATION, "properties": {"name": "Nautilus"}}))[
        "record"
    ]
    got = await objects.get_record_by_id(schema_key=boat, id=record["id"])
    seen["got name"] = got["record"]["properties"]["name"]
    await objects.update_object_record(boat, record["id"], LOCATION, {"properties": {"name": "Nautilus II"}})
    found = await objects.search_object_records(
        {"locationId": LOCATION, "page": 1, "pageLimit": 10, "query": "name:nautilus", "searchAfter": []},
        schema_key=boat,
    )
    seen["search"] = (found["total"], found["records"][0]["properties"]["name"])

    association = await associations.create_association(
        {
            "locationId": LOCATION,
            "key": f"boat_pet_{suffix}",
            "firstObjectLabel": "Boat",
            "firstObjectKey": boat,
            "secondObjectLabel": "Pet",
            "secondObjectKey": PET,
        }
    )
    page = await associations.find_associations(location_id=LOCATION, skip=0, limit=50)
    seen["association listed"] = association["id"] in [item["id"] for item in page["associations"]]
    await associations.get_association_by_i_d(association["id"])
    await associations.get_association_key_by_key_name(association["key"], LOCATION)
    await associations.get_association_by_object_keys(object_key=boat, location_id=LOCATION)
    await associations.update_association(association["id"], {"firstObjectLabel": "Vessel", "secondObjectLabel": "Pet"})
    relation = await associations.create_relation(
        {
            "locationId": LOCATION,
            "associationId": association["id"],
            "firstRecordId": record["id"],
            "secondRecordId": BUDDY,
        }
    )
    relations = await associations.get_relations_by_record_id(record["id"], LOCATION, 0, 10)
    seen["relations"] = [item["id"] for item in relations["relations"]] == [relation["id"]]
    await associations.delete_relation(relation["id"], LOCATION)

    folder = await fields.create_custom_field_folder({"objectKey": boat, "name": "Specs", "locationId": LOCATION})
    await fields.update_custom_field_folder(folder["id"], {"name": "Specifications", "locationId": LOCATION})
    field = (
        await fields.create_custom_field(
            {
                "locationId": LOCATION,
                "showInForms": True,
                "dataType": "NUMERICAL",
                "fieldKey": "length_m",
                "objectKey": boat,
                "parentId": folder["id"],
                "name": "Length (m)",
            }
        )
    )["field"]
    await fields.get_custom_field_by_id(field["id"])
    await fields.update_custom_field(field["id"], {"locationId": LOCATION, "showInForms": False, "name": "Length"})
    listing = await fields.get_custom_fields_by_object_key(boat, LOCATION)
    seen["field keys"] = sorted(item["fieldKey"] for item in listing["fields"])
    await fields.delete_custom_field(field["id"])
    await fields.delete_custom_field_folder(folder["id"], LOCATION)

    await associations.delete_association(association["id"])
    deleted = await objects.delete_object_record(boat, record["id"])
    seen["deleted"] = deleted
    return seen


@pytest.mark.parametrize("version", [None, "2021-07-28"])
def test_the_official_python_sdk_works_against_the_mock(live_url: str, version: str | None) -> None:
    seen = asyncio.run(exercise_everything(sdk_for(live_url, version)))
    boat = seen["boat"]
    assert seen["object keys"] == ["contact", "opportunity", "business", PET]
    assert seen["boat fields"] == [f"{boat}.name"]
    assert seen["got name"] == "Nautilus"
    assert seen["search"] == (1, "Nautilus II")
    assert seen["association listed"] is True
    assert seen["relations"] is True
    assert seen["field keys"] == [f"{boat}.length_m", f"{boat}.name"]
    assert seen["deleted"]["success"] is True


def test_sdk_errors_carry_the_vendors_answer(live_url: str) -> None:
    async def missing() -> Any:
        return await sdk_for(live_url).objects.get_record_by_id(schema_key=PET, id="000000000000000000000000")

    with pytest.raises(highlevel.error.GHLError) as raised:
        asyncio.run(missing())
    assert raised.value.status_code == 400
    assert raised.value.response == {"message": "Record not found", "error": "Bad Request", "statusCode": 400}
