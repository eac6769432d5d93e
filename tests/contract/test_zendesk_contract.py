"""Every Zendesk operation is called, and every answer (successes and refusals) is
checked against specs/zendesk.yaml by openapi-core, independently of the mock's
own checks."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_core import OpenAPI

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.contract.recorder import ContractRecorder
from tests.support import MockClient
from tests.vendors.zendesk.expect import ADA, CAR, DRIVER, NOT_FOUND, TESLA, UNAUTHORIZED, bad_request, invalid

SPEC = load_spec(bundled_specs_dir() / "zendesk.yaml", "zendesk")
VENDOR_BASE = "https://example.zendesk.com"
OBJECTS = "/api/v2/custom_objects"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(bundled_specs_dir() / "zendesk.yaml"))


@pytest.fixture
def contract(zd: MockClient, openapi: OpenAPI) -> ContractRecorder:
    return ContractRecorder(zd, openapi, SPEC, VENDOR_BASE, strip="/zendesk")


def expect(contract: ContractRecorder, status: int, method: str, path: str, **kwargs: Any) -> Any:
    """Call through the recorder (which validates the answer) and check the status."""
    body = contract.call(method, path, **kwargs)
    assert contract.seen[-1][2] == status, body
    return body


def test_the_spec_has_27_operations() -> None:
    assert len(SPEC.operations) == 27


def test_every_operation_answers_within_the_spec(contract: ContractRecorder) -> None:
    """Success paths of all 27 operations, then refusals, each validated against the spec."""
    # objects and limits
    listed = expect(contract, 200, "GET", OBJECTS)
    assert sorted(item["key"] for item in listed["custom_objects"]) == ["car", "driver"]
    boat = {"custom_object": {"key": "boat", "title": "Boat", "title_pluralized": "Boats"}}
    assert expect(contract, 201, "POST", OBJECTS, json_body=boat)["custom_object"]["key"] == "boat"
    expect(contract, 200, "GET", f"{OBJECTS}/boat")
    patched = expect(contract, 200, "PATCH", f"{OBJECTS}/boat", json_body={"custom_object": {"description": "Wet"}})
    assert patched["custom_object"]["description"] == "Wet"
    expect(contract, 200, "GET", f"{OBJECTS}/limits/object_limit")
    expect(contract, 200, "GET", f"{OBJECTS}/limits/record_limit")
    expect(contract, 200, "GET", f"{OBJECTS}/boat/limits/field_limit")

    # fields
    hull = {"custom_object_field": {"key": "hull", "title": "Hull"}}
    field = expect(contract, 201, "POST", f"{OBJECTS}/boat/fields", json_body=hull)["custom_object_field"]
    sails = {"custom_object_field": {"key": "sails", "title": "Sails", "type": "integer"}}
    sails_id = expect(contract, 201, "POST", f"{OBJECTS}/boat/fields", json_body=sails)["custom_object_field"]["id"]
    expect(contract, 200, "GET", f"{OBJECTS}/boat/fields", params={"include_standard_fields": "true"})
    expect(contract, 200, "GET", f"{OBJECTS}/boat/fields/hull")
    renamed = {"custom_object_field": {"title": "Hull type"}}
    expect(contract, 200, "PATCH", f"{OBJECTS}/boat/fields/{field['id']}", json_body=renamed)
    order = {"custom_object_field_ids": [sails_id, field["id"]]}
    expect(contract, 200, "PUT", f"{OBJECTS}/boat/fields/reorder", json_body=order)
    expect(contract, 204, "DELETE", f"{OBJECTS}/boat/fields/sails")

    # records
    new = {"custom_object_record": {"name": "Contract car", "external_id": "CT-1"}}
    record_id = expect(contract, 201, "POST", f"{CAR}/records", json_body=new)["custom_object_record"]["id"]
    page = expect(contract, 200, "GET", f"{CAR}/records", params={"page[size]": 2, "sort": "-updated_at"})
    after = page["meta"]["after_cursor"]
    expect(
        contract, 200, "GET", f"{CAR}/records", params={"page[size]": 2, "sort": "-updated_at", "page[after]": after}
    )
    expect(contract, 200, "GET", f"{CAR}/records", params={"filter[external_ids]": "CAR-1,CT-1"})
    expect(contract, 200, "GET", f"{CAR}/records/{record_id}")
    seats = {"custom_object_record": {"custom_object_fields": {"seats": 2}}}
    expect(contract, 200, "PATCH", f"{CAR}/records/{record_id}", json_body=seats)
    upsert = {"custom_object_record": {"name": "Upserted"}}
    expect(contract, 200, "PATCH", f"{CAR}/records", params={"external_id": "CT-2"}, json_body=upsert)
    expect(contract, 200, "PATCH", f"{CAR}/records", params={"external_id": "CT-2"}, json_body=upsert)
    expect(
        contract,
        200,
        "PATCH",
        f"{DRIVER}/records",
        params={"name": "Ada Lovelace"},
        json_body={"custom_object_record": {}},
    )
    expect(contract, 204, "DELETE", f"{CAR}/records", params={"external_id": "CT-2"})
    count = expect(contract, 200, "GET", f"{CAR}/records/count")
    assert count["count"]["value"] == 4

    # search
    found = expect(contract, 200, "GET", f"{CAR}/records/search", params={"query": "contract", "page[size]": 1})
    assert found["count"] == 1
    expect(contract, 200, "GET", f"{CAR}/records/search", params={"query": "o", "sort": "-name", "page[size]": 1})
    by_seats = {"filter": {"custom_object_fields.seats": {"$gte": 2}}}
    expect(contract, 200, "POST", f"{CAR}/records/search", json_body=by_seats)
    expect(contract, 200, "GET", f"{DRIVER}/records/autocomplete", params={"name": "ada"})

    # bulk jobs
    items = {"job": {"action": "create", "items": [{"name": "Bulk"}, {"name": ""}]}}
    job = expect(contract, 201, "POST", f"{CAR}/jobs", json_body=items)["job_status"]
    done = expect(contract, 200, "GET", f"/api/v2/job_statuses/{job['id']}")["job_status"]
    assert done["status"] == "completed" and [result["success"] for result in done["results"]] == [True, False]
    expect(contract, 204, "DELETE", f"{CAR}/records/{record_id}")
    expect(contract, 204, "DELETE", f"{OBJECTS}/boat")

    assert contract.operation_ids() == set(SPEC.operations), "every operation in the spec is exercised"


def test_refusals_answer_within_the_spec(contract: ContractRecorder) -> None:
    """401, 404, 422 and 400 answers, with their exact bodies, validated against the spec."""
    no_auth: dict[str, str | None] = {"Authorization": None}
    wrong = {"Authorization": "Basic bm90LWEtY3JlZGVudGlhbA=="}
    assert expect(contract, 401, "GET", f"{CAR}/records/{TESLA}", headers=no_auth) == UNAUTHORIZED
    assert expect(contract, 401, "GET", OBJECTS, headers=wrong) == UNAUTHORIZED
    new = {"custom_object_record": {"name": "Nope"}}
    assert expect(contract, 401, "POST", f"{CAR}/records", json_body=new, headers=no_auth) == UNAUTHORIZED

    assert expect(contract, 404, "GET", f"{OBJECTS}/nothing") == NOT_FOUND
    assert expect(contract, 404, "GET", f"{CAR}/records/01JGCAR0000000000000000099") == NOT_FOUND
    assert expect(contract, 404, "GET", f"{OBJECTS}/car/fields/nothing") == NOT_FOUND
    assert expect(contract, 404, "GET", "/api/v2/job_statuses/V3-0000") == NOT_FOUND
    assert expect(contract, 404, "DELETE", f"{CAR}/records", params={"external_id": "NOPE"}) == NOT_FOUND
    assert expect(contract, 404, "GET", f"{OBJECTS}/nothing/records/search", params={"query": "x"}) == NOT_FOUND

    bad_seats = {"custom_object_record": {"custom_object_fields": {"seats": "x"}}}
    refused = expect(contract, 422, "POST", f"{CAR}/records", json_body=bad_seats)
    assert refused["error"] == "RecordInvalid" and refused["description"] == "Record validation errors"
    taken = {"custom_object_record": {"name": "Ada Lovelace"}}
    assert expect(contract, 422, "POST", f"{DRIVER}/records", json_body=taken) == invalid(
        name=("Name: has already been taken", "DuplicateValue")
    )
    expect(
        contract, 422, "PATCH", f"{DRIVER}/records/{ADA}", json_body={"custom_object_record": {"name": "Grace Hopper"}}
    )
    by_name: dict[str, Any] = {"custom_object_record": {}}
    assert expect(contract, 422, "PATCH", f"{CAR}/records", params={"name": "My Tesla"}, json_body=by_name) == invalid(
        name=("Name: records can be addressed by name only when names are unique", "NotAllowed")
    )
    too_many = {"job": {"action": "create", "items": [{"name": f"n{n}"} for n in range(101)]}}
    assert expect(contract, 422, "POST", f"{CAR}/jobs", json_body=too_many) == invalid(
        items=("Items: between 1 and 100 items per job", "InvalidValue")
    )

    assert expect(contract, 400, "GET", f"{CAR}/records", params={"page[size]": 500}) == bad_request(
        "page[size] must be between 1 and 100"
    )
    assert expect(contract, 400, "GET", f"{CAR}/records", params={"page[after]": "garbage"}) == bad_request(
        "page[after] is not a cursor from this list"
    )
    assert expect(contract, 400, "DELETE", f"{CAR}/records") == bad_request(
        "Exactly one of external_id and name is required"
    )
    bad_filter = {"filter": {"custom_object_fields.nothing": {"$eq": 1}}}
    assert expect(contract, 400, "POST", f"{CAR}/records/search", json_body=bad_filter) == bad_request(
        "filter: custom_object_fields.nothing is not a field of this object"
    )
    assert expect(contract, 400, "GET", f"{CAR}/records/search", params={"page[size]": 0}) == bad_request(
        "page[size] must be between 1 and 100"
    )

    assert {400, 401, 404, 422} == contract.statuses
