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
    said = start_refused(state)
    assert f"crm-mock: {state}: cannot load the state file" in said
    assert "it was left untouched" in said
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


def start_refused(state_file: Path) -> str:
    """What `crm-mock serve --state-file` says on stderr when it will not start (exit 2)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_MOCK_")}
    run = subprocess.run(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(free_port()), "--state-file", str(state_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    return run.stderr


def test_a_state_file_in_a_missing_folder_stops_the_start_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "no-such-folder" / "state.json"
    assert start_refused(state) == (
        f"crm-mock: {state}: cannot use the state file: the folder {state.parent} does not exist; "
        "create it, or choose another --state-file\n"
    )
    assert not state.parent.exists()


def test_an_empty_state_file_names_the_previous_good_one(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(b"")  # what a save cut short used to leave
    previous = tmp_path / "state.json.previous"
    previous.write_text('{"version": 1, "vendors": {}}')
    assert start_refused(state) == (
        f"crm-mock: {state}: cannot load the state file (the file is empty (a save cut short?)); "
        f"it was left untouched; the state before its last save is in {previous}\n"
    )
    assert state.read_bytes() == b""


def test_a_truncated_or_deeply_nested_state_file_says_so_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"version": 1, "vendors": {"highlevel": {"t": {"c": [{"id": "1", "v": ' + "[" * 5_000)
    said = start_refused(state)
    assert said.startswith(f"crm-mock: {state}: cannot load the state file (the body nests deeper than 128 levels")
    assert said.endswith("it was left untouched\n") and said.count("\n") == 1  # no traceback, no previous to name


def test_concurrent_saves_each_leave_a_whole_file_and_keep_the_one_before(tmp_path: Path) -> None:
    from mock_server.config import Settings
    from mock_server.runtime import Runtime

    state = tmp_path / "state.json"
    runtime = Runtime(Settings(vendor=("highlevel",), state_file=state))
    errors: list[BaseException] = []

    def save_often() -> None:
        try:
            for _ in range(20):
                runtime.save_state(state)
        except BaseException as exc:  # collected: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=save_often) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert json.loads(state.read_text()) == runtime.store.snapshot()
    assert json.loads((tmp_path / "state.json.previous").read_text()) == runtime.store.snapshot()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["state.json", "state.json.previous"]


def test_a_save_keeps_the_file_it_replaced(tmp_path: Path) -> None:
    from mock_server.config import Settings
    from mock_server.runtime import Runtime

    state = tmp_path / "state.json"
    runtime = Runtime(Settings(vendor=("highlevel",), state_file=state))
    runtime.save_state(state)
    first = state.read_bytes()
    runtime.store.reset()
    runtime.store.restore({"version": 1, "vendors": {"highlevel": {"tenant_0000000000000001": {}}}})
    runtime.save_state(state)
    assert (tmp_path / "state.json.previous").read_bytes() == first
    assert json.loads(state.read_text())["vendors"] == {"highlevel": {"tenant_0000000000000001": {}}}
