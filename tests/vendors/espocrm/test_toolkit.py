"""The contract-testing toolkit works for EspoCRM as for the other vendors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import MockClient, header
from tests.vendors.espocrm.expect import ACME, JANE, JOHN, refused


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def test_the_journal_keeps_espocrm_exchanges_without_the_key(espo: MockClient, control: MockClient, token: str) -> None:
    espo.patch(f"/Account/{ACME}", json={"website": "https://journal.example"})
    [entry] = control.get("/requests", params={"tenant": token, "operationId": "PatchRecord"}).json()["requests"]
    assert entry["vendor"] == "espocrm" and entry["response"]["status"] == 200
    assert entry["request"]["headers"]["X-Api-Key"] == "[redacted]"
    assert token not in str(entry)
    assert control.post("/verify", json={"tenant": token, "operationId": "PatchRecord", "count": 1}).status == 200


def test_faults_answer_in_espocrm_style(espo: MockClient, faults: MockClient, token: str) -> None:
    added = faults.post("/faults", json={"vendor": "espocrm", "tenant": token, "action": {"error": "server_error"}})
    assert added.status == 201
    refused(espo.get(f"/Account/{ACME}"), 500, None)
    faults.post("/faults", json={"vendor": "espocrm", "tenant": token, "action": {"error": "rate_limited"}})
    limited = espo.get(f"/Account/{ACME}")
    refused(limited, 429, None)
    assert header(limited, "Retry-After") is None
    assert espo.get(f"/Account/{ACME}").status == 200


def test_snapshot_restore_keeps_links_and_reset_brings_back_fixtures(
    espo: MockClient, control: MockClient, token: str
) -> None:
    espo.post(f"/Account/{ACME}/contacts", json={"id": JANE})
    snapshot = control.get("/state", params={"vendor": "espocrm", "tenant": token}).json()
    espo.delete(f"/Contact/{JANE}")
    assert control.put("/state", json=snapshot).status == 200
    assert sorted(r["id"] for r in espo.get(f"/Account/{ACME}/contacts").json()["list"]) == sorted([JOHN, JANE])
    assert control.post("/reset", json={"vendor": "espocrm", "tenant": token}).status == 200
    assert [r["id"] for r in espo.get(f"/Account/{ACME}/contacts").json()["list"]] == [JOHN]
