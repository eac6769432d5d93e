"""--state-file: loaded at start, written on request and on a clean shutdown;
a corrupt file stops the start and is left as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.support import free_port, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
HEADERS = {"Authorization": "Bearer state-file-test", "Version": "2021-07-28"}
RECORDS = "/highlevel/objects/custom_objects.pet/records"
LOCATION = "ve9EPM428h8vShlRW1KT"


def serve(state_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_MOCK_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port), "--state-file", str(state_file)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # one log line a request: an unread pipe would fill and block it
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_health(base)
    return server, base


def names(base: str) -> list[str]:
    found = requests.post(
        base + RECORDS + "/search", json={"locationId": LOCATION, "pageLimit": 100}, headers=HEADERS, timeout=10
    ).json()
    return [record["properties"]["name"] for record in found["records"]]


def test_state_survives_a_restart_through_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    server, base = serve(state)
    try:
        created = requests.post(
            base + RECORDS, json={"locationId": LOCATION, "properties": {"name": "Rex"}}, headers=HEADERS, timeout=10
        )
        assert created.status_code == 201
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert json.loads(state.read_text())["version"] == 1

    server, base = serve(state)
    try:
        assert names(base) == ["Buddy", "Whiskers", "Biscuit", "Rex"]
        saved = requests.post(base + "/__mock__/state/save", timeout=10)
        assert saved.status_code == 200
        assert saved.json() == {"saved": str(state), "tenants": 1}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_a_corrupt_state_file_stops_the_start_and_is_left_alone(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_MOCK_")}
    run = subprocess.run(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(free_port()), "--state-file", str(state)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert f"crm-mock: {state}: cannot load the state file" in run.stderr
    assert "it was left untouched" in run.stderr
    assert state.read_text() == "{not json"


def test_saving_without_a_state_file_is_refused() -> None:
    from mock_server.app import create_app
    from mock_server.config import Settings

    answer = create_app(Settings()).test_client().post("/__mock__/state/save")
    assert answer.status_code == 409
    assert answer.get_json() == {"error": "no state file: start the server with --state-file PATH"}


def test_a_state_file_written_under_load_loads_back_identical(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    server, base = serve(state_file)
    stop = threading.Event()

    def writer(token: str) -> None:
        with requests.Session() as session:
            n = 0
            while not stop.is_set():
                session.post(
                    f"{base}/zendesk/api/v2/custom_objects/car/records",
                    json={"custom_object_record": {"name": f"Load {n}"}},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                n += 1

    threads = [threading.Thread(target=writer, args=(f"load-{i}",)) for i in range(3)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        saved = requests.post(f"{base}/__mock__/state/save", timeout=30)
        assert saved.status_code == 200
        mid_load = json.loads(state_file.read_text())  # whole, even while writes go on
        assert mid_load["version"] == 1 and set(mid_load["vendors"]) >= {"zendesk"}
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        before = requests.get(f"{base}/__mock__/state", timeout=30).json()
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    server, base = serve(state_file)
    try:
        after = requests.get(f"{base}/__mock__/state", timeout=30).json()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert after == before
