"""Probe under attack: does one clumsy or hostile client make anyone else wait?

Starts `crm-mock serve` on a free loopback port (default settings, then again with
`--threads 4`), and for each attack of issue 16 runs an attacker process that repeats
its request back to back while a probe client reads a HighLevel record every 10 ms
on a kept-alive connection.  Prints the probe's p50/p99 and failures under each
attack next to the same figures with no attack (the peer of every row), and whether
the goal holds: p99 under attack at most max(3 x quiet p99, 150 ms), no failed probe.

    python benchmarks/attack_probe.py                 # 8 s per attack, both settings
    python benchmarks/attack_probe.py --seconds 4 --only stalled-upload,deep-where

Everything targets 127.0.0.1; every loop is bounded in time, and the servers are
stopped at the end.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import json
import multiprocessing
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import free_port  # noqa: E402

HL = {"Authorization": "Bearer attacker", "Version": "2021-07-28", "Content-Type": "application/json"}
RECORD = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
LOCATION = "ve9EPM428h8vShlRW1KT"
ZD = {"Authorization": "Basic " + base64.b64encode(b"agent@example.com/token:attacker").decode()}
ESPO = {"X-Api-Key": "attacker"}
STALL_HOLD_S = 30.0  # a stalled client keeps its connection this long at most


def _jwt(subject: str) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'sub': subject})}.x"


SO = {"Authorization": f"Bearer {_jwt('attacker')}"}


def _send(base: str, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> int:
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        refused.read()
        return int(refused.code)


def _raw(base: str, data: bytes, hold_s: float) -> None:
    """Send `data` and keep the connection open (sending nothing more) until the server
    answers or closes, or `hold_s` passes."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=hold_s) as connection:
        connection.sendall(data)
        with contextlib.suppress(OSError):  # an answer, a close or our own time-out: all end it
            connection.recv(65536)


def _head(base: str, path: str, extra: str) -> bytes:
    host = base.removeprefix("http://")
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in HL.items()), extra, "", ""]
    return "\r\n".join(lines).encode()


# -- the attacks: (setup, one attack request); each builds its payload once -----------


@dataclass
class Attack:
    name: str
    what: str
    run: Callable[[str], None]
    setup: Callable[[str], None] | None = None
    parallel: int = 1  # attacker processes at once (the stalls outnumber --threads 4)


def _stalled_upload(base: str) -> None:
    _raw(
        base,
        _head(base, "/highlevel/objects/custom_objects.pet/records", "Content-Length: 100000") + b'{"a":',
        STALL_HOLD_S,
    )


def _slow_chunked(base: str) -> None:
    _raw(
        base,
        _head(base, "/highlevel/objects/custom_objects.pet/records", "Transfer-Encoding: chunked") + b'3\r\n{"a\r\n',
        STALL_HOLD_S,
    )


def _chunked_too_large(base: str) -> None:
    piece = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(20)) + b"0\r\n\r\n"
    _raw(base, _head(base, "/highlevel/objects/custom_objects.pet/records", "Transfer-Encoding: chunked") + chunks, 60)


_MANY_KEYS = json.dumps({"locationId": LOCATION, "properties": {f"k{i}": 1 for i in range(70_000)}}).encode()
_MANY_KEYS_SO = json.dumps({"data": {f"k{i}": 1 for i in range(70_000)}}).encode()


def _many_unknown_keys_highlevel(base: str) -> None:
    _send(base, "POST", "/highlevel/objects/custom_objects.pet/records", HL, _MANY_KEYS)


def _many_unknown_keys_salesos(base: str) -> None:
    headers = {**SO, "Content-Type": "application/json"}
    _send(base, "POST", "/salesos/v1/custom-objects/cm5asset00000000000000001/records", headers, _MANY_KEYS_SO)


def _espo_long_name(base: str) -> None:
    body = json.dumps({"name": "a" * 200}).encode()
    _send(base, "POST", "/espocrm/api/v1/Account", {**ESPO, "Content-Type": "application/json"}, body)


