"""Every Zendesk operation is called, and every answer is checked against
specs/zendesk.yaml by openapi-core."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.contract.recorder import ContractRecorder
from tests.support import MockClient
from tests.vendors.zendesk.expect import CAR, DRIVER, TESLA

SPEC = load_spec(bundled_specs_dir() / "zendesk.yaml", "zendesk")


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(bundled_specs_dir() / "zendesk.yaml"))


def test_every_operation_answers_within_the_spec(zd: MockClient, openapi: OpenAPI) -> None:
    contract = ContractRecorder(zd, openapi, SPEC, "https://example.zendesk.com", strip="/zendesk")
    call = contract.call
    objects = "/api/v2/custom_objects"
    call("GET", objects)
    call("POST", objects, json_body={"custom_object": {"key": "boat", "title": "Boat", "title_pluralized": "Boats"}})
    call("GET", f"{objects}/boat")
    call("PATCH", f"{objects}/boat", json_body={"custom_object": {"description": "On water"}})
    call("GET", f"{objects}/limits/object_limit")
    call("GET", f"{objects}/limits/record_limit")
    call("GET", f"{objects}/boat/limits/field_limit")
    field = call("POST", f"{objects}/boat/fields", json_body={"custom_object_field": {"key": "hull", "title": "Hull"}})
    call(
        "POST",
        f"{objects}/boat/fields",
        json_body={"custom_object_field": {"key": "sails", "title": "Sails", "type": "integer"}},
    )
    call("GET", f"{objects}/boat/fields", params={"include_standard_fields": "true"})
    call("GET", f"{objects}/boat/fields/hull")
    call(
        "PATCH",
        f"{objects}/boat/fields/{field['custom_object_field']['id']}",
        json_body={"custom_object_field": {"title": "Hull type"}},
    )
    call(
        "PUT",
        f"{objects}/boat/fields/reorder",
        json_body={"custom_object_field_ids": [field["custom_object_field"]["id"]]},
    )
    call("DELETE", f"{objects}/boat/fields/sails")
    record = call(
        "POST", f"{CAR}/records", json_body={"custom_object_record": {"name": "Contract car", "external_id": "CT-1"}}
    )
    record_id = record["custom_object_record"]["id"]
    call("GET", f"{CAR}/records", params={"page[size]": 2, "sort": "-updated_at"})
    call("GET", f"{CAR}/records/{record_id}")
    call(
        "PATCH",
        f"{CAR}/records/{record_id}",
        json_body={"custom_object_record": {"custom_object_fields": {"seats": 2}}},
    )
    call(
        "PATCH",
        f"{CAR}/records",
        params={"external_id": "CT-2"},
        json_body={"custom_object_record": {"name": "Upserted"}},
    )
    call("DELETE", f"{CAR}/records", params={"external_id": "CT-2"})
    call("GET", f"{CAR}/records/count")
    call("GET", f"{CAR}/records/search", params={"query": "contract", "page[size]": 1})
    call("POST", f"{CAR}/records/search", json_body={"filter": {"custom_object_fields.seats": {"$gte": 2}}})
    call("GET", f"{DRIVER}/records/autocomplete", params={"name": "ada"})
    job = call(
        "POST", f"{CAR}/jobs", json_body={"job": {"action": "create", "items": [{"name": "Bulk"}, {"name": ""}]}}
    )
    call("GET", f"/api/v2/job_statuses/{job['job_status']['id']}")
    call("DELETE", f"{CAR}/records/{record_id}")
    call("DELETE", f"{objects}/boat")

    # refusals, which must be in the spec too
    call("GET", f"{CAR}/records/{record_id}")  # 404
    call("POST", f"{CAR}/records", json_body={"custom_object_record": {"custom_object_fields": {"seats": "x"}}})  # 422
    call("GET", f"{CAR}/records", params={"page[size]": 500})  # 400
    call("GET", f"{CAR}/records/{TESLA}", headers={"Authorization": None})  # 401

    assert {200, 201, 204, 400, 401, 404, 422} <= contract.statuses
    assert contract.operation_ids() == set(SPEC.operations), "every operation in the spec is exercised"
