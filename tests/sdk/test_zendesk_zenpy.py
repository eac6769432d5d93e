"""Zendesk through zenpy (PyPI), the most used Python client, pointed at the mock
with its ZENPY_FORCE_SCHEME / ZENPY_FORCE_NETLOC switches, through zenpy's public
API only.

What zenpy covers of what the mock serves: job statuses (`Zenpy.job_status`), with its
authentication (API token as `{email}/token` Basic auth), its error mapping (404 ->
RecordNotFoundException) and its 429 handling (Retry-After against `ratelimit_budget`).
What it does not: zenpy 2.0.57 has no API for custom objects, their fields or records
(nothing in zenpy/lib/api.py names them), so the jobs whose status zenpy reads are
queued here with plain `requests`, as an application using zenpy would have to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mock_server.config import Settings
from mock_server.testing import MockCRM

zenpy = pytest.importorskip("zenpy", reason="zenpy is part of the test extra")
from zenpy.lib.exception import RatelimitBudgetExceeded, RecordNotFoundException  # noqa: E402

EMAIL, TOKEN = "agent@example.com", "zenpy-flow-token"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockCRM]:
    # ZENPY_FORCE_NETLOC replaces host and port only: serve Zendesk alone, at the root.
    with MockCRM(Settings(vendor=("zendesk",), seed=11)) as running:
        yield running


@pytest.fixture
def client(mock: MockCRM, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", mock.url.removeprefix("http://"))
    return zenpy.Zenpy(subdomain="example", email=EMAIL, token=TOKEN)


def queue_job(mock: MockCRM, items: list[dict[str, Any]]) -> str:
    """A bulk job on custom object records: zenpy has no method for it."""
    queued = requests.post(
        f"{mock.url}/api/v2/custom_objects/car/jobs",
        json={"job": {"action": "create", "items": items}},
        auth=(f"{EMAIL}/token", TOKEN),
        timeout=10,
    )
    assert queued.status_code == 201, queued.text
    return str(queued.json()["job_status"]["id"])


def test_zenpy_reads_a_job_status(client: Any, mock: MockCRM) -> None:
    mock.reset()
    job_id = queue_job(mock, [{"name": "Zenpy car", "custom_object_fields": {"make": "Saab"}}])
    status = client.job_status(id=job_id)
    assert (status.id, status.status, status.total, status.progress) == (job_id, "completed", 1, 1)
    [exchange] = mock.requests(operationId="ShowJobStatus", status=200)
    assert exchange["request"]["headers"]["Authorization"].startswith("Basic ")


def test_an_unknown_job_is_zenpys_record_not_found(client: Any, mock: MockCRM) -> None:
    with pytest.raises(RecordNotFoundException):
        client.job_status(id="V3-ffffffffffffffffffffffffffffffff")


def test_zenpy_reads_retry_after_against_its_budget(mock: MockCRM, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", mock.url.removeprefix("http://"))
    mock.reset()
    job_id = queue_job(mock, [{"name": "Budget car", "custom_object_fields": {"make": "Volvo"}}])
    mock.add_fault(error="rate_limited", operationId="ShowJobStatus", times=1)
    # A budget shorter than the mock's Retry-After: zenpy gives up at once instead of waiting.
    impatient = zenpy.Zenpy(subdomain="example", email=EMAIL, token=TOKEN, ratelimit_budget=1)
    with pytest.raises(RatelimitBudgetExceeded):
        impatient.job_status(id=job_id)
    assert [entry["response"]["status"] for entry in mock.requests(operationId="ShowJobStatus")] == [429]
