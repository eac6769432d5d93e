"""Soak: mixed load against a served crm-mock for a fixed time, sampling its memory,
to show that it stays flat (bounded journal, no leak).

Starts `crm-mock serve` on a free loopback port, runs worker threads that read,
create, update, search and delete across all five vendors (each worker in its own
tenants, deleting what it creates so that state does not grow on purpose), samples
the server's RSS every `--every` seconds, and stops by itself.

    python benchmarks/soak.py                  # 10 minutes
    python benchmarks/soak.py --minutes 1 --every 5
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import free_port, tree_rss_mib  # noqa: E402


def _jwt(subject: str) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'sub': subject})}.x"


def worker(base: str, index: int, stop: threading.Event, counts: dict[str, int]) -> None:
    session = requests.Session()
    hl = {"Authorization": f"Bearer soak-{index}", "Version": "2021-07-28"}
    zd = {"Authorization": f"Bearer soak-{index}"}
    espo = {"X-Api-Key": f"soak-{index}"}
    oi = {
        "x-apikey": base64.b64encode(f"org_soak{index}:s".encode()).decode(),
        "x-connection-id": "conn_salesforce_01JNCN0000000000000000SF01",
    }
    so = {"Authorization": f"Bearer {_jwt(f'soak-{index}')}"}
    location = "ve9EPM428h8vShlRW1KT"
    n = 0
    while not stop.is_set():
        n += 1
        try:
            pet = session.post(
                f"{base}/highlevel/objects/custom_objects.pet/records",
                json={"locationId": location, "properties": {"name": f"Soak {n}"}},
                headers=hl,
                timeout=30,
            ).json()["record"]["id"]
            session.get(f"{base}/highlevel/objects/custom_objects.pet/records/{pet}", headers=hl, timeout=30)
            session.post(
                f"{base}/highlevel/objects/custom_objects.pet/records/search",
                json={"locationId": location, "pageLimit": 10},
                headers=hl,
                timeout=30,
            )
            session.delete(
                f"{base}/highlevel/objects/custom_objects.pet/records/{pet}?locationId={location}",
                headers=hl,
                timeout=30,
            )
            car = session.post(
                f"{base}/zendesk/api/v2/custom_objects/car/records",
                json={"custom_object_record": {"name": f"Soak {n}"}},
                headers=zd,
                timeout=30,
            ).json()["custom_object_record"]["id"]
            session.get(f"{base}/zendesk/api/v2/custom_objects/car/records?page[size]=10", headers=zd, timeout=30)
            session.delete(f"{base}/zendesk/api/v2/custom_objects/car/records/{car}", headers=zd, timeout=30)
            account = session.post(
                f"{base}/espocrm/api/v1/Account", json={"name": f"Soak {index}-{n}"}, headers=espo, timeout=30
            ).json()["id"]
            session.get(f"{base}/espocrm/api/v1/Account?maxSize=5&orderBy=name", headers=espo, timeout=30)
            session.delete(f"{base}/espocrm/api/v1/Account/{account}", headers=espo, timeout=30)
            session.get(f"{base}/openint/v0/unified/crm/account", headers=oi, timeout=30)
            session.get(f"{base}/salesos/v1/custom-objects?limit=5", headers=so, timeout=30)
            counts[str(index)] = counts.get(str(index), 0) + 12
        except (requests.RequestException, KeyError, ValueError):
            counts["errors"] = counts.get("errors", 0) + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--every", type=float, default=30, help="seconds between memory samples")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_MOCK_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/__mock__/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        stop = threading.Event()
        counts: dict[str, int] = {}
        threads = [threading.Thread(target=worker, args=(base, i, stop, counts)) for i in range(args.workers)]
        for thread in threads:
            thread.start()
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"soak: {args.workers} workers, {args.minutes} min, all five vendors")
        samples: list[tuple[float, float]] = []
        started = time.monotonic()
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(args.every)
            elapsed = time.monotonic() - started
            rss = tree_rss_mib(server.pid)
            requests_done = sum(value for key, value in counts.items() if key != "errors")
            samples.append((elapsed, rss))
            print(
                f"{elapsed:7.0f} s  RSS {rss:7.1f} MiB  requests {requests_done:>8}  errors {counts.get('errors', 0)}"
            )
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        half = len(samples) // 2
        if half:
            first = sum(rss for _, rss in samples[:half]) / half
            second = sum(rss for _, rss in samples[half:]) / (len(samples) - half)
            print(f"mean RSS, first half {first:.1f} MiB, second half {second:.1f} MiB ({second - first:+.1f} MiB)")
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
