"""What a new user sees: the start-up summary, one log line per request, JSON logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from mock_server.config import Settings
from mock_server.runtime import Runtime
from mock_server.summary import startup_summary
from mock_server.vendors import load_vendor
from tests.support import free_port, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
GET_RECORD = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


def test_the_summary_lists_every_url_count_and_option() -> None:
    settings = Settings(port=9123, seed=7, strict=True, vendor_options=("salesos.error_shape=filter",))
    lines = startup_summary(settings, Runtime(settings.with_(specs_checked=True))).splitlines()
    assert lines[0] == "crm-mock 0.1.0 ready at http://127.0.0.1:9123"
    assert lines[1].split() == [
        "highlevel",
        "http://127.0.0.1:9123/highlevel",
        str(len(load_vendor("highlevel").handlers)),
        "operations,",
        "71",
        "fixture",
        "records",
    ]
    assert lines[4].split()[:2] == ["openint", "http://127.0.0.1:9123/openint"]
    assert lines[6].split() == ["console", "http://127.0.0.1:9123/__mock__/ui/"]
    assert lines[7].split() == ["API", "docs", "http://127.0.0.1:9123/__mock__/docs/"]
    assert lines[8].split(None, 1) == ["options", "strict responses, seed 7, salesos.error_shape=filter"]
    assert len(lines) == 9


def test_the_summary_of_a_server_for_other_machines_says_where_to_browse() -> None:
    settings = Settings(host="0.0.0.0", port=8080, vendor=("zendesk",))
    lines = startup_summary(settings, Runtime(settings.with_(specs_checked=True))).splitlines()
    assert lines[0] == "crm-mock 0.1.0 ready at http://127.0.0.1:8080 (listening on 0.0.0.0)"
    assert lines[-1].split(None, 1) == ["options", "none (crm-mock serve --help lists them)"]


def _serve_and_call(*flags: str) -> list[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port), *flags],
        cwd=ROOT,
        env={**os.environ, "CRM_MOCK_LOG_LEVEL": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{GET_RECORD}",
            headers={"Authorization": "Bearer log-test", "Version": "2021-07-28"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=15)
    return stderr.splitlines()


def test_serve_prints_the_summary_then_one_line_per_vendor_request() -> None:
    lines = _serve_and_call()
    assert lines[0].startswith("crm-mock 0.1.0 ready at http://127.0.0.1:")
    assert not any("granian" in line.lower() for line in lines[:9]), lines[:9]  # the summary is all it says
    requests = [line for line in lines if "crm_mock.requests" in line]
    assert len(requests) == 1, lines  # health checks are the control plane's, not logged as vendor requests
    assert requests[0].split(": ", 1)[1].startswith(f"highlevel get-record-by-id GET {GET_RECORD} -> 200 in ")
    assert requests[0].endswith(" ms, 0 violations")


def test_json_logs_carry_each_request_as_fields() -> None:
    lines = _serve_and_call("--log-format", "json")
    entries = [json.loads(line) for line in lines]  # every line, the summary included
    assert entries[0]["message"].startswith("crm-mock 0.1.0 ready at http://127.0.0.1:")
    assert entries[0]["vendors"]["highlevel"]["operations"] == len(load_vendor("highlevel").handlers)
    assert entries[0]["console"].endswith("/__mock__/ui/")
    (request,) = [entry for entry in entries if entry.get("logger") == "crm_mock.requests"]
    assert request["level"] == "info"
    assert {key: request[key] for key in ("vendor", "operationId", "method", "path", "status", "violations")} == {
        "vendor": "highlevel",
        "operationId": "get-record-by-id",
        "method": "GET",
        "path": GET_RECORD,
        "status": 200,
        "violations": 0,
    }
    assert request["tenant"].startswith("tenant_") and "log-test" not in json.dumps(entries)
    assert isinstance(request["durationMs"], float)


def test_a_path_with_control_characters_cannot_forge_a_log_line() -> None:
    from mock_server.core import request_log

    lines: list[str] = []

    class Collect:
        def add(self, line: str) -> None:
            lines.append(line)

    saved = request_log._buffer
    request_log._buffer = Collect()  # type: ignore[assignment]
    try:
        request_log.log_exchange("zendesk", None, "GET", "/zendesk/x\n2026 INFO forged\x00", 404, 0.5, 1, lambda: None)
    finally:
        request_log._buffer = saved
    (line,) = lines
    assert "\n" not in line and "\x00" not in line
    assert line.endswith(r"zendesk (no operation) GET /zendesk/x\n2026 INFO forged\x00 -> 404 in 0.5 ms, 1 violation")
