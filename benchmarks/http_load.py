"""HTTP load benchmark: crm-mock against Stoplight Prism on the same HighLevel operations.

Starts each server on a free loopback port, measures the time to its first good
answer, drives GET record and POST record with wrk (alternating servers), and
reads the resident memory of each server's process tree after the load.  Prints
a table and the crm-mock/Prism ratios.  Everything targets 127.0.0.1 and stops
by itself.

    python benchmarks/http_load.py                       # 3 rounds of 10 s runs, Prism if installed
    python benchmarks/http_load.py --duration 5 --rounds 1 --no-peer
    python benchmarks/http_load.py --baseline /tmp/base  # against another checkout (git worktree add /tmp/base REV)

Each round runs every (server, operation) pair once, servers alternating; the
figures shown are each pair's median round, so one noisy run does not decide a ratio.

Prism is looked up in $PRISM, then ./node_modules/.bin/prism, then on PATH
(install it with `npm install @stoplight/prism-cli@5.14.2`).  wrk comes from
Debian's `wrk` package.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "highlevel.yaml"
TOKEN = "bench-token"
LOCATION = "ve9EPM428h8vShlRW1KT"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Version": "2021-07-28", "Content-Type": "application/json"}
GET_PATH = "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
POST_PATH = "/objects/custom_objects.pet/records"
POST_BODY = {"locationId": LOCATION, "properties": {"name": "Rex", "breed": "beagle", "age": 3}}


@dataclass
class Server:
    name: str
    base: str  # URL prefix up to the vendor's paths
    process: subprocess.Popen[bytes]
    startup_s: float


@dataclass
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    requests: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answers(url: str, headers: dict[str, str], deadline_s: float) -> float:
    """Seconds until `url` first answers 2xx."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    while time.perf_counter() - started < deadline_s:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if 200 <= response.status < 300:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer within {deadline_s} s")


def start_crm_mock(extra: list[str], checkout: Path = ROOT, name: str = "crm-mock") -> Server:
    """crm-mock served from `checkout` (this one, or another checkout as the baseline)."""
    port = free_port()
    command = [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port), "--seed", "1"]
    command += [*extra]
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=checkout, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}/highlevel"
    wait_until_answers(base + GET_PATH, HEADERS, 60)  # the same first request as Prism's
    return Server(name, base, process, time.perf_counter() - started)


def find_prism() -> str | None:
    for candidate in (os.environ.get("PRISM"), str(ROOT / "node_modules/.bin/prism"), shutil.which("prism")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def start_prism(prism: str) -> Server:
    port = free_port()
    command = [prism, "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until_answers(base + GET_PATH, HEADERS, 120)
    return Server("prism", base, process, time.perf_counter() - started)


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_kib = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, []))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            total_kib += int(match.group(1))
    return total_kib / 1024


def wrk_script(method: str, body: dict[str, object] | None) -> str:
    lines = [f'wrk.method = "{method}"']
    for name, value in HEADERS.items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    if body is not None:
        lines.append(f"wrk.body = [[{json.dumps(body)}]]")
    return "\n".join(lines) + "\n"


def parse_latency_ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, method: str, body: dict[str, object] | None, duration: int, connections: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(method, body))
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = parse_latency_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = parse_latency_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return LoadResult(rps, p50, p99, int(bad.group(1)) if bad else 0, total)


def median_run(runs: list[LoadResult]) -> LoadResult:
    return sorted(runs, key=lambda run: run.requests_per_s)[len(runs) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each pair; the median is shown")
    parser.add_argument(
        "--log-level",
        default="info",
        help="crm-mock's (default info, its own default: one line per request, to /dev/null here, as Prism's are)",
    )
    parser.add_argument("--no-peer", action="store_true", help="measure crm-mock alone")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of crm-mock (git worktree add DIR REV) as the peer instead of Prism",
    )
    parser.add_argument(
        "--journal-size", type=int, default=None, help="crm-mock's journal size (0 turns journaling off)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2

    extra = ["--log-level", args.log_level]
    if args.journal_size is not None:
        extra += ["--journal-size", str(args.journal_size)]
    servers = [start_crm_mock(extra)]
    prism = None if args.no_peer or args.baseline else find_prism()
    if args.baseline:
        servers.append(start_crm_mock(extra, args.baseline.resolve(), "baseline"))
    elif prism:
        servers.append(start_prism(prism))
    elif not args.no_peer:
        print("Prism not found; measuring crm-mock alone", file=sys.stderr)

    rounds: dict[tuple[str, str], list[LoadResult]] = {}
    rss: dict[str, float] = {}
    idle_rss = {server.name: tree_rss_mib(server.process.pid) for server in servers}
    try:
        for _ in range(args.rounds):
            for label, method, path, body in (
                ("GET record", "GET", GET_PATH, None),
                ("POST record", "POST", POST_PATH, POST_BODY),
            ):
                for server in servers:  # alternate servers for each operation
                    rounds.setdefault((server.name, label), []).append(
                        run_wrk(server.base + path, method, body, args.duration, args.connections)
                    )
        for server in servers:
            rss[server.name] = tree_rss_mib(server.process.pid)
    finally:
        for server in servers:
            server.process.terminate()
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()

    results = {key: median_run(runs) for key, runs in rounds.items()}
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, {platform.platform()}")
    print(f"load: wrk -t2 -c{args.connections} -d{args.duration}s per run, loopback, median of {args.rounds} rounds\n")
    print(f"{'server':10} {'operation':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for (name, label), result in results.items():
        print(
            f"{name:10} {label:12} {result.requests_per_s:9.0f} {result.p50_ms:8.2f} {result.p99_ms:8.2f}"
            f" {result.non_2xx:8d}"
        )
    print()
    for server in servers:
        startup = f"{server.startup_s:6.2f} s"
        memory = f"{idle_rss[server.name]:6.1f} MiB idle, {rss[server.name]:6.1f} MiB after load"
        print(f"{server.name:10} startup to first good answer {startup}   RSS {memory}")
    created = sum(run.requests - run.non_2xx for run in rounds.get(("crm-mock", "POST record"), []))
    print(f"(crm-mock keeps every record the load created, {created:,} here, and a journal of the last")
    print(" 10,000 exchanges; Prism keeps neither)")
    if len(servers) == 2:
        peer_name = servers[1].name
        print(f"\nratios crm-mock / {peer_name}:")
        for label in ("GET record", "POST record"):
            mine, peer = results[("crm-mock", label)], results[(peer_name, label)]
            print(f"  {label:12} throughput x{mine.requests_per_s / peer.requests_per_s:.2f}")
        print(f"  startup      x{servers[0].startup_s / servers[1].startup_s:.2f} (lower is faster)")
        print(f"  RSS idle     x{idle_rss['crm-mock'] / idle_rss[peer_name]:.2f} (lower is smaller)")
        print(f"  RSS loaded   x{rss['crm-mock'] / rss[peer_name]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
