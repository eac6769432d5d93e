"""Serving, one line at a time (issue 18, section 5): a busy port refuses the start,
--port 0 names the port it got, `routes` stops quietly when its reader does, `GET /`
says where everything is, and refusals that say little are explained in the journal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import HL_LOCATION, HL_VERSION, served, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "mock_server.cli"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("server", ["granian", "threaded"])
def test_a_second_server_on_a_busy_port_refuses_in_one_line(server: str) -> None:
    with served() as url:
        port = urlsplit(url).port
        assert port is not None
        second = cli("serve", "--port", str(port), "--server", server)
        assert second.returncode == 2
        assert second.stderr == f"crm-mock: port {port} is in use on 127.0.0.1\n"
        assert wait_for_health(url)["status"] == "ready"  # the first one still serves


@pytest.mark.parametrize("server_kind", ["granian", "threaded"])
def test_port_0_serves_on_a_free_port_named_in_the_first_line(server_kind: str) -> None:
    server = subprocess.Popen(
        [*CLI, "serve", "--port", "0", "--server", server_kind],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        first = server.stderr.readline()
        found = re.fullmatch(r"crm-mock \S+ ready at (http://127\.0\.0\.1:(\d+))\n", first)
        assert found, first
        assert found[2] != "0"
        assert wait_for_health(found[1])["status"] == "ready"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr is not None:
            server.stderr.close()


def test_the_json_summary_names_the_root_url() -> None:
    from mock_server.runtime import Runtime
    from mock_server.summary import startup_summary_json

    settings = Settings(port=9124, vendor=("zendesk",))
    line = json.loads(startup_summary_json(settings, Runtime(settings.with_(specs_checked=True))))
    assert line["root"] == "http://127.0.0.1:9124"


def test_routes_stops_quietly_when_its_reader_has_gone() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` that has already read its line: every write meets a closed pipe
    try:
        routes = subprocess.run(
            [*CLI, "routes"], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write_end)
    assert routes.stderr == ""
    assert routes.returncode == 0


def test_routes_help_lists_only_the_options_routes_uses() -> None:
    result = cli("routes", "--help")
    assert result.returncode == 0
    options = set(re.findall(r"^  (--[a-z-]+)", result.stdout, flags=re.MULTILINE))
    assert options == {"--host", "--port", "--vendor", "--espocrm-version", "--vendor-option"}
    assert "--body-timeout" not in result.stdout


def test_check_help_lists_only_the_options_check_uses() -> None:
    result = cli("check", "--help")
    options = set(re.findall(r"^  (--[a-z-]+)", result.stdout, flags=re.MULTILINE))
    assert options == {"--vendor", "--fixtures", "--espocrm-version", "--vendor-option"}


def test_the_root_points_at_the_console_the_reference_and_each_vendor() -> None:
    client = create_app(Settings()).test_client()
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.content_type == "application/json"
    assert answer.get_json() == {
        "name": "crm-mock",
        "version": answer.get_json()["version"],
        "console": "http://localhost/__mock__/ui/",
        "docs": "http://localhost/__mock__/docs/",
        "vendors": {
            "highlevel": "http://localhost/highlevel",
            "zendesk": "http://localhost/zendesk",
            "espocrm": "http://localhost/espocrm",
            "openint": "http://localhost/openint",
            "salesos": "http://localhost/salesos",
        },
    }


def test_the_root_is_a_page_of_links_for_a_browser() -> None:
    client = create_app(Settings(vendor=("zendesk", "salesos"))).test_client()
    answer = client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert answer.status_code == 200
    assert answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    for url in ("/__mock__/ui/", "/__mock__/docs/", "http://localhost/zendesk", "http://localhost/salesos"):
        assert url in page


def test_the_root_of_a_vendor_served_alone_is_the_vendor_s() -> None:
    client = create_app(Settings(vendor=("zendesk",))).test_client()
    answer = client.get("/", headers={"Authorization": "Bearer root-of-zendesk"})
    assert answer.status_code == 404
    assert answer.get_json() == {"error": "InvalidEndpoint", "description": "Not found"}


def _violations(client: Any, vendor: str) -> list[dict[str, Any]]:
    entries = client.get("/__mock__/requests", query_string={"vendor": vendor}).get_json()["requests"]
    violations: list[dict[str, Any]] = entries[0]["violations"]
    return violations


def test_a_salesos_bearer_that_is_not_a_jwt_is_explained_in_the_journal() -> None:
    client = create_app(Settings()).test_client()
    answer = client.get("/salesos/v1/custom-objects", headers={"Authorization": "Bearer not-a-jwt"})
    assert answer.status_code == 401
    assert answer.get_json() == {"statusCode": 401, "message": "Unauthorized"}  # SalesOS's own text
    [violation] = _violations(client, "salesos")
    assert violation["location"] == "header"
    assert violation["pointer"] == "/Authorization"
    assert violation["message"] == (
        "the bearer token is not a JWT: SalesOS expects Authorization: Bearer <JWT> "
        "(header.payload.signature, base64url) or X-API-Key"
    )


def test_a_highlevel_create_without_a_json_content_type_is_explained_in_the_journal() -> None:
    client = create_app(Settings()).test_client()
    body = {"labels": {"singular": "Pet", "plural": "Pets"}, "key": "custom_objects.pet", "locationId": HL_LOCATION}
    answer = client.post(
        "/highlevel/objects/",
        data=json.dumps(body),
        headers={
            "Authorization": "Bearer serving-unread-body",
            "Version": HL_VERSION,
            "Content-Type": "application/x-www-form-urlencoded",  # curl -d without -H
        },
    )
    assert answer.status_code == 422
    messages = answer.get_json()["message"]
    assert "locationId should not be empty" in messages  # NestJS read the body as {}: its own text stays
    violations = _violations(client, "highlevel")
    assert violations
    why = "(the body was not read: its Content-Type 'application/x-www-form-urlencoded' is not JSON)"
    assert all(violation["message"].endswith(why) for violation in violations)
