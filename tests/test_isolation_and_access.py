"""Isolation and access: tenants never see each other (API, journal, snapshots),
credentials are never stored, the control plane can be locked, and nothing lets a
request choose a file to read or write."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.testing import MockCRM, MockCRMError
from tests.conftest import jwt
from tests.support import MockClient, Transport

ROOT = Path(__file__).resolve().parent.parent


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def clients(transport: Transport, secret: str) -> dict[str, tuple[MockClient, str, str]]:
    """Per vendor: a client whose credential holds `secret`, a readable path, and its tenant."""
    return {
        "highlevel": (
            MockClient(transport, "/highlevel", {"Authorization": f"Bearer {secret}", "Version": "2021-07-28"}),
            "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3",
            secret,
        ),
        "zendesk": (
            MockClient(transport, "/zendesk", {"Authorization": "Basic " + _b64(f"a@example.com/token:{secret}")}),
            "/api/v2/custom_objects/car/records/01JGCAR0000000000000000001",
            f"a@example.com/token:{secret}",
        ),
        "espocrm": (
            MockClient(transport, "/espocrm", {"X-Api-Key": secret}),
            "/api/v1/Account/6560a3f2b4c1a0001",
            secret,
        ),
        "openint": (
            MockClient(transport, "/openint/v0", {"x-apikey": _b64(f"org_{secret.replace('-', '')}:{secret}")}),
            "/core/connection/conn_salesforce_01JNCN0000000000000000SF01",
            f"org_{secret.replace('-', '')}",
        ),
        "salesos": (
            MockClient(transport, "/salesos", {"Authorization": f"Bearer {jwt(secret)}"}),
            "/v1/custom-objects/cm5asset00000000000000001",
            secret,
        ),
    }


@pytest.mark.parametrize("vendor", ["highlevel", "zendesk", "espocrm", "openint", "salesos"])
def test_tenants_are_isolated_everywhere(vendor: str, transport: Transport, control: MockClient) -> None:
    first_secret, second_secret = f"iso-a-{uuid.uuid4()}", f"iso-b-{uuid.uuid4()}"
    first, path, first_tenant = clients(transport, first_secret)[vendor]
    second, _, second_tenant = clients(transport, second_secret)[vendor]
    assert second.get(path).status == 200
    assert first.delete(path).status in (200, 204)
    assert first.get(path).status in (400, 404)  # gone for the first tenant (HighLevel says 400)
    assert second.get(path).status == 200  # still there for the second
    first_journal = control.get("/requests", params={"tenant": first_tenant}).json()["requests"]
    second_journal = control.get("/requests", params={"tenant": second_tenant}).json()["requests"]
    assert {entry["request"]["method"] for entry in first_journal} >= {"GET", "DELETE"}
    assert {entry["request"]["method"] for entry in second_journal} == {"GET"}
    assert {entry["tenant"] for entry in first_journal}.isdisjoint({entry["tenant"] for entry in second_journal})
    snapshot = control.get("/state", params={"vendor": vendor, "tenant": second_tenant}).json()
    assert list(snapshot["vendors"]) == [vendor] and len(snapshot["vendors"][vendor]) == 1


def test_credentials_never_reach_the_journal_or_snapshots(transport: Transport, control: MockClient) -> None:
    secret = f"never-stored-{uuid.uuid4()}"
    for client, path, _ in clients(transport, secret).values():
        assert client.get(path).status == 200
    stored = json.dumps(control.get("/requests").json()) + json.dumps(control.get("/state").json())
    for form in (secret, _b64(f"a@example.com/token:{secret}"), jwt(secret)):
        assert form not in stored


def test_the_control_plane_can_be_locked() -> None:
    client = create_app(Settings(admin_token="open-sesame")).test_client()
    locked = client.get("/__mock__/requests")
    assert locked.status_code == 401
    assert locked.get_json() == {
        "error": "the control plane needs the X-Admin-Token header (the server runs with --admin-token)"
    }
    assert client.post("/__mock__/reset", headers={"X-Admin-Token": "wrong"}).status_code == 401
    assert client.get("/__mock__/requests", headers={"X-Admin-Token": "open-sesame"}).status_code == 200
    assert client.get("/__mock__/health").status_code == 200  # open for health checks
    vendor = client.get(
        "/highlevel/objects/?locationId=ve9EPM428h8vShlRW1KT", headers={"Authorization": "Bearer t", "Version": "v3"}
    )
    assert vendor.status_code == 200  # the vendors' APIs are not the control plane


def test_mockcrm_sends_the_token() -> None:
    with MockCRM(Settings(admin_token="t0ken")) as crm:
        crm.reset()
        assert crm.requests() == []
        stranger = MockCRM(url=crm.url)
        with pytest.raises(MockCRMError, match="answered 401"):
            stranger.requests()


def test_binding_and_files(tmp_path: Path) -> None:
    assert Settings().host == "127.0.0.1"  # reachable from this machine only, unless asked
    assert "CRM_MOCK_HOST=0.0.0.0" in (ROOT / "Dockerfile").read_text()  # the image asks, to be reachable
    client = create_app(Settings()).test_client()
    target = tmp_path / "chosen-by-a-client.json"
    # No control operation takes a file name: a path in the body is not a file to write.
    answer = client.post("/__mock__/state/save", json={"path": str(target), "state_file": str(target)})
    assert answer.status_code == 409 and not target.exists()
    assert client.put("/__mock__/state", json={"version": 1, "vendors": {}, "path": str(target)}).status_code == 200
    assert not target.exists()
