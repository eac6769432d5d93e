"""Many clients at once against a real server: no create is lost, tenants stay apart."""

from __future__ import annotations

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