def _espo_like(base: str) -> None:
    pattern = "%a" * 13 + "%b"
    query = urllib.parse.urlencode(
        {"where[0][type]": "like", "where[0][attribute]": "name", "where[0][value]": pattern}
    )
    _send(base, "GET", "/espocrm/api/v1/Account?" + query, ESPO)


def _espo_text_filter(base: str) -> None:
    query = urllib.parse.urlencode({"textFilter": "a*" * 13 + "b"})
    _send(base, "GET", "/espocrm/api/v1/Account?" + query, ESPO)


def _zendesk_evil_field(base: str) -> None:
    field = {
        "custom_object_field": {"key": "evil", "title": "Evil", "type": "regexp", "regexp_for_validation": "^(a+)+$"}
    }
    headers = {**ZD, "Content-Type": "application/json"}
    _send(base, "POST", "/zendesk/api/v2/custom_objects/driver/fields", headers, json.dumps(field).encode())


def _zendesk_regexp(base: str) -> None:
    record = {"custom_object_record": {"name": "x", "custom_object_fields": {"evil": "a" * 40 + "!"}}}
    headers = {**ZD, "Content-Type": "application/json"}
    _send(base, "POST", "/zendesk/api/v2/custom_objects/driver/records", headers, json.dumps(record).encode())


def _deep_where(base: str) -> None:
    key = "where[0]" + "[value][0]" * 3000
    query = urllib.parse.quote(key + "[type]", safe="[]") + "=equals"
    _send(base, "GET", "/espocrm/api/v1/Account?" + query, ESPO)


_DEEP_STATE = ("[" * 600 + "]" * 600).encode()


def _deep_state(base: str) -> None:
    _send(base, "PUT", "/__mock__/state", {"Content-Type": "application/json"}, _DEEP_STATE)


_DEEP_BODY = ('{"locationId":"' + LOCATION + '","properties":' + '{"a":' * 5000 + "1" + "}" * 5000 + "}").encode()


def _deep_body(base: str) -> None:
    _send(base, "POST", "/highlevel/objects/custom_objects.pet/records", HL, _DEEP_BODY)


def _lone_surrogate(base: str) -> None:
    body = b'{"locationId":"' + LOCATION.encode() + b'","properties":{"name":"\\ud800"}}'
    _send(base, "POST", "/highlevel/objects/custom_objects.pet/records", HL, body)


_tenant_counter = [0]


def _new_tenants(base: str) -> None:
    _tenant_counter[0] += 1
    headers = {**HL, "Authorization": f"Bearer flood-{os.getpid()}-{_tenant_counter[0]}"}
    _send(base, "GET", RECORD, headers)


def _journal_read(base: str) -> None:
    _send(base, "GET", "/__mock__/requests", {})


def _state_read(base: str) -> None:
    _send(base, "GET", "/__mock__/state", {})


