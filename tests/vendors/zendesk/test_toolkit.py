"""The contract-testing toolkit works for Zendesk as for HighLevel: faults and rate
limits in Zendesk's words, the journal, state snapshots and reset."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import MockClient, header
from tests.vendors.zendesk.expect import CAR, TESLA

RECORD = f"{CAR}/records/{TESLA}"


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def add_fault(faults: MockClient, zd: MockClient, **rule: Any) -> None:
    tenant = zd.headers["Authorization"].split(" ", 1)[1]
    credential = base64.b64decode(tenant).decode()
    answer = faults.post("/faults", json={"vendor": "zendesk", "tenant": credential, **rule})
    assert answer.status == 201, answer.text


def test_an_injected_429_has_retry_after_and_the_rate_limit_headers(zd: MockClient, faults: MockClient) -> None:
    add_fault(faults, zd, operationId="ShowCustomObjectRecord", action={"error": "rate_limited"})
    refused = zd.get(RECORD)
    assert refused.status == 429
    # Plain text, not JSON: see tests/vendors/zendesk/test_fidelity.py for the source.
    assert refused.text == "Number of allowed API requests per minute exceeded"
    assert (header(refused, "Content-Type") or "").startswith("text/plain")
    assert header(refused, "Retry-After") == "60"
    assert header(refused, "X-Rate-Limit") == "700"
    assert zd.get(RECORD).status == 200


@pytest.mark.parametrize(
    ("action", "status", "body"),
    [
        ({"error": "server_error"}, 500, {"error": "InternalServerError", "description": "Internal Server Error"}),
        ({"error": "unavailable"}, 503, {"error": "ServiceUnavailable", "description": "Service Unavailable"}),
        ({"status": 409}, 409, {"error": "Conflict", "description": "Conflict"}),
    ],
)
def test_other_faults_never_carry_retry_after(
    zd: MockClient, faults: MockClient, action: dict[str, Any], status: int, body: dict[str, Any]
) -> None:
    add_fault(faults, zd, action=action)
    answer = zd.get(RECORD)
    assert (answer.status, answer.json()) == (status, body)
    assert header(answer, "Retry-After") is None


def test_rate_limits_700_a_minute_on_the_mock_clock() -> None:
    client = create_app(Settings(rate_limits=True, strict=True, vendor=("zendesk",))).test_client()
    client.post("/__mock__/clock", json={"freeze": "2026-01-01T10:00:00Z"})
    headers = {"Authorization": "Bearer rate-limited-zendesk"}
    statuses = [client.get(f"/zendesk{RECORD}", headers=headers).status_code for _ in range(700)]
    assert statuses == [200] * 700
    client.post("/__mock__/clock", json={"advance": 45})
    refused = client.get(f"/zendesk{RECORD}", headers=headers)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "15"  # the minute's window started 45 s ago
    assert refused.headers["X-Rate-Limit-Remaining"] == "0"
    other_tenant = client.get(f"/zendesk{RECORD}", headers={"Authorization": "Bearer someone-else"})
    assert other_tenant.status_code == 200
    client.post("/__mock__/clock", json={"advance": 15})
    assert client.get(f"/zendesk{RECORD}", headers=headers).status_code == 200


def test_the_journal_keeps_zendesk_exchanges_without_credentials(zd: MockClient, control: MockClient) -> None:
    zd.patch(RECORD, json={"custom_object_record": {"name": "Journalled"}})
    tenant = base64.b64decode(zd.headers["Authorization"].split(" ", 1)[1]).decode()
    [entry] = control.get("/requests", params={"tenant": tenant, "operationId": "UpdateCustomObjectRecord"}).json()[
        "requests"
    ]
    assert entry["vendor"] == "zendesk"
    assert entry["request"]["headers"]["Authorization"] != zd.headers["Authorization"]
    assert entry["request"]["body"] == {"custom_object_record": {"name": "Journalled"}}
    assert entry["response"]["status"] == 200
    verified = control.post("/verify", json={"operationId": "UpdateCustomObjectRecord", "tenant": tenant, "count": 1})
    assert verified.status == 200


def test_contract_violations_are_listed(zd: MockClient, control: MockClient) -> None:
    zd.post(f"{CAR}/records", json={"name": "no envelope"})
    tenant = base64.b64decode(zd.headers["Authorization"].split(" ", 1)[1]).decode()
    [entry] = control.get("/violations", params={"tenant": tenant}).json()["requests"]
    assert entry["operationId"] == "CreateCustomObjectRecord"
    assert [v["kind"] for v in entry["violations"]] == ["missing"]


def test_snapshot_restore_and_reset_one_tenant(zd: MockClient, control: MockClient) -> None:
    tenant = base64.b64decode(zd.headers["Authorization"].split(" ", 1)[1]).decode()
    zd.get(RECORD)
    snapshot = control.get("/state", params={"vendor": "zendesk", "tenant": tenant}).json()
    assert zd.delete(RECORD).status == 204
    assert control.put("/state", json=snapshot).status == 200
    assert zd.get(RECORD).status == 200
    zd.delete(RECORD)
    assert control.post("/reset", json={"vendor": "zendesk", "tenant": tenant}).status == 200
    assert zd.get(RECORD).json()["custom_object_record"]["name"] == "My Tesla"
