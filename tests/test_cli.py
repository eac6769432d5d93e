"""The console script: serve answers over real HTTP; routes and check-specs report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

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
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def test_routes_lists_every_operation() -> None:
    result = cli("routes", "--vendor", "highlevel")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 27
    assert any("POST" in line and "/highlevel/objects/{schemaKey}/records " in line for line in lines)


def test_check_specs_reports_each_vendor() -> None:
    result = cli("check-specs")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["highlevel"] == {"operations": 27, "version": "2021-07-28"}
    assert report["control"]["operations"] == 18


def test_a_bad_setting_is_a_usage_error() -> None:
    result = cli("check-specs", env={"CRM_MOCK_PORT": "many"})
    assert result.returncode == 2
    assert "CRM_MOCK_PORT" in result.stderr


def test_an_unknown_vendor_is_refused() -> None:
    result = cli("check-specs", "--vendor", "salesforce")
    assert result.returncode == 1
    assert "unknown vendor 'salesforce'" in result.stderr
