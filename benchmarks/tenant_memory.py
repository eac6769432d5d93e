"""Memory one tenant holds, per vendor, measured in-process: what --max-tenants bounds.

For each vendor, N new credentials each send one read (so each seeds a tenant from
the fixtures and counts its quotas); the journal is off, so only tenant state is
measured.  Reports the growth in traced Python memory per tenant, and what the
default cap (1,000 tenants per vendor) amounts to.

    python benchmarks/tenant_memory.py              # 500 tenants per vendor
    python benchmarks/tenant_memory.py --tenants 2000
"""

from __future__ import annotations

import argparse
import base64
import gc
import json
import platform
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mock_server.app import create_app
from mock_server.config import Settings


def _jwt(subject: str) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': subject})}.signature"


# vendor -> (a read any fresh tenant may make, credential headers for a token)
READS: dict[str, tuple[str, Callable[[str], dict[str, str]]]] = {
    "highlevel": (
        "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3",
        lambda token: {"Authorization": f"Bearer {token}", "Version": "2021-07-28"},
    ),
    "zendesk": (
        "/zendesk/api/v2/custom_objects/car/records/01JGCAR0000000000000000001",
        lambda token: {"Authorization": f"Bearer {token}"},
    ),
    "espocrm": ("/espocrm/api/v1/Account", lambda token: {"X-Api-Key": token}),
    "openint": (
        "/openint/v0/core/connector_config",
        lambda token: {"x-apikey": base64.b64encode(f"org_{token}:sk".encode()).decode()},
    ),
    "salesos": ("/salesos/v1/custom-objects", lambda token: {"Authorization": f"Bearer {_jwt(token)}"}),
}


def bytes_per_tenant(vendor: str, tenants: int) -> float:
    path, headers = READS[vendor]
    client = create_app(Settings(seed=1, journal_size=0, max_tenants=tenants, log_level="warning")).test_client()
    client.get(path, headers=headers("warmup"))  # caches built once per server, not per tenant
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for n in range(tenants - 1):
        answer = client.get(path, headers=headers(f"tenant{n}"))
        assert answer.status_code == 200, (vendor, answer.status_code, answer.data[:200])
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename")) / (tenants - 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=500, help="new credentials per vendor (default 500)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"{args.tenants} tenants per vendor, each made by one read; journal off; traced Python memory")
    print(f"{'vendor':10} {'KB per tenant':>14} {'MiB at the default cap (1,000)':>32}")
    for vendor in READS:
        per = bytes_per_tenant(vendor, args.tenants)
        print(f"{vendor:10} {per / 1024:14.1f} {per * 1000 / 2**20:32.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
