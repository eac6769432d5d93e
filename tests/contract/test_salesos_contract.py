"""Every SalesOS operation is called, and every answer is checked against
specs/salesos.yaml by openapi-core."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.contract.recorder import ContractRecorder
from tests.support import MockClient

SPEC = load_spec(bundled_specs_dir() / "salesos.yaml", "salesos")
ASSET = "cm5asset00000000000000001"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(bundled_specs_dir() / "salesos.yaml"))


def test_every_operation_answers_within_the_spec(so: MockClient, openapi: OpenAPI) -> None:
    contract = ContractRecorder(so, openapi, SPEC, "https://api.salesos.org", strip="/salesos")
    call = contract.call
    objects = "/v1/custom-objects"
    call("GET", objects, params={"page": "1", "limit": "10"})
    created = call("POST", objects, json_body={"name": "Ticket", "fields": [{"label": "Title", "fieldType": "TEXT"}]})
    call("GET", f"{objects}/stats")
    call("GET", f"{objects}/{created['id']}")
    call("PATCH", f"{objects}/{created['id']}", json_body={"icon": "ticket"})
    field = call("POST", f"{objects}/{created['id']}/fields", json_body={"label": "Points", "fieldType": "NUMBER"})
    call("PATCH", f"{objects}/{created['id']}/fields/{field['id']}", json_body={"isRequired": False})
    record = call("POST", f"{objects}/{created['id']}/records", json_body={"data": {"title": "Fix it", "points": 3}})
    call("GET", f"{objects}/{created['id']}/records")
    call("PATCH", f"{objects}/{created['id']}/records/{record['id']}", json_body={"data": {"points": 5}})
    call("DELETE", f"{objects}/{created['id']}/records/{record['id']}")
    call("DELETE", f"{objects}/{created['id']}/fields/{field['id']}")
    call("DELETE", f"{objects}/{created['id']}")
    # refusals
    call("GET", f"{objects}/{created['id']}")  # 404
    call("POST", objects, json_body={})  # 400
    call("POST", objects, json_body={"name": "Asset"})  # 409
    call("GET", objects, headers={"Authorization": None})  # 401
    call("POST", f"{objects}/{ASSET}/records", json_body={"data": {"asset_name": "x", "serial": "SN-001"}})  # 409
    assert {200, 201, 400, 401, 404, 409} <= contract.statuses
    assert contract.operation_ids() == set(SPEC.operations), "every operation in the spec is exercised"
