"""Unique fields hold under concurrent creates; the toolkit works for SalesOS."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from mock_server.app import create_app
from mock_server.config import Settings
from tests.conftest import jwt
from tests.support import MockClient, header

ASSET = "cm5asset00000000000000001"


def test_concurrent_creates_with_one_unique_value(live_url: str) -> None:
    headers = {"Authorization": f"Bearer {jwt(str(uuid.uuid4()))}"}
    url = f"{live_url}/salesos/v1/custom-objects/{ASSET}/records"

    def create(index: int) -> int:
        body = {"data": {"asset_name": f"Racer {index}", "serial": "SN-RACE"}}
        return requests.post(url, json=body, headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = sorted(pool.map(create, range(16)))
    assert statuses == [201] + [409] * 15
    records = requests.get(url, params={"limit": "100"}, headers=headers, timeout=10).json()["data"]
    assert sum(1 for record in records if record["data"].get("serial") == "SN-RACE") == 1


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def test_an_injected_429_has_retry_after(so: MockClient, faults: MockClient) -> None:
    faults.post("/faults", json={"vendor": "salesos", "action": {"error": "rate_limited"}})
    refused = so.get("/v1/custom-objects")
    assert (refused.status, refused.json()) == (429, {"statusCode": 429, "message": "Too Many Requests"})
    assert header(refused, "Retry-After") == "60"


def test_the_101st_request_in_a_minute_is_429() -> None:
    client = create_app(Settings(vendor=("salesos",), rate_limits=True, strict=True)).test_client()
    client.post("/__mock__/clock", json={"freeze": "2026-02-01T00:00:00Z"})
    headers = {"Authorization": f"Bearer {jwt('limited')}"}
    assert {client.get("/salesos/v1/custom-objects", headers=headers).status_code for _ in range(100)} == {200}
    client.post("/__mock__/clock", json={"advance": 20})
    refused = client.get("/salesos/v1/custom-objects", headers=headers)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "40"
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_journal_and_state(so: MockClient, control: MockClient, token: str) -> None:
    so.patch(f"/v1/custom-objects/{ASSET}", json={"icon": "box"})
    [entry] = control.get(
        "/requests", params={"vendor": "salesos", "operationId": "CustomObjectsController_updateCustomObject"}
    ).json()["requests"][-1:]
    assert entry["request"]["headers"]["Authorization"] == "Bearer [redacted]"
    assert control.post("/reset", json={"vendor": "salesos", "tenant": token}).status == 200
    assert so.get(f"/v1/custom-objects/{ASSET}").json()["icon"] == "laptop"
