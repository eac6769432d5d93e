"""Zendesk through zenpy (PyPI), the most used Python client, pointed at the mock
with its ZENPY_FORCE_SCHEME / ZENPY_FORCE_NETLOC switches.

zenpy 2.0 has no methods for the (new) custom objects API, so the flow goes
through zenpy's own request layer: its authenticated session (API token as
`{email}/token` Basic auth), its URL building (with the switches above), its
429 handling (sleep Retry-After, try again) and its error mapping (RecordNotFound
-> RecordNotFoundException), exactly what an application built on zenpy relies on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM

zenpy = pytest.importorskip("zenpy", reason="zenpy is part of the test extra")
from zenpy.lib.endpoint import Url  # noqa: E402
from zenpy.lib.exception import APIException, RecordNotFoundException  # noqa: E402


@pytest.fixture(scope="module")
def mock() -> Iterator[MockCRM]:
    # ZENPY_FORCE_NETLOC replaces host and port only: serve Zendesk alone, at the root.
    with MockCRM(Settings(vendor=("zendesk",), seed=11)) as running:
        yield running


@pytest.fixture
def api(mock: MockCRM, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", mock.url.removeprefix("http://"))
    client = zenpy.Zenpy(subdomain="example", email="agent@example.com", token="zenpy-flow-token")
    return client.users  # any of zenpy's APIs carries the session and the request machinery


def call(api: Any, method: str, path: str, payload: Any = None, **params: str) -> Any:
    url = api._build_url(Url(path, params=params))
    kwargs: dict[str, Any] = {"timeout": 10}
    if payload is not None:
        kwargs["json"] = payload
    response = api._call_api(getattr(api.session, method), url, **kwargs)
    return response.json() if response.content else None


def test_create_list_upsert_search_and_not_found(api: Any, mock: MockCRM) -> None:
    mock.reset()
    created = call(
        api,
        "post",
        "custom_objects/car/records.json",
        {
            "custom_object_record": {
                "name": "Zenpy car",
                "external_id": "ZP-1",
                "custom_object_fields": {"make": "Saab"},
            }
        },
    )["custom_object_record"]
    assert created["name"] == "Zenpy car" and created["url"].startswith(mock.url + "/api/v2/")

    listed = call(api, "get", "custom_objects/car/records.json", **{"page[size]": "2"})
    assert len(listed["custom_object_records"]) == 2 and listed["meta"]["has_more"] is True

    upserted = call(
        api,
        "patch",
        "custom_objects/car/records.json",
        {"custom_object_record": {"custom_object_fields": {"model": "900"}}},
        external_id="ZP-1",
    )["custom_object_record"]
    assert (upserted["id"], upserted["custom_object_fields"]["model"]) == (created["id"], "900")

    found = call(api, "get", "custom_objects/car/records/search.json", query="zenpy")
    assert [record["id"] for record in found["custom_object_records"]] == [created["id"]]

    with pytest.raises(RecordNotFoundException):
        call(api, "get", "custom_objects/car/records/01JGCAR0000000000000000999.json")
    with pytest.raises(APIException) as invalid:
        call(api, "post", "custom_objects/car/records.json", {"custom_object_record": {"custom_object_fields": {}}})
    assert invalid.value.response.status_code == 422

    mock.verify(method="PATCH", path="/api/v2/custom_objects/car/records", count=1)
    [exchange] = mock.requests(operationId="CreateCustomObjectRecord", status=201)
    assert exchange["request"]["headers"]["Authorization"].startswith("Basic ")


def test_zenpy_waits_out_a_429_and_retries(api: Any, mock: MockCRM, monkeypatch: pytest.MonkeyPatch) -> None:
    mock.reset()
    mock.add_fault(error="rate_limited", operationId="ShowCustomObject", times=1)
    waited: list[float] = []
    monkeypatch.setattr("zenpy.lib.api.sleep", waited.append)  # zenpy's wait, without spending it
    assert call(api, "get", "custom_objects/car.json")["custom_object"]["key"] == "car"
    assert len(waited) == 60  # one second at a time, as the Retry-After header said
    assert [entry["response"]["status"] for entry in mock.requests(operationId="ShowCustomObject")] == [429, 200]
