"""HighLevel's official Python SDK (gohighlevel-api-client) drives the contacts and the
location custom fields against the mock, as a marketplace app's code would."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.sdk.test_highlevel_python_sdk import LOCATION, sdk_for

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

JANE = "C01ownerJane8vShlRW1"


async def exercise_contacts(ghl: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    contacts, locations = ghl.contacts, ghl.locations
    email = f"sdk-{uuid.uuid4().hex[:8]}@example.com"

    field = (await locations.create_custom_field(LOCATION, {"name": "Litter size", "dataType": "NUMERICAL"}))[
        "customField"
    ]
    await locations.update_custom_field(LOCATION, field["id"], {"name": "Litter size", "placeholder": "0"})
    seen["field"] = (await locations.get_custom_field(LOCATION, field["id"]))["customField"]["fieldKey"]
    listed = await locations.get_custom_fields(LOCATION, model="contact")
    seen["field listed"] = field["id"] in [item["id"] for item in listed["customFields"]]

    created = await contacts.create_contact(
        {
            "locationId": LOCATION,
            "firstName": "Sdk",
            "email": email,
            "customFields": [{"id": field["id"], "field_value": 4}],
        }
    )
    contact_id = created["contact"]["id"]
    seen["got"] = (await contacts.get_contact(contact_id))["contact"]["customFields"]
    await contacts.update_contact(contact_id, {"lastName": "Client"})
    upserted = await contacts.upsert_contact({"locationId": LOCATION, "email": email, "city": "Bergen"})
    seen["upsert"] = (upserted["new"], upserted["contact"]["id"] == contact_id, upserted["contact"]["lastName"])
    seen["tags"] = (await contacts.add_tags(contact_id, {"tags": ["sdk", "vip"]}))["tags"]
    seen["tags left"] = (await contacts.remove_tags(contact_id, {"tags": ["vip"]}))["tags"]
    found = await contacts.search_contacts_advanced(
        {"locationId": LOCATION, "pageLimit": 5, "filters": [{"field": "email", "operator": "eq", "value": email}]}
    )
    seen["search"] = [item["id"] for item in found["contacts"]] == [contact_id]
    seen["deleted"] = await contacts.delete_contact(contact_id)
    seen["field deleted"] = await locations.delete_custom_field(LOCATION, field["id"])
    return seen


def test_the_official_python_sdk_drives_contacts_and_custom_fields(live_url: str) -> None:
    seen = asyncio.run(exercise_contacts(sdk_for(live_url)))
    assert seen["field"] == "contact.litter_size"
    assert seen["field listed"] is True
    assert seen["got"][0]["value"] == 4
    assert seen["upsert"] == (False, True, "Client")
    assert seen["tags"] == ["sdk", "vip"]
    assert seen["tags left"] == ["sdk"]
    assert seen["search"] is True
    assert seen["deleted"] == {"succeded": True}
    assert seen["field deleted"] == {"succeded": True}


def test_sdk_errors_carry_the_duplicate_contact(live_url: str) -> None:
    async def duplicate() -> Any:
        return await sdk_for(live_url).contacts.create_contact(
            {"locationId": LOCATION, "email": "jane.cooper@example.com"}
        )

    with pytest.raises(highlevel.error.GHLError) as raised:
        asyncio.run(duplicate())
    assert raised.value.status_code == 400
    assert raised.value.response["meta"] == {
        "contactName": "Jane Cooper",
        "contactId": JANE,
        "matchingField": "email",
    }
