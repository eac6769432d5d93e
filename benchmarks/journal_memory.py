"""Memory the journal really holds, next to what it charges against --journal-bytes.

Two runs, in-process, each against an app with the journal on and one with it off
(the difference in traced Python memory is the journal's):

1. small exchanges: 10,000 requests alternating GET record and POST record (as in
   http_load.py), which the entry limit (--journal-size 10000) bounds;
2. large exchanges: 3,000 POSTs of a 60 KB body that HighLevel refuses (so that no
   record is stored), which the byte budget (--journal-bytes, default 64 MiB) bounds.

For each: the traced growth, the bytes the journal charged for what it kept, and
the entries kept.  The charge is meant to be at or above the real figure.

    python benchmarks/journal_memory.py
"""

from __future__ import annotations

import gc
import json
import platform
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

from mock_server.app import create_app, runtime_of
from mock_server.config import Settings

HEADERS = {"Authorization": "Bearer journal-bench", "Version": "2021-07-28"}
GET_PATH = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
POST_PATH = "/highlevel/objects/custom_objects.pet/records"
BODY = json.dumps({"locationId": "ve9EPM428h8vShlRW1KT", "properties": {"name": "Rex", "breed": "beagle", "age": 3}})
BIG_BODY = json.dumps({"properties": {"name": "x" * 60_000}})  # no locationId: refused, nothing stored
SMALL = 10_000
LARGE = 3_000


def small(client: Any, n: int) -> None:
    if n % 2:
        client.post(POST_PATH, data=BODY, headers=HEADERS, content_type="application/json")
    else:
        client.get(GET_PATH, headers=HEADERS)


def large(client: Any, n: int) -> None:
    client.post(POST_PATH, data=BIG_BODY, headers=HEADERS, content_type="application/json")


def traced(settings: Settings, send: Callable[[Any, int], None], count: int) -> tuple[int, dict[str, int]]:
    app = create_app(settings)
    client = app.test_client()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for n in range(count):
        send(client, n)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return growth, dict(runtime_of(app).journal.stats())


def report(title: str, send: Callable[[Any, int], None], count: int) -> None:
    with_journal, stats = traced(Settings(seed=1), send, count)
    without, _ = traced(Settings(seed=1, journal_size=0), send, count)
    real = with_journal - without
    kept = stats["entries"]
    print(f"{title}: {count} exchanges sent")
    print(
        f"  entries kept:           {kept} (--journal-size {stats['capacity']}, --journal-bytes {stats['byteBudget']})"
    )
    print(f"  real memory (traced):   {real / 2**20:8.2f} MiB, {real / max(kept, 1):8.0f} bytes an entry")
    charged = stats["bytes"]
    print(f"  charged to the budget:  {charged / 2**20:8.2f} MiB, {charged / max(kept, 1):8.0f} bytes an entry")


def main() -> int:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, in-process")
    report("small (GET and POST record alternating)", small, SMALL)
    report("large (POST of a 60 KB body, refused)", large, LARGE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
