"""Every EspoCRM operation is called, and every answer is checked against
specs/espocrm.yaml by openapi-core."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.contract.recorder import ContractRecorder
from tests.support import MockClient
from tests.vendors.espocrm.expect import ACME, JANE, LENA

SPEC = load_spec(bundled_specs_dir() / "espocrm.yaml", "espocrm")


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(bundled_specs_dir() / "espocrm.yaml"))


def test_every_operation_answers_within_the_spec(espo: MockClient, openapi: OpenAPI) -> None:
    contract = ContractRecorder(espo, openapi, SPEC, "https://espocrm.example.com", strip="/espocrm")
    call = contract.call
    call("GET", "/App/user")
    call("GET", "/Metadata")
    call("GET", "/Account", params={"select": "name", "maxSize": 5})
    created = call("POST", "/Account", json_body={"name": "Contract Co"})
    call("GET", f"/Account/{created['id']}")
    call("PUT", f"/Account/{created['id']}", json_body={"website": "https://contract.example"})
    call("PATCH", f"/Account/{created['id']}", json_body={"industry": "Legal"})
    call("GET", f"/Account/{ACME}/contacts")
    call("POST", f"/Account/{created['id']}/contacts", json_body={"id": JANE})
    call("DELETE", f"/Account/{created['id']}/contacts", json_body={"id": JANE})
    call(
        "POST",
        "/MassAction",
        json_body={"entityType": "Account", "action": "update", "params": {"ids": [ACME]}, "data": {"values": {}}},
    )
    call("PUT", "/Account/action/massUpdate", json_body={"attributes": {"type": "Partner"}, "ids": [created["id"]]})
    call("POST", "/Contact/action/massDelete", json_body={"ids": [JANE]})
    call("POST", f"/Lead/{LENA}/action/convert", json_body={"records": {"Account": {"name": "Converted Co"}}})
    call("POST", "/Lead/action/convert", json_body={"id": LENA, "records": {}})
    call("DELETE", f"/Account/{created['id']}")

    # refusals, which must be in the spec too
    call("GET", f"/Account/{created['id']}")  # 404
    call("POST", "/Account", json_body={})  # 400 with the validation body
    call("POST", "/Account", json_body={"name": "Acme Corporation"})  # 409
    call("GET", "/Account", params={"maxSize": 500})  # 403
    call("GET", "/Account", headers={"X-Api-Key": None})  # 401
    call("GET", "/Account", params={"where[0][attribute]": "name"})  # 500: no type

    assert {200, 400, 401, 403, 404, 409, 500} <= contract.statuses
    assert contract.operation_ids() == set(SPEC.operations), "every operation in the spec is exercised"
