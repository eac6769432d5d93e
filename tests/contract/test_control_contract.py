"""Every control-plane operation is called, and every answer is checked against
specs/control.yaml by openapi-core; the document itself must be valid OpenAPI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.routing import Map, Rule

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from tests.support import HL_LOCATION, MockClient

SPEC = load_spec(bundled_specs_dir() / "control.yaml", "control")  # also checks it is valid OpenAPI
BASE = "http://127.0.0.1:8080"


class ControlRecorder:
    def __init__(self, control: MockClient) -> None:
        self.control = control
        self.openapi = OpenAPI.from_file_path(str(bundled_specs_dir() / "control.yaml"))
        self.seen: list[tuple[str, str]] = []

    def call(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        answer = self.control.request(method, path, json=body, params=params)
        full = "/__mock__" + path
        request = MockRequest(
            BASE,
            method.lower(),
            full,
            args=params or {},
            data=json.dumps(body).encode() if body is not None else None,
        )
        kind = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "application/json")
        self.openapi.validate_response(
            request, MockResponse(answer.text.encode(), answer.status, dict(answer.headers), kind.split(";")[0])
        )
        self.seen.append((method, full))
        return answer.json()

    def operation_ids(self) -> set[str]:
        rules = Map([Rule(op.rule, endpoint=op.operation_id, methods=[op.method]) for op in SPEC])
        adapter = rules.bind("mock")
        return {str(adapter.match(path, method=method)[0]) for method, path in self.seen}


@pytest.fixture
def recorder(control: MockClient) -> Iterator[ControlRecorder]:
    recorder = ControlRecorder(control)
    yield recorder
    control.post("/clock", json={"reset": True})
    control.delete("/faults")
    control.post("/rate-limits", json={"enabled": False})


def test_every_control_operation_answers_within_its_spec(recorder: ControlRecorder, hl: MockClient, token: str) -> None:
    call = recorder.call
    call("GET", "/health")
    hl.get("/objects/", params={"locationId": HL_LOCATION})
    hl.post("/objects/custom_objects.pet/records", json={})  # a violation
    call("GET", "/requests", params={"tenant": token})
    call("GET", "/requests", params={"status": "x"})  # 400
    call("GET", "/requests/count", params={"tenant": token})
    call("GET", "/violations", params={"tenant": token})
    call("POST", "/verify", {"tenant": token, "operationId": "get-object-by-location-id"})
    call("POST", "/verify", {"tenant": token, "operationId": "delete-object-record"})  # 409
    call("POST", "/verify", {})  # 400
    snapshot = call("GET", "/state", params={"tenant": token})
    call("PUT", "/state", snapshot)
    call("POST", "/state/save")  # 409 unless the server has a state file
    call("GET", "/tenants", params={"vendor": "highlevel"})
    call("GET", "/tenants", params={"vendor": "nope"})  # 404
    call("GET", "/outbox", params={"vendor": "espocrm", "tenant": token})
    call("GET", "/outbox", params={"vendor": "nope"})  # 404
    call("GET", "/clock")
    call("POST", "/clock", {"freeze": "2025-01-01T00:00:00Z"})
    call("POST", "/clock", {"unfreeze": True})
    rule = call("POST", "/faults", {"tenant": token, "action": {"status": 503}})
    call("GET", "/faults")
    call("DELETE", f"/faults/{rule['id']}")
    call("DELETE", "/faults")
    call("GET", "/rate-limits")
    call("GET", "/options")
    call("POST", "/rate-limits", {"vendor": "highlevel", "enabled": False})
    call("GET", "/clock", params={"vendor": "highlevel", "tenant": token})
    call("POST", "/clock", {"vendor": "highlevel", "tenant": token, "advance": 5})
    call("POST", "/clock", {"vendor": "highlevel", "tenant": "never-seen", "advance": 5})  # 404
    made = call("POST", "/tenants/highlevel")
    call("POST", "/tenants/nope")  # 404
    call("DELETE", f"/tenants/highlevel/{made['tenant']}")
    call("DELETE", f"/tenants/highlevel/{made['tenant']}")  # 404
    call("DELETE", "/requests", params={"tenant": token})  # this test's entries only: the server is shared
    call("POST", "/reset", {"vendor": "highlevel", "tenant": token})
    assert recorder.operation_ids() == set(SPEC.operations)
