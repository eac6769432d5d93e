"""Many clients at once against a real server: no create is lost, tenants stay apart."""

from __future__ import annotations

import base64
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

LOCATION = "ve9EPM428h8vShlRW1KT"
PETS = "/highlevel/objects/custom_objects.pet/records"


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Version": "2021-07-28"}


def test_concurrent_creates_in_one_tenant_are_all_kept(live_url: str) -> None:
    token = f"concurrency-{uuid.uuid4()}"

    def create(n: int) -> str:
        with requests.Session() as session:
            answer = session.post(
                live_url + PETS,
                json={"locationId": LOCATION, "properties": {"name": f"Pet {n}", "age": n}},
                headers=headers(token),
                timeout=30,
            )
            assert answer.status_code == 201, answer.text
            record_id: str = answer.json()["record"]["id"]
            return record_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(160)))

    assert len(set(ids)) == 160
    search = requests.post(
        live_url + PETS + "/search",
        json={"locationId": LOCATION, "pageLimit": 1, "query": "name:pet "},
        headers=headers(token),
        timeout=30,
    )
    assert search.json()["total"] == 160
    other = requests.post(
        live_url + PETS + "/search",
        json={"locationId": LOCATION, "pageLimit": 1},
        headers=headers(f"bystander-{uuid.uuid4()}"),
        timeout=30,
    )
    assert other.json()["total"] == 3  # only the fixtures


# -- more vendors, more kinds of contention ----------------------------------------------


def zendesk(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"a@example.com/token:{token}".encode()).decode()}


def test_autonumbered_names_under_concurrency_have_no_duplicates_or_gaps(live_url: str) -> None:
    auth = zendesk(f"autonumber-{uuid.uuid4()}")
    base = f"{live_url}/zendesk/api/v2/custom_objects"
    requests.post(
        base,
        json={"custom_object": {"key": "ticket", "title": "T", "title_pluralized": "Ts"}},
        headers=auth,
        timeout=30,
    )
    properties = {"autoincrement_enabled": True, "autoincrement_prefix": "T-", "autoincrement_padding": 3}
    switched = requests.patch(
        f"{base}/ticket/fields/standard::name",
        json={"custom_object_field": {"properties": properties}},
        headers=auth,
        timeout=30,
    )
    assert switched.status_code == 200

    def create(_: int) -> str:
        answer = requests.post(f"{base}/ticket/records", json={"custom_object_record": {}}, headers=auth, timeout=30)
        assert answer.status_code == 201, answer.text
        name: str = answer.json()["custom_object_record"]["name"]
        return name

    with ThreadPoolExecutor(max_workers=12) as pool:
        names = list(pool.map(create, range(60)))
    assert sorted(names) == [f"T-{n:03d}" for n in range(1, 61)]


def test_concurrent_updates_leave_one_valid_record(live_url: str) -> None:
    auth = zendesk(f"updates-{uuid.uuid4()}")
    record = f"{live_url}/zendesk/api/v2/custom_objects/car/records/01JGCAR0000000000000000001"

    def update(n: int) -> int:
        body = {"custom_object_record": {"custom_object_fields": {"seats": n, "model": f"Model {n}"}}}
        return requests.patch(record, json=body, headers=auth, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert set(pool.map(update, range(48))) == {200}
    final = requests.get(record, headers=auth, timeout=30).json()["custom_object_record"]["custom_object_fields"]
    assert final["model"] == f"Model {final['seats']}"  # both values from the same write


def test_snapshots_and_resets_while_writes_are_in_flight(live_url: str) -> None:
    token = f"inflight-{uuid.uuid4()}"
    stop = threading.Event()
    statuses: list[int] = []

    def writer() -> None:
        with requests.Session() as session:
            n = 0
            while not stop.is_set():
                answer = session.post(
                    live_url + PETS,
                    json={"locationId": LOCATION, "properties": {"name": f"Busy {n}", "age": n}},
                    headers=headers(token),
                    timeout=30,
                )
                statuses.append(answer.status_code)
                n += 1

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 30
        while not statuses and time.monotonic() < deadline:  # the tenant exists once one write is in
            time.sleep(0.01)
        snapshots = []
        for _ in range(10):
            snapshot = requests.get(
                f"{live_url}/__mock__/state", params={"vendor": "highlevel", "tenant": token}, timeout=30
            )
            assert snapshot.status_code == 200
            snapshots.append(snapshot.json())
        reset = requests.post(f"{live_url}/__mock__/reset", json={"vendor": "highlevel", "tenant": token}, timeout=30)
        assert reset.status_code == 200
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert set(statuses) == {201}
    for snapshot in snapshots:
        [tenant] = snapshot["vendors"]["highlevel"].values()
        for record in tenant.get("records", []):
            assert set(record) >= {"id", "objectKey", "properties"}  # whole records only
        restored = requests.put(f"{live_url}/__mock__/state", json=snapshot, timeout=30)
        assert restored.status_code == 200  # a snapshot taken mid-write is a state that loads


def test_the_journal_keeps_every_concurrent_exchange(live_url: str) -> None:
    token = f"journal-{uuid.uuid4()}"

    def read(_: int) -> int:
        return requests.get(
            live_url + "/highlevel/objects/", params={"locationId": LOCATION}, headers=headers(token), timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(read, range(80))) == {200}
    entries = requests.get(f"{live_url}/__mock__/requests", params={"tenant": token}, timeout=30).json()["requests"]
    assert len(entries) == 80 and len({entry["id"] for entry in entries}) == 80
