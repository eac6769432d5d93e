"""Every HighLevel operation is called, and every answer is checked against
specs/highlevel.yaml by openapi-core (independently of the mock's own checks)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.routing import Map, Rule

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.support import HL_LOCATION, Answer, MockClient

SPEC = load_spec(bundled_specs_dir() / "highlevel.yaml", "highlevel")
VENDOR_BASE = "https://services.leadconnectorhq.com"
PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"
WHISKERS = "679b8fa8de6a0c356a0311b4"
PET_FOLDER = "3v34PM428h8vShlRW1KT"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(bundled_specs_dir() / "highlevel.yaml"))


class ContractRecorder:
    """Calls the mock and validates each answer against the spec with openapi-core."""

    def __init__(self, client: MockClient, openapi: OpenAPI) -> None:
        self.client = client
        self.openapi = openapi
        self.seen: list[tuple[str, str, int]] = []

    def call(self, method: str, path: str, *, json_body: Any = None, params: dict[str, Any] | None = None) -> Any:
        answer = self.client.request(method, path, json=json_body, params=params)
        self.check(method, path, params, json_body, answer)
        return answer.json() if answer.text else None

    def operation_ids(self) -> set[str]:
        """The operationIds the calls so far reached, matched by the spec's own paths."""
        rules = Map([Rule(op.rule, endpoint=op.operation_id, methods=[op.method]) for op in SPEC], strict_slashes=False)
        adapter = rules.bind("mock")
        return {str(adapter.match(path, method=method)[0]) for method, path, _ in self.seen}

    def check(self, method: str, path: str, params: dict[str, Any] | None, body: Any, answer: Answer) -> None:
        request = MockRequest(
            VENDOR_BASE,
            method.lower(),
            path,
            args=params or {},
            headers=dict(self.client.headers),
            data=json.dumps(body).encode() if body is not None else None,
        )
        content_type = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "application/json")
        response = MockResponse(answer.text.encode(), answer.status, dict(answer.headers), content_type.split(";")[0])
        self.openapi.validate_response(request, response)
        self.seen.append((method, path, answer.status))


@pytest.fixture
def contract(hl: MockClient, openapi: OpenAPI) -> Iterator[ContractRecorder]:
    yield ContractRecorder(hl, openapi)


