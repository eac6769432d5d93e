"""Issue 17: Zendesk answers corrected from evidence, each test naming its source."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import MockClient, header
from tests.vendors.zendesk.expect import CAR, TESLA

OBJECTS = "/api/v2/custom_objects"
RATE_LIMITED_TEXT = "Number of allowed API requests per minute exceeded"


def _descriptions(shown: dict[str, Any]) -> tuple[Any, Any]:
    return shown["description"], shown["raw_description"]


def test_an_object_created_without_a_description_reads_back_with_empty_strings(zd: MockClient) -> None:
    """Issue 17 (Zendesk custom objects): an object created without `description` has
    `"description": ""` and `"raw_description": ""`, not null and not the title, in every
    answer: create, show, list and an update that leaves the description alone."""
    body = {"custom_object": {"key": "boat", "title": "Boat", "title_pluralized": "Boats"}}
    created = zd.post(OBJECTS, json=body)
    assert created.status == 201
    assert _descriptions(created.json()["custom_object"]) == ("", "")
    assert _descriptions(zd.get(f"{OBJECTS}/boat").json()["custom_object"]) == ("", "")
    listed = {obj["key"]: obj for obj in zd.get(OBJECTS).json()["custom_objects"]}
    assert _descriptions(listed["boat"]) == ("", "")
    renamed = zd.patch(f"{OBJECTS}/boat", json={"custom_object": {"title": "Ship"}})
    assert _descriptions(renamed.json()["custom_object"]) == ("", "")
    cleared = zd.patch(f"{OBJECTS}/boat", json={"custom_object": {"description": None}})
    assert _descriptions(cleared.json()["custom_object"]) == ("", "")


def test_a_field_created_without_a_description_reads_back_with_empty_strings(zd: MockClient) -> None:
    """Issue 17 (Zendesk custom objects): the same for custom object fields (the mock
    used to copy the title into the description)."""
    created = zd.post(f"{CAR}/fields", json={"custom_object_field": {"key": "vin", "title": "VIN", "type": "text"}})
    assert created.status == 201
    assert _descriptions(created.json()["custom_object_field"]) == ("", "")
    assert _descriptions(zd.get(f"{CAR}/fields/vin").json()["custom_object_field"]) == ("", "")
    listed = {field["key"]: field for field in zd.get(f"{CAR}/fields").json()["custom_object_fields"]}
    assert _descriptions(listed["vin"]) == ("", "")
    assert _descriptions(listed["make"]) == ("", "")  # a fixture field defined without one
    retitled = zd.patch(f"{CAR}/fields/vin", json={"custom_object_field": {"title": "Vehicle id"}})
    assert _descriptions(retitled.json()["custom_object_field"]) == ("", "")


def test_the_standard_fields_keep_their_titles_as_descriptions(zd: MockClient) -> None:
    """Zendesk's own field list example (oas.yaml CustomObjectFieldsResponseExample):
    `standard::name` is described "Name", `standard::external_id` "External ID"."""
    every = zd.get(f"{CAR}/fields", params={"include_standard_fields": "true"}).json()["custom_object_fields"]
    standard = {field["key"]: _descriptions(field) for field in every if field["system"]}
    assert standard == {"standard::name": ("Name", "Name"), "standard::external_id": ("External ID", "External ID")}


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def _add_fault(faults: MockClient, zd: MockClient, **rule: Any) -> None:
    credential = base64.b64decode(zd.headers["Authorization"].split(" ", 1)[1]).decode()
    answer = faults.post("/faults", json={"vendor": "zendesk", "tenant": credential, **rule})
    assert answer.status == 201, answer.text


@pytest.mark.parametrize("action", [{"error": "rate_limited"}, {"status": 429}])
def test_an_injected_429_is_plain_text(zd: MockClient, faults: MockClient, action: dict[str, Any]) -> None:
    """Zendesk's 429 body is the text `Number of allowed API requests per minute exceeded`,
    not JSON: airbytehq/airbyte#11035 shows a JSON decoder failing on exactly that text
    ("Expecting value ... Number of allowed API requests per minute exceeded"), and
    arduino/help-center-content#15 quotes it next to "429 Too Many Requests".  Retry-After
    is what zenpy waits on before trying again (zenpy 2.0.57 lib/api.py, `_call_api`)."""
    _add_fault(faults, zd, operationId="ShowCustomObjectRecord", action=action)
    refused = zd.get(f"{CAR}/records/{TESLA}")
    assert (refused.status, refused.text) == (429, RATE_LIMITED_TEXT)
    assert header(refused, "Content-Type") == "text/plain; charset=utf-8"
    assert header(refused, "Retry-After") == "60"
    assert header(refused, "X-Rate-Limit") == "700"  # Zendesk sends it on a 429 too (zendesk_api_client_php#422)


def test_an_exhausted_quota_is_plain_text() -> None:
    """As above, for the emulated quota (--rate-limits): the 701st request in a minute."""
    client = create_app(Settings(rate_limits=True, strict=True, vendor=("zendesk",))).test_client()
    client.post("/__mock__/clock", json={"freeze": "2026-01-01T10:00:00Z"})
    headers = {"Authorization": "Bearer plain-text-429"}
    assert {client.get(f"/zendesk{CAR}", headers=headers).status_code for _ in range(700)} == {200}
    client.post("/__mock__/clock", json={"advance": 50})
    refused = client.get(f"/zendesk{CAR}", headers=headers)
    assert (refused.status_code, refused.get_data(as_text=True)) == (429, RATE_LIMITED_TEXT)
    assert refused.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.headers["Retry-After"] == "10"
    assert (refused.headers["X-Rate-Limit"], refused.headers["X-Rate-Limit-Remaining"]) == ("700", "0")
