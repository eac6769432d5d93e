"""Real clients, unchanged apart from credentials, on the vendors' real hosts, answered by
intercept() (mock_server/intercept.py): HighLevel's official Python SDK with its default
base URL (httpx.AsyncClient), zenpy with a subdomain (requests) and espo on a base URL the
user names.  In-process by nature: CRM_MOCK_URL does not apply."""

from __future__ import annotations

import asyncio
import base64
import uuid
from typing import Any

import pytest
import requests

from mock_server.testing import intercept

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")
zenpy = pytest.importorskip("zenpy", reason="zenpy is part of the test extra")
espo = pytest.importorskip("espo", reason="espo is part of the test extra")
from zenpy.lib.exception import RecordNotFoundException  # noqa: E402

LOCATION = "ve9EPM428h8vShlRW1KT"
PET = "custom_objects.pet"


def test_the_highlevel_sdk_with_its_default_base_url() -> None:
    async def flow(ghl: Any) -> tuple[list[str], str]:
        listed = await ghl.objects.get_object_by_location_id(location_id=LOCATION)
        created = await ghl.objects.create_object_record(PET, {"locationId": LOCATION, "properties": {"name": "Rex"}})
        got = await ghl.objects.get_record_by_id(schema_key=PET, id=created["record"]["id"])
        await ghl.http_client.aclose()
        return [item["key"] for item in listed["objects"]], got["record"]["properties"]["name"]

    with intercept() as crm:
        ghl = highlevel.HighLevel(private_integration_token=f"pit-{uuid.uuid4()}")
        assert ghl.BASE_URL == "https://services.leadconnectorhq.com"  # untouched
        keys, name = asyncio.run(flow(ghl))
        assert PET in keys and name == "Rex"
        crm.verify(operationId="create-object-record", count=1, body={"properties": {"name": "Rex"}})
        crm.assert_no_violations()


def test_zenpy_with_a_subdomain() -> None:
    email, token = "agent@example.com", uuid.uuid4().hex
    with intercept() as crm:
        # A bulk job made with plain requests, read back through zenpy's public API.
        basic = base64.b64encode(f"{email}/token:{token}".encode()).decode()
        queued = requests.post(
            "https://acme.zendesk.com/api/v2/custom_objects/car/jobs",
            json={"job": {"action": "create", "items": [{"name": "Zenpy car"}]}},
            headers={"Authorization": f"Basic {basic}"},
            timeout=10,
        )
        assert queued.status_code == 201, queued.text
        job = queued.json()["job_status"]
        assert job["url"] == f"https://acme.zendesk.com/api/v2/job_statuses/{job['id']}.json"

        client = zenpy.Zenpy(subdomain="acme", email=email, token=token)
        status = client.job_status(id=job["id"])
        assert (status.id, status.status, status.total) == (job["id"], "completed", 1)
        with pytest.raises(RecordNotFoundException):
            client.job_status(id="V3-notajobnotajobnotajobnotajob0000")
        [entry] = crm.requests(operationId="ShowJobStatus", status=200)
        assert entry["request"]["headers"]["Host"] == "acme.zendesk.com"


def test_espo_on_a_base_url_the_user_names() -> None:
    with intercept(espocrm="https://crm.example.com") as crm:
        client = espo.Espo("https://crm.example.com", f"espo-{uuid.uuid4().hex[:8]}")
        made = client.request(espo.EspoMethods.POST, "Contact", {"firstName": "Ada", "lastName": "Byron"})
        found = client.request(espo.EspoMethods.GET, f"Contact/{made['id']}")
        assert found["name"] == "Ada Byron"
        crm.verify(method="POST", path="/espocrm/api/v1/Contact", count=1)


def test_the_openint_sdk_with_its_default_base_url() -> None:
    openint = pytest.importorskip("openint", reason="openint is part of the test extra")
    key = base64.b64encode(f"org_{uuid.uuid4().hex}:sk_test".encode()).decode()
    with intercept() as crm:
        client = openint.Openint(token=key, max_retries=0)
        assert str(client.base_url).startswith("https://api.openint.dev")  # untouched
        listed = list(client.list_connections())
        assert listed and all(connection.id.startswith("conn_") for connection in listed)
        [entry] = crm.requests(vendor="openint")
        assert entry["request"]["headers"]["Host"] == "api.openint.dev"