def test_every_operation_answers_within_the_spec(contract: ContractRecorder) -> None:
    loc = {"locationId": HL_LOCATION}
    call = contract.call
    suffix = uuid.uuid4().hex[:8]

    # objects
    call("GET", "/objects/", params=loc)
    created = call(
        "POST",
        "/objects/",
        json_body={
            "labels": {"singular": "Car", "plural": "Cars"},
            "key": f"car_{suffix}",
            "locationId": HL_LOCATION,
            "description": "Cars in the lot",
            "primaryDisplayPropertyDetails": {"key": "plate", "name": "Plate", "dataType": "TEXT"},
        },
    )
    car = created["object"]["key"]
    call("GET", f"/objects/{car}", params={**loc, "fetchProperties": "true"})
    call("GET", f"/objects/{created['object']['id']}", params=loc)
    call(
        "PUT",
        f"/objects/{car}",
        json_body={"locationId": HL_LOCATION, "searchableProperties": [f"{car}.plate"], "description": None},
    )

    # records
    record = call(
        "POST", f"/objects/{car}/records", json_body={"locationId": HL_LOCATION, "properties": {"plate": "X1"}}
    )
    record_id = record["record"]["id"]
    call("GET", f"/objects/{car}/records/{record_id}")
    call("PUT", f"/objects/{car}/records/{record_id}", params=loc, json_body={"properties": {"plate": "X2"}})
    call("POST", f"/objects/{car}/records/search", json_body={**loc, "page": 1, "pageLimit": 10, "query": "plate:X"})
    call("POST", f"/objects/{PET}/records/search", json_body={**loc, "page": 1, "pageLimit": 2, "searchAfter": []})

    # custom fields and folders
    folder = call(
        "POST", "/custom-fields/folder", json_body={"objectKey": car, "name": "Specs", "locationId": HL_LOCATION}
    )
    call(
        "PUT", f"/custom-fields/folder/{folder['id']}", json_body={"name": "Specifications", "locationId": HL_LOCATION}
    )
    field = call(
        "POST",
        "/custom-fields/",
        json_body={
            "locationId": HL_LOCATION,
            "showInForms": True,
            "dataType": "NUMERICAL",
            "fieldKey": "doors",
            "objectKey": car,
            "parentId": folder["id"],
            "name": "Doors",
        },
    )["field"]
    call("GET", f"/custom-fields/{field['id']}")
    call("PUT", f"/custom-fields/{field['id']}", json_body={"locationId": HL_LOCATION, "showInForms": False})
    call("GET", f"/custom-fields/object-key/{car}", params=loc)
    call("DELETE", f"/custom-fields/{field['id']}")
    call("DELETE", f"/custom-fields/folder/{folder['id']}", params=loc)

    # associations and relations
    association = call(
        "POST",
        "/associations/",
        json_body={
            "locationId": HL_LOCATION,
            "key": f"car_pet_{suffix}",
            "firstObjectLabel": "Car",
            "firstObjectKey": car,
            "secondObjectLabel": "Pet",
            "secondObjectKey": PET,
        },
    )
    call("GET", "/associations/", params={**loc, "skip": 0, "limit": 10})
    call("GET", f"/associations/{association['id']}")
    call("GET", f"/associations/key/{association['key']}", params=loc)
    call("GET", f"/associations/objectKey/{car}", params=loc)
    call(
        "PUT",
        f"/associations/{association['id']}",
        json_body={"firstObjectLabel": "Vehicle", "secondObjectLabel": "Pet"},
    )
    relation = call(
        "POST",
        "/associations/relations",
        json_body={**loc, "associationId": association["id"], "firstRecordId": record_id, "secondRecordId": BUDDY},
    )
    call("GET", f"/associations/relations/{record_id}", params={**loc, "skip": 0, "limit": 10})
    call("GET", f"/objects/{car}/records/{record_id}")
    call("DELETE", f"/associations/relations/{relation['id']}", params=loc)
    call("DELETE", f"/associations/{association['id']}")
    call("DELETE", f"/objects/{car}/records/{record_id}")

    # contacts and the location's custom fields
    fields = f"/locations/{HL_LOCATION}/customFields"
    call("GET", fields, params={"model": "contact"})
    field = call("POST", fields, json_body={"name": "Contract field", "dataType": "TEXT"})["customField"]
    call("GET", f"{fields}/{field['id']}")
    call("PUT", f"{fields}/{field['id']}", json_body={"name": "Contract field 2"})
    contact = call("POST", "/contacts/", json_body={**loc, "email": "contract@example.com"})["contact"]
    call("GET", f"/contacts/{contact['id']}")
    call("PUT", f"/contacts/{contact['id']}", json_body={"customFields": [{"id": field["id"], "field_value": "x"}]})
    call("POST", "/contacts/upsert", json_body={**loc, "email": "contract@example.com", "city": "Oslo"})
    call("POST", "/contacts/search", json_body={**loc, "pageLimit": 5, "query": "contract"})
    call("GET", "/contacts/", params={**loc, "limit": 5})
    call("POST", f"/contacts/{contact['id']}/tags", json_body={"tags": ["a", "b"]})
    call("DELETE", f"/contacts/{contact['id']}/tags", json_body={"tags": ["a"]})
    call("DELETE", f"/contacts/{contact['id']}")
    call("DELETE", f"{fields}/{field['id']}")

    # opportunities, pipelines and businesses
    call("GET", "/opportunities/pipelines", params=loc)
    opportunity = call(
        "POST",
        "/opportunities/",
        json_body={
            **loc,
            "pipelineId": "P01clinicPipe8vShlRW",
            "name": "Contract plan",
            "status": "open",
            "contactId": "C02ownerMark8vShlRW1",
        },
    )["opportunity"]
    call("GET", f"/opportunities/{opportunity['id']}")
    call("PUT", f"/opportunities/{opportunity['id']}", json_body={"monetaryValue": 10})
    call("PUT", f"/opportunities/{opportunity['id']}/status", json_body={"status": "won"})
    call(
        "POST",
        "/opportunities/upsert",
        json_body={
            **loc,
            "id": opportunity["id"],
            "pipelineId": "P01clinicPipe8vShlRW",
            "followers": [],
            "isRemoveAllFollowers": False,
            "followersActionType": "add",
        },
    )
    call("GET", "/opportunities/search", params={"location_id": HL_LOCATION, "limit": 2})
    call("GET", "/opportunities/search", params=loc)  # 422: location_id is snake_case
    call("POST", "/opportunities/search", json_body={**loc, "limit": 2, "filters": [], "sort": []})
    call("GET", "/opportunities/lost-reason", params={**loc, "getCount": "true"})
    call("POST", f"/opportunities/{opportunity['id']}/followers", json_body={"followers": ["U01clinicVet8vShlRW1"]})
    call("DELETE", f"/opportunities/{opportunity['id']}/followers", json_body={"followers": ["U01clinicVet8vShlRW1"]})
    call("DELETE", f"/opportunities/{opportunity['id']}")
    company = {"companyId": "cmpClinicAgency8vShl"}
    call("GET", "/users/", params=loc)
    user = call(
        "POST",
        "/users/",
        json_body={
            **company,
            "firstName": "Dana",
            "lastName": "Kim",
            "email": f"dana.{uuid.uuid4().hex[:8]}@clinic.example.com",
            "password": "s3cret-Passw0rd",
            "type": "account",
            "role": "user",
            "locationIds": [HL_LOCATION],
        },
    )
    call("GET", f"/users/{user['id']}")
    call("PUT", f"/users/{user['id']}", json_body={"lastName": "Park"})
    call("GET", "/users/search", params={**company, "query": "dana"})
    call("POST", "/users/search/filter-by-email", json_body={**company, "emails": "ana@x.com"})  # 401: agency only
    call("DELETE", f"/users/{user['id']}")
    business = call("POST", "/businesses/", json_body={**loc, "name": "Contract Co"})["buiseness"]
    call("GET", f"/businesses/{business['id']}")
    call("PUT", f"/businesses/{business['id']}", json_body={"city": "Oslo"})
    call("GET", "/businesses/", params={**loc, "limit": "5", "skip": "0"})
    call("DELETE", f"/businesses/{business['id']}")

    # OAuth (fixtures/highlevel/oauth_apps.yaml): the agency's token, then its endpoints
    agency = call(
        "POST",
        "/oauth/token",
        json_body={
            "client_id": "6578278e879ad2646715ba9c-crmmock",
            "client_secret": "9f3c2a71-4b8e-4d20-a6c5-0e1f2d3c4b5a",
            "grant_type": "authorization_code",
            "code": "crm-mock-code-agency",
        },
    )
    as_location = contract.client
    contract.client = MockClient(
        as_location.transport,
        as_location.prefix,
        {**as_location.headers, "Authorization": f"Bearer {agency['access_token']}"},
    )
    exchange = {"companyId": agency["companyId"], "locationId": HL_LOCATION}
    call("POST", "/oauth/locationToken", json_body=exchange)
    call("POST", "/oauth/location-token", json_body=exchange)
    installed = {"companyId": agency["companyId"], "appId": "6578278e879ad2646715ba9c"}
    call("GET", "/oauth/installedLocations", params=installed)
    call("GET", "/oauth/installed-locations", params=installed)
    contract.client = as_location

    # a few refusals, which must be in the spec too
    call("GET", f"/objects/{car}/records/{record_id}")  # 400: gone
    call("POST", "/objects/", json_body={})  # 422
    call(
        "POST",
        "/associations/relations",
        json_body={**loc, "associationId": "nope", "firstRecordId": BUDDY, "secondRecordId": WHISKERS},
    )  # 404

    statuses = {status for _, _, status in contract.seen}
    assert {200, 201, 400, 422} <= statuses
    assert contract.operation_ids() == set(SPEC.operations), "every operation in the spec is exercised"
