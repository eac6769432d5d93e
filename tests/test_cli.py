"""The console script: serve answers over real HTTP; routes and check-specs report."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import free_port, wait_for_health

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_serve_answers_health_and_vendor_requests_then_stops_on_sigterm() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mock_server.cli", "serve", "--seed", "3"],
        cwd=ROOT,
        env={**os.environ, "CRM_MOCK_PORT": str(port)},  # the port comes from the environment
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}")
        assert health["status"] == "ready"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/highlevel/objects/?locationId=ve9EPM428h8vShlRW1KT",
            headers={"Authorization": "Bearer cli-test", "Version": "v3"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
            assert answer.headers["X-RateLimit-Max"] == "100"
            keys = [obj["key"] for obj in json.load(answer)["objects"]]
        assert keys == ["contact", "opportunity", "business", "custom_objects.pet"]
        # granian always answers, so it refuses drop faults and says what to do instead
        drop = urllib.request.Request(
            f"http://127.0.0.1:{port}/__mock__/faults",
            data=json.dumps({"action": {"drop": True}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(drop, timeout=5)
        assert refused.value.code == 400
        assert "--server threaded" in json.load(refused.value)["error"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def test_serve_threaded_drops_connections_and_saves_state_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    state_file = tmp_path / "state.json"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "mock_server.cli", "serve"),
            *("--server", "threaded", "--port", str(port), "--state-file", str(state_file)),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base)
        fault = urllib.request.Request(
            f"{base}/__mock__/faults",
            data=json.dumps({"operationId": "get-object-schema-by-key", "action": {"drop": True}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(fault, timeout=5) as added:
            assert added.status == 201
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request(
            "GET",
            "/highlevel/objects/custom_objects.pet?locationId=ve9EPM428h8vShlRW1KT",
            headers={"Authorization": "Bearer cli-threaded", "Version": "2021-07-28"},
        )
        with pytest.raises(http.client.RemoteDisconnected):
            connection.getresponse()
        connection.close()
        retry = urllib.request.Request(
            f"{base}/highlevel/objects/custom_objects.pet?locationId=ve9EPM428h8vShlRW1KT",
            headers={"Authorization": "Bearer cli-threaded", "Version": "2021-07-28"},
        )
        with urllib.request.urlopen(retry, timeout=5) as answer:  # the rule is spent; the server is up
            assert json.load(answer)["object"]["key"] == "custom_objects.pet"
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=20)[0].decode()
    assert server.returncode == 0, output
    assert "state saved: 1 tenant(s)" in output
    assert json.loads(state_file.read_text())["vendors"]["highlevel"]


def test_routes_lists_every_operation() -> None:
    result = cli("routes", "--vendor", "highlevel")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 70
    assert any(
        line.split()
        == ["highlevel", "POST", "http://127.0.0.1:8080/highlevel/objects/{schemaKey}/records", "create-object-record"]
        for line in lines
    ), lines


@pytest.mark.parametrize("command", ["check", "check-specs"])
def test_check_reports_each_vendor(command: str) -> None:
    result = cli(command)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["highlevel"] == {"operations": 70, "version": "2021-07-28", "fixtureRecords": 71}
    assert report["zendesk"] == {"operations": 27, "version": "2", "fixtureRecords": 25}
    assert report["espocrm"] == {"operations": 16, "version": "10.0", "fixtureRecords": 13}
    assert report["openint"] == {"operations": 69, "version": "0", "fixtureRecords": 30}
    assert report["salesos"] == {"operations": 13, "version": "1", "fixtureRecords": 19}
    assert report["control"]["operations"] == 23


def test_check_names_the_file_and_line_of_broken_yaml(tmp_path: Path) -> None:
    broken = tmp_path / "highlevel" / "locations.yaml"
    broken.parent.mkdir()
    broken.write_text("- id: loc1\n  objects: [one, two\n- id: loc2\n")
    result = cli("check", "--vendor", "highlevel", "--fixtures", str(tmp_path))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == f"{broken}:3:5: YAML: expected ',' or ']', but got ':' (while parsing a flow sequence)"
    assert result.stderr.splitlines()[-1] == "check failed: 1 problem(s)"


def test_check_names_the_vendor_whose_fixtures_cannot_seed(tmp_path: Path) -> None:
    odd = tmp_path / "highlevel" / "locations.yaml"
    odd.parent.mkdir()
    odd.write_text("- objects: 7\n")  # parses, but is no location
    result = cli("check", "--vendor", "highlevel", "--fixtures", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{odd.parent}: highlevel cannot seed a tenant from these fixtures: "), (
        result.stderr
    )


def test_check_points_an_invalid_spec_at_its_line(tmp_path: Path) -> None:
    from mock_server.check import _spec_problems

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /things:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          summary: no description here\n"
    )
    problems = list(_spec_problems(spec))
    assert problems, "an invalid spec has problems"
    assert problems[0].line == 8 and problems[0].file == spec
    assert "OpenAPI, at paths//things/get/responses/200" in problems[0].message


def test_a_bad_setting_is_a_usage_error() -> None:
    result = cli("check-specs", env={"CRM_MOCK_PORT": "many"})
    assert result.returncode == 2
    assert "CRM_MOCK_PORT" in result.stderr


def test_an_unknown_vendor_is_refused() -> None:
    result = cli("check-specs", "--vendor", "salesforce")
    assert result.returncode == 1
    assert "unknown vendor 'salesforce'" in result.stderr
