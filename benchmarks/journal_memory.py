"""Memory the journal holds per 10,000 exchanges, measured in-process.

Sends the same 10,000 requests (alternating GET record and POST record, as in
http_load.py) to an app with the journal on and to one with it off, and
reports the difference in traced Python memory.

    python benchmarks/journal_memory.py
"""

from __future__ import annotations

import gc
import json
import platform
import sys
import tracemalloc

from mock_server.app import create_app
from mock_server.config import Settings

HEADERS = {"Authorization": "Bearer journal-bench", "Version": "2021-07-28"}
GET_PATH = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
POST_PATH = "/highlevel/objects/custom_objects.pet/records"
BODY = json.dumps({"locationId": "ve9EPM428h8vShlRW1KT", "properties": {"name": "Rex", "breed": "beagle", "age": 3}})
EXCHANGES = 10_000


def traced_bytes(journal_size: int) -> int:
    client = create_app(Settings(seed=1, journal_size=journal_size)).test_client()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for n in range(EXCHANGES):
        if n % 2:
            client.post(POST_PATH, data=BODY, headers=HEADERS, content_type="application/json")
        else:
            client.get(GET_PATH, headers=HEADERS)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename"))


def main() -> int:
    with_journal = traced_bytes(EXCHANGES)
    without = traced_bytes(0)
    per_entry = (with_journal - without) / EXCHANGES
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"{EXCHANGES} exchanges (GET and POST record alternating), in-process")
    print(f"memory growth with the journal on:  {with_journal / 2**20:7.2f} MiB")
    print(f"memory growth with the journal off: {without / 2**20:7.2f} MiB (the records POST created)")
    print(f"journal: {(with_journal - without) / 2**20:.2f} MiB per {EXCHANGES} entries, {per_entry:.0f} bytes each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
