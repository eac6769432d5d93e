"""Unique names hold under concurrent creates against a real server."""

from __future__ import annotations

import base64
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.vendors.zendesk.expect import DRIVER, invalid


def test_concurrent_creates_of_one_unique_name_make_one_record(live_url: str) -> None:
    credential = base64.b64encode(f"agent@example.com/token:{uuid.uuid4()}".encode()).decode()
    session_headers = {"Authorization": f"Basic {credential}", "Content-Type": "application/json"}
    url = f"{live_url}/zendesk{DRIVER}/records"
    before = requests.get(f"{url}/count", headers=session_headers, timeout=10).json()["count"]["value"]

    def create(_: int) -> requests.Response:
        body = {"custom_object_record": {"name": "Alan Turing"}}
        return requests.post(url, json=body, headers=session_headers, timeout=30)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(create, range(20)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [422] * 19
    duplicate = invalid(name=("Name: has already been taken", "DuplicateValue"))
    assert all(answer.json() == duplicate for answer in answers if answer.status_code == 422)
    after = requests.get(f"{url}/count", headers=session_headers, timeout=10).json()["count"]["value"]
    assert after == before + 1
