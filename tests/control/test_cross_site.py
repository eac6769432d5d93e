"""A web page on another site cannot drive the mock: control-plane writes take JSON
(or nothing) only, and a server bound to loopback answers loopback Host names only
(DNS rebinding).  The refusals are the mock's own {"error": ...}."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.control.guards import HostPolicy
from mock_server.testing import MockCRM
from tests.support import HL_LOCATION, HL_VERSION, MockClient, header, served

HL = {"Authorization": "Bearer cross-site", "Version": HL_VERSION}
HOST_REFUSED = (
    "Host 'evil.example' is not served: this mock answers loopback names and the address it is bound to "
    "(a guard against DNS rebinding); add names with --allowed-hosts"
)


def media_refused(content_type: str) -> dict[str, str]:
    return {
        "error": f"the control plane takes application/json bodies only (Content-Type: {content_type}); "
        "a request without a body sends no Content-Type"
    }


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "vendor=highlevel"),
        ("multipart/form-data; boundary=x", "--x--\r\n"),
        ("text/plain", ""),
        ("text/plain", "{}"),
    ],
)
def test_a_reset_a_browser_could_send_cross_site_is_refused(control: MockClient, content_type: str, body: str) -> None:
    answer = control.post("/reset", data=body, headers={"Content-Type": content_type})
    assert answer.status == 415
    assert header(answer, "Content-Type") == "application/json"
    assert answer.json() == media_refused(repr(content_type))


def test_a_body_without_a_content_type_is_refused(control: MockClient) -> None:
    answer = control.post("/clock", data=b'{"advance": 10}')
    assert answer.status == 415
    assert answer.json() == media_refused("none")


def test_json_or_nothing_is_accepted(control: MockClient, token: str) -> None:
    assert control.post("/reset", json={"vendor": "highlevel", "tenant": token}).status == 200
    json_charset = {"Content-Type": "application/json; charset=utf-8"}
    payload = json.dumps({"vendor": "highlevel", "tenant": token})
    assert control.post("/reset", data=payload, headers=json_charset).status == 200
    assert control.get("/requests/count", params={"tenant": token}).status == 200
    assert control.delete(f"/faults/no-such-rule-{token}").status == 404  # bodiless DELETE: no type needed


def test_vendor_routes_take_what_the_vendor_takes() -> None:
    client = create_app(Settings(seed=7)).test_client()
    answer = client.post(
        "/highlevel/objects/custom_objects.pet/records", data="a=b", content_type="text/plain", headers=HL
    )
    assert answer.status_code == 422  # HighLevel's own answer (its validation), not the guard's 415


def test_a_foreign_host_is_refused_when_bound_to_loopback() -> None:
    client = create_app(Settings(host="127.0.0.1", seed=7)).test_client()
    for path in ("/__mock__/health", "/highlevel/objects/", "/"):
        answer = client.get(path, headers={**HL, "Host": "evil.example:8080"}, query_string={"locationId": HL_LOCATION})
        assert answer.status_code == 403, path
        assert answer.get_json() == {"error": HOST_REFUSED.replace("'evil.example'", "'evil.example:8080'")}
    for host in ("localhost:8080", "127.0.0.1", "127.8.9.10:1", "[::1]:8080", "LOCALHOST"):
        assert client.get("/__mock__/health", headers={"Host": host}).status_code == 200, host


def test_allowed_hosts_add_names() -> None:
    client = create_app(Settings(host="127.0.0.1", allowed_hosts=("mock.test",), seed=7)).test_client()
    assert client.get("/__mock__/health", headers={"Host": "mock.test:8080"}).status_code == 200
    assert client.get("/__mock__/health", headers={"Host": "evil.example"}).status_code == 403


def test_bound_to_every_address_any_host_unless_narrowed() -> None:
    open_app = create_app(Settings(host="0.0.0.0", seed=7)).test_client()
    assert open_app.get("/__mock__/health", headers={"Host": "mock:8080"}).status_code == 200
    narrowed = create_app(Settings(host="0.0.0.0", allowed_hosts=("mock",), seed=7)).test_client()
    assert narrowed.get("/__mock__/health", headers={"Host": "mock:8080"}).status_code == 200
    assert narrowed.get("/__mock__/health", headers={"Host": "localhost:8080"}).status_code == 200
    assert narrowed.get("/__mock__/health", headers={"Host": "evil.example"}).status_code == 403


def test_the_bound_address_is_accepted() -> None:
    policy = HostPolicy("192.168.1.5", ("ci-runner",))
    assert policy.accepts("192.168.1.5:8080")
    assert policy.accepts("ci-runner")
    assert not policy.accepts("evil.example")


def test_allowed_hosts_come_from_the_environment() -> None:
    settings = Settings.from_env({"CRM_MOCK_ALLOWED_HOSTS": "a.test, b.test"})
    assert settings.allowed_hosts == ("a.test", "b.test")


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[str]:
    with served("--host", "127.0.0.1", "--seed", "7") as url:
        yield url


def test_a_real_server_refuses_a_rebound_host_and_a_form_reset(loopback_server: str) -> None:
    rebound = requests.get(f"{loopback_server}/__mock__/health", headers={"Host": "evil.example"}, timeout=10)
    assert rebound.status_code == 403
    assert rebound.json() == {"error": HOST_REFUSED}
    vendor: Any = requests.get(
        f"{loopback_server}/highlevel/objects/",
        params={"locationId": HL_LOCATION},
        headers={**HL, "Host": "evil.example"},
        timeout=10,
    )
    assert vendor.status_code == 403
    form = requests.post(f"{loopback_server}/__mock__/reset", data={"vendor": "highlevel"}, timeout=10)
    assert form.status_code == 415
    assert form.json() == media_refused("'application/x-www-form-urlencoded'")
    bodiless = requests.post(f"{loopback_server}/__mock__/reset", timeout=10)
    assert bodiless.status_code == 400  # past the guard: the route asks for the explicit form
    assert bodiless.json()["error"].startswith("say what to reset in a JSON body")


def test_the_threaded_server_tells_a_missing_content_type_from_text_plain() -> None:
    """wsgiref fills in text/plain when no Content-Type was sent: a bodiless DELETE must
    pass and an empty text/plain POST (a cross-site form) must not."""
    with MockCRM(Settings(seed=7)) as crm:
        host, port = crm.url.removeprefix("http://").split(":")

        def send(method: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request(method, path, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()

        assert send("DELETE", "/__mock__/faults", {"Content-Length": "0"})[0] == 200
        status, body = send("POST", "/__mock__/reset", {"Content-Type": "text/plain", "Content-Length": "0"})
        assert status == 415
        assert json.loads(body) == media_refused("'text/plain'")