def _cross_site_reset(base: str) -> None:
    _send(base, "POST", "/__mock__/reset", {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1")


ATTACKS = [
    Attack(
        "stalled-upload", "Content-Length 100000, then 5 bytes and silence (5 at once)", _stalled_upload, parallel=5
    ),
    Attack("slow-chunked", "a chunked body that stops after one chunk (5 at once)", _slow_chunked, parallel=5),
    Attack("chunked-too-large", "a 1.25 MiB chunked body", _chunked_too_large),
    Attack("many-keys-highlevel", "a HighLevel create with 70,000 unknown properties", _many_unknown_keys_highlevel),
    Attack("many-keys-salesos", "a SalesOS create with 70,000 unknown fields", _many_unknown_keys_salesos),
    Attack("like-percent", "EspoCRM where like with 13 % against a long name", _espo_like, setup=_espo_long_name),
    Attack("text-filter", "EspoCRM textFilter with 13 wildcards", _espo_text_filter, setup=_espo_long_name),
    Attack("regexp", "Zendesk regexp field ^(a+)+$ against 40 a's and a !", _zendesk_regexp, setup=_zendesk_evil_field),
    Attack("deep-where", "EspoCRM where nested 3,000 deep", _deep_where),
    Attack("deep-body", "a HighLevel body nested 5,000 deep", _deep_body),
    Attack("deep-state", "PUT /__mock__/state nested 600 deep", _deep_state),
    Attack("lone-surrogate", "a create with a lone surrogate in a value", _lone_surrogate),
    Attack("new-tenants", "a new credential on every request", _new_tenants),
    Attack("journal-read", "GET /__mock__/requests, unfiltered", _journal_read),
    Attack("state-read", "GET /__mock__/state", _state_read),
    Attack("cross-site-reset", "POST /__mock__/reset as a form", _cross_site_reset),
]


def _attacker(base: str, attack_name: str, stop_at: float) -> None:
    attack = next(item for item in ATTACKS if item.name == attack_name)
    while time.time() < stop_at:
        try:
            attack.run(base)
        except OSError:
            time.sleep(0.01)


# -- the probe --------------------------------------------------------------------


@dataclass
class ProbeResult:
    count: int
    failures: int
    p50_ms: float
    p99_ms: float


def probe(base: str, seconds: float, every_s: float = 0.01) -> ProbeResult:
    host, port = base.removeprefix("http://").split(":")
    headers = {"Authorization": "Bearer probe", "Version": "2021-07-28"}
    latencies: list[float] = []
    failures = 0
    connection: http.client.HTTPConnection | None = None
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, int(port), timeout=5)
            connection.request("GET", RECORD, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                failures += 1
        except (OSError, http.client.HTTPException):
            failures += 1
            if connection is not None:
                connection.close()
            connection = None
        latencies.append((time.monotonic() - started) * 1000)
        time.sleep(max(0.0, every_s - (time.monotonic() - started)))
    if connection is not None:
        connection.close()
    latencies.sort()
    return ProbeResult(
        len(latencies),
        failures,
        latencies[len(latencies) // 2],
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )


def start_server(extra: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port), "--log-level", "warning", *extra]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/__mock__/health", timeout=2):
                return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("crm-mock did not start") from None
            time.sleep(0.1)


def run_settings(label: str, extra: list[str], attacks: list[Attack], seconds: float) -> bool:
    server, base = start_server(extra)
    met = True
    try:
        quiet = probe(base, seconds)
        limit = max(3 * quiet.p99_ms, 150.0)
        print(f"\n## {label}: crm-mock serve {' '.join(extra) or '(defaults)'}")
        print(f"| attack | probe requests | p50 ms | p99 ms | failed | goal p99 <= {limit:.1f} ms |")
        print("|---|---|---|---|---|---|")
        print(f"| (none: quiet) | {quiet.count} | {quiet.p50_ms:.1f} | {quiet.p99_ms:.1f} | {quiet.failures} | |")
        context = multiprocessing.get_context("fork")
        for attack in attacks:
            if attack.setup is not None:
                attack.setup(base)
            stop_at = time.time() + seconds
            attackers = [
                context.Process(target=_attacker, args=(base, attack.name, stop_at)) for _ in range(attack.parallel)
            ]
            for process in attackers:
                process.start()
            time.sleep(0.2)  # the attack is under way before the probe starts
            result = probe(base, seconds - 0.2)
            for process in attackers:
                process.join(STALL_HOLD_S + 30)
                if process.is_alive():
                    process.kill()
            ok = result.failures == 0 and result.p99_ms <= limit
            met = met and ok
            verdict = "met" if ok else "MISSED"
            print(
                f"| {attack.name}: {attack.what} | {result.count} | {result.p50_ms:.1f} | {result.p99_ms:.1f} "
                f"| {result.failures} | {verdict} |",
                flush=True,
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each probe run")
    parser.add_argument("--only", default="", help="comma-separated attack names (default: all)")
    parser.add_argument("--threads-only", action="store_true", help="only the --threads 4 server")
    args = parser.parse_args()
    names = {name.strip() for name in args.only.split(",") if name.strip()}
    attacks = [attack for attack in ATTACKS if not names or attack.name in names]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; ")
    print(f"command: python benchmarks/attack_probe.py {' '.join(sys.argv[1:])}")
    met = True
    if not args.threads_only:
        met = run_settings("default settings", [], attacks, args.seconds) and met
    met = run_settings("four request threads", ["--threads", "4"], attacks, args.seconds) and met
    print("\nall goals met" if met else "\nsome goals MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
