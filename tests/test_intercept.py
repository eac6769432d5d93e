"""intercept(): requests, httpx and urllib3 sent to the vendors' real hosts are answered
by a crm-mock in this process (mock_server/intercept.py).  In-process by nature: these
tests ignore CRM_MOCK_URL and build their own app."""

from __future__ import annotations

import asyncio
import base64
import http.server
import json
import re
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import urllib3
import yaml

from mock_server.config import Settings
from mock_server.intercept import DEFAULT_HOSTS, HostRoute
from mock_server.testing import MockCRM, MockCRMError, intercept
from tests.vendors.openint.expect import trpc

ROOT = Path(__file__).resolve().parent.parent
HL = "https://services.leadconnectorhq.com"
LOCATION = "ve9EPM428h8vShlRW1KT"
PET = "custom_objects.pet"


def hl_headers(token: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token or f'pit-{uuid.uuid4()}'}", "Version": "2021-07-28"}


def zendesk_auth() -> str:
    return "Basic " + base64.b64encode(f"agent@example.com/token:{uuid.uuid4().hex}".encode()).decode()


def openint_key() -> str:
    return base64.b64encode(f"org_{uuid.uuid4().hex}:sk_test".encode()).decode()


def salesos_jwt() -> str:
    def part(value: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': f'user_{uuid.uuid4().hex[:8]}'})}.c2lnbmF0dXJl"


def refusal(method: str, url: str, host: str) -> str:
    return (
        f"crm-mock intercept refused {method} {url}: {host} is not a host crm-mock answers for; "
        f"let it reach the network with intercept(passthrough=[{host!r}]) or intercept(passthrough=True)"
    )


@pytest.fixture
def local_server() -> Iterator[int]:
    """A test's own HTTP server on loopback, answering "local" to every GET."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"local")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()


# -- each vendor on its real host ---------------------------------------------------


def test_highlevel_through_requests_with_the_journal_and_verify() -> None:
    with intercept() as crm:
        headers = hl_headers()
        created = requests.post(
            f"{HL}/objects/{PET}/records",
            json={"locationId": LOCATION, "properties": {"name": "Rex"}},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201, created.text
        record = created.json()["record"]
        got = requests.get(f"{HL}/objects/{PET}/records/{record['id']}", headers=headers, timeout=10)
        assert got.json()["record"]["properties"]["name"] == "Rex"

        crm.verify(operationId="create-object-record", count=1, body={"properties": {"name": "Rex"}})
        [entry] = crm.requests(operationId="get-record-by-id")
        assert entry["request"]["path"] == f"/highlevel/objects/{PET}/records/{record['id']}"  # the mock's path
        assert entry["request"]["headers"]["Host"] == "services.leadconnectorhq.com"
        crm.assert_no_violations()
        with pytest.raises(MockCRMError, match="expected"):
            crm.verify(operationId="create-object-record", count=2)


def test_tenants_are_named_by_credential_as_over_http() -> None:
    with intercept():
        first, second = hl_headers(), hl_headers()
        key = f"boat_{uuid.uuid4().hex[:6]}"
        schema = {
            "labels": {"singular": "Boat", "plural": "Boats"},
            "key": key,
            "locationId": LOCATION,
            "primaryDisplayPropertyDetails": {"key": "name", "name": "Name", "dataType": "TEXT"},
        }
        assert requests.post(f"{HL}/objects/", json=schema, headers=first, timeout=10).status_code == 201

        def keys(headers: dict[str, str]) -> list[str]:
            listed = requests.get(f"{HL}/objects/", params={"locationId": LOCATION}, headers=headers, timeout=10)
            return [item["key"] for item in listed.json()["objects"]]

        assert f"custom_objects.{key}" in keys(first)
        assert f"custom_objects.{key}" not in keys(second)


def test_zendesk_any_subdomain_through_urllib3_with_links_on_that_host() -> None:
    with intercept():
        http = urllib3.PoolManager()
        headers = {"Authorization": zendesk_auth()}
        first = http.request(
            "GET", "https://acme.zendesk.com/api/v2/custom_objects/car/records?page[size]=1", headers=headers
        )
        assert first.status == 200, first.data
        following = json.loads(first.data)["links"]["next"]
        assert following.startswith("https://acme.zendesk.com/api/v2/custom_objects/car/records.json?")
        second = http.request("GET", following, headers=headers)
        assert second.status == 200 and json.loads(second.data)["custom_object_records"]


def test_openint_v0_through_httpx_sync_and_async() -> None:
    key = openint_key()
    with intercept() as crm:
        with httpx.Client(base_url="https://api.openint.dev/v0", headers={"x-apikey": key}) as client:
            listed = client.get("/core/connection")
            assert listed.status_code == 200 and isinstance(listed.json(), list)
            refused = client.get("/core/connection", headers={"x-apikey": base64.b64encode(b"org_:secret").decode()})
            assert (refused.status_code, refused.json()) == (401, trpc(401, "UNAUTHORIZED", "listConnection"))

        async def from_async_code() -> httpx.Response:
            async with httpx.AsyncClient(base_url="https://api.openint.dev/v0", headers={"x-apikey": key}) as client:
                return await client.get("/core/connection")

        answer = asyncio.run(from_async_code())
        assert (answer.status_code, answer.json()) == (200, listed.json())
        crm.verify(operationId="listConnection", count=3)


def test_salesos_on_its_documented_host() -> None:
    with intercept() as crm:
        bearer = {"Authorization": f"Bearer {salesos_jwt()}"}
        answer = requests.get("https://api.salesos.org/v1/custom-objects", headers=bearer, timeout=10)
        assert answer.status_code == 200, answer.text
        crm.verify(operationId="CustomObjectsController_listCustomObjects", count=1)


def test_espocrm_on_the_base_url_the_user_names() -> None:
    with intercept(espocrm="https://crm.example.com") as crm:
        answer = requests.get(
            "https://crm.example.com/api/v1/Contact", params={"maxSize": 1}, headers={"X-Api-Key": "k1"}, timeout=10
        )
        assert answer.status_code == 200 and answer.json()["total"] >= 1
        crm.verify(operationId="ListRecords", count=1)


def test_a_base_url_with_a_path_covers_only_the_paths_under_it() -> None:
    with intercept(espocrm="https://intranet.example.com/espo"):
        answer = httpx.get("https://intranet.example.com/espo/api/v1/App/user", headers={"X-Api-Key": "k2"})
        assert answer.status_code == 200, answer.text
        with pytest.raises(httpx.ConnectError) as refused:
            httpx.get("https://intranet.example.com/wiki")
        assert str(refused.value) == refusal("GET", "https://intranet.example.com/wiki", "intranet.example.com")


def test_hosts_adds_and_removes_entries() -> None:
    with intercept({"https://eu.example.net": "highlevel", HL: None}):
        answer = requests.get(
            f"https://eu.example.net/objects/{PET}", params={"locationId": LOCATION}, headers=hl_headers(), timeout=10
        )
        assert answer.status_code == 200
        with pytest.raises(requests.ConnectionError) as refused:
            requests.get(f"{HL}/objects/", headers=hl_headers(), timeout=10)
        assert str(refused.value) == refusal("GET", f"{HL}/objects/", "services.leadconnectorhq.com")


def test_a_host_for_a_vendor_not_served_is_refused_at_the_start() -> None:
    with pytest.raises(ValueError, match="names 'zendesk', which this crm-mock does not serve"):
        intercept({"https://help.example.com": "zendesk"}, settings=Settings(vendor=("highlevel",))).__enter__()


def test_the_default_hosts_are_the_specs_servers() -> None:
    """Each real base URL stands for the vendor's mount, as the spec's servers URL does."""
    for url, vendor in DEFAULT_HOSTS.items():
        spec = yaml.safe_load((ROOT / "specs" / f"{vendor}.yaml").read_text())
        server = spec["servers"][0]["url"].replace("{subdomain}", "*")
        assert HostRoute.parse(url, "", vendor) == HostRoute.parse(server, "", vendor), vendor


# -- everything else -------------------------------------------------------------------


def test_another_host_is_refused_with_each_librarys_connection_error() -> None:
    message = refusal("GET", "https://example.org/path", "example.org")
    with intercept():
        with pytest.raises(requests.ConnectionError) as by_requests:
            requests.get("https://example.org/path?api_key=secret", timeout=10)
        assert str(by_requests.value) == message
        with pytest.raises(httpx.ConnectError) as by_httpx:
            httpx.get("https://example.org/path?api_key=secret")
        assert str(by_httpx.value) == message
        with pytest.raises(urllib3.exceptions.MaxRetryError) as by_urllib3:
            urllib3.PoolManager().request("GET", "https://example.org/path?api_key=secret")
        assert isinstance(by_urllib3.value.reason, urllib3.exceptions.NewConnectionError)
        assert message in str(by_urllib3.value.reason) and "secret" not in str(by_urllib3.value)
        with pytest.raises(urllib3.exceptions.NewConnectionError):
            urllib3.PoolManager().request("GET", "https://example.org/path", retries=False)


def test_loopback_reaches_the_network_by_default(local_server: int) -> None:
    with intercept():
        assert requests.get(f"http://127.0.0.1:{local_server}/", timeout=10).text == "local"
        assert httpx.get(f"http://localhost:{local_server}/").text == "local"
        assert urllib3.PoolManager().request("GET", f"http://127.0.0.1:{local_server}/").data == b"local"


def test_passthrough_lets_named_hosts_or_all_through(local_server: int) -> None:
    url = f"http://0.0.0.0:{local_server}/"  # Linux connects 0.0.0.0 to this machine: not a loopback name
    with intercept(), pytest.raises(httpx.ConnectError, match=re.escape("refused GET http://0.0.0.0")):
        httpx.get(url)
    with intercept(passthrough=["0.0.0.0"]):
        assert requests.get(url, timeout=10).text == "local"
        assert httpx.get(url).text == "local"
        assert urllib3.PoolManager().request("GET", url).data == b"local"
        with pytest.raises(requests.ConnectionError, match=re.escape("refused GET https://example.org/")):
            requests.get("https://example.org/", timeout=10)
    with intercept(passthrough=True):
        assert httpx.get(url).text == "local"
    assert requests.get(url, timeout=10).text == "local"  # the hooks are gone after the block


# -- the handle, the decorator, the fixture ---------------------------------------------


def test_the_handle_offers_the_control_plane_in_process() -> None:
    with intercept() as crm:
        assert crm.url == "http://crm-mock.invalid"
        assert requests.get(f"{crm.base_url('highlevel')}/objects/{PET}", params={"locationId": LOCATION},
                            headers=hl_headers(), timeout=10).status_code == 200  # fmt: skip
        crm.add_fault(status=503, operationId="get-object-by-location-id")
        failed = httpx.get(f"{HL}/objects/", params={"locationId": LOCATION}, headers=hl_headers())
        assert failed.status_code == 503
        crm.add_fault(drop=True, operationId="get-object-by-location-id")
        with pytest.raises(httpx.ConnectError, match="a drop fault closed the connection of GET"):
            httpx.get(f"{HL}/objects/", params={"locationId": LOCATION}, headers=hl_headers())
        assert [rule["fired"] for rule in crm.faults()] == [1, 1]
    assert len(crm.requests()) == 3  # still readable once the block is over


sync_flow = intercept()


@sync_flow
def test_the_decorator_on_a_sync_function() -> None:
    assert requests.get(f"{HL}/objects/", params={"locationId": LOCATION}, headers=hl_headers(), timeout=10).ok
    assert sync_flow.crm is not None
    sync_flow.crm.verify(operationId="get-object-by-location-id", count=1)


def test_the_decorator_on_an_async_function() -> None:
    @intercept(espocrm="https://crm.example.com")
    async def fetch() -> int:
        async with httpx.AsyncClient() as client:
            answer = await client.get("https://crm.example.com/api/v1/Account", headers={"X-Api-Key": "k3"})
            return answer.status_code

    assert asyncio.run(fetch()) == 200


@pytest.mark.crm_mock_intercept(espocrm="https://crm.example.com")
def test_the_fixture(crm_mock_intercept: MockCRM) -> None:
    answer = requests.get("https://crm.example.com/api/v1/Lead", headers={"X-Api-Key": "k4"}, timeout=10)
    assert answer.status_code == 200
    crm_mock_intercept.verify(operationId="ListRecords", count=1)


def test_one_activation_at_a_time() -> None:
    interception = intercept()
    with interception, pytest.raises(RuntimeError, match="already active"):
        interception.__enter__()
