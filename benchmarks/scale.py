"""Scale: latency of common reads as one tenant grows from 1,000 to 100,000 records,
and the memory those records take.

Records are put straight into the tenant's store (building 100,000 through the API
would measure the writes, not the reads); every measured request then goes through
the whole request path (Flask's test client: routing, auth, validation, handler,
strict response checks off, journal on).  Prints one table per size.

    python benchmarks/scale.py                      # 1,000 / 10,000 / 100,000
    python benchmarks/scale.py --sizes 1000 5000 --samples 50
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient

from mock_server.app import create_app, runtime_of
from mock_server.config import Settings
from mock_server.core.store import TenantState, tenant_label

HL_TOKEN = "scale-highlevel"
ZD_TOKEN = "scale-zendesk"
ESPO_KEY = "scale-espocrm"
HL = {"Authorization": f"Bearer {HL_TOKEN}", "Version": "2021-07-28"}
ZD = {"Authorization": "Bearer " + ZD_TOKEN}
ESPO = {"X-Api-Key": ESPO_KEY}
LOCATION = "ve9EPM428h8vShlRW1KT"
INDUSTRIES = ["Finance", "Energy", "Retail", "Banking", "Education"]


def tenant(app: Any, vendor: str, credential: str) -> TenantState:
    loaded = runtime_of(app).vendors[vendor]
    return runtime_of(app).store.tenant(vendor, tenant_label(credential), loaded.pipeline._seed)


def fill(app: Any, size: int) -> dict[str, Any]:
    """`size` records for each vendor's tenant; what the measured requests need to know."""
    from mock_server.vendors.highlevel.model import add_record

    hl = tenant(app, "highlevel", HL_TOKEN)
    pet = next(obj for obj in hl.collection("objects") if obj["key"] == "custom_objects.pet")
    stamp = "2025-06-01T00:00:00.000Z"
    for n in range(size):
        add_record(hl, pet, {"properties": {"name": f"Pet {n:06d}", "age": n % 20}}, stamp)
    hl_id = hl.collection("records").values()[size // 2]["id"]

    zd = tenant(app, "zendesk", ZD_TOKEN)
    cars = zd.collection("records:car")
    for n in range(size):
        record_id = zd.ids.ulid()
        cars.put(
            record_id,
            {
                "id": record_id,
                "name": f"Car {n:06d}",
                "custom_object_key": "car",
                "custom_object_fields": {"seats": n % 7 + 1},
                "external_id": None,
                "created_at": "2025-06-01T00:00:00Z",
                "updated_at": "2025-06-01T00:00:00Z",
                "created_by_user_id": "1",
                "updated_by_user_id": "1",
            },
        )
    zd_id = cars.values()[size // 2]["id"]

    espo = tenant(app, "espocrm", ESPO_KEY)
    accounts = espo.collection("Account")
    for n in range(size):
        record_id = f"{n:017x}"
        accounts.put(
            record_id,
            {
                "id": record_id,
                "deleted": False,
                "name": f"Account {n:06d}",
                "industry": INDUSTRIES[n % len(INDUSTRIES)],
                "createdAt": "2025-06-01 00:00:00",
                "modifiedAt": "2025-06-01 00:00:00",
                "createdById": "1",
            },
        )
    return {"hl_id": hl_id, "zd_id": zd_id, "espo_id": f"{size // 2:017x}"}


def p50_ms(action: Callable[[], Any], samples: int) -> float:
    action()  # warm caches the way a running server has them
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        answer = action()
        timings.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:200]
    return statistics.median(timings)


def measure(client: FlaskClient, known: dict[str, Any], samples: int) -> dict[str, float]:
    cursor_page = client.get("/zendesk/api/v2/custom_objects/car/records?page[size]=100", headers=ZD).get_json()
    cursor = cursor_page["meta"]["after_cursor"]
    return {
        "HighLevel get by id": p50_ms(
            lambda: client.get(f"/highlevel/objects/custom_objects.pet/records/{known['hl_id']}", headers=HL), samples
        ),
        "HighLevel search (20)": p50_ms(
            lambda: client.post(
                "/highlevel/objects/custom_objects.pet/records/search",
                json={"locationId": LOCATION, "pageLimit": 20, "query": "name:Pet 0001"},
                headers=HL,
            ),
            samples,
        ),
        "Zendesk get by id": p50_ms(
            lambda: client.get(f"/zendesk/api/v2/custom_objects/car/records/{known['zd_id']}", headers=ZD), samples
        ),
        "Zendesk list page (100)": p50_ms(
            lambda: client.get("/zendesk/api/v2/custom_objects/car/records?page[size]=100", headers=ZD), samples
        ),
        "Zendesk cursor step (100)": p50_ms(
            lambda: client.get(
                "/zendesk/api/v2/custom_objects/car/records",
                query_string={"page[size]": 100, "page[after]": cursor},
                headers=ZD,
            ),
            samples,
        ),
        "EspoCRM get by id": p50_ms(
            lambda: client.get(f"/espocrm/api/v1/Account/{known['espo_id']}", headers=ESPO), samples
        ),
        "EspoCRM where list (20)": p50_ms(
            lambda: client.get(
                "/espocrm/api/v1/Account",
                query_string={
                    "maxSize": 20,
                    "where[0][type]": "equals",
                    "where[0][attribute]": "industry",
                    "where[0][value]": "Energy",
                },
                headers=ESPO,
            ),
            samples,
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    results: dict[int, dict[str, float]] = {}
    memory: dict[int, float] = {}
    for size in args.sizes:
        app = create_app(Settings(seed=1))
        client = app.test_client()
        first_calls = (
            (HL, "/highlevel/objects/?locationId=" + LOCATION),
            (ZD, "/zendesk/api/v2/custom_objects"),
            (ESPO, "/espocrm/api/v1/Account?maxSize=1"),
        )
        for headers, path in first_calls:
            client.get(path, headers=headers)  # seed the three tenants first
        gc.collect()
        tracemalloc.start()
        known = fill(app, size)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory[size] = held / 3 / 1024 / 1024  # per vendor's `size` records
        results[size] = measure(client, known, args.samples)
    names = list(next(iter(results.values())))
    header = f"{'p50 latency, ms':<28}" + "".join(f"{size:>12,}" for size in args.sizes)
    print(header)
    for name in names:
        print(f"{name:<28}" + "".join(f"{results[size][name]:>12.2f}" for size in args.sizes))
    print(f"{'memory per vendor, MiB':<28}" + "".join(f"{memory[size]:>12.1f}" for size in args.sizes))
    largest = args.sizes[-1]
    print(f"memory per 100,000 records: {memory[largest] * 100_000 / largest:.1f} MiB (mean of the three vendors)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
