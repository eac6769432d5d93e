"""The server layer under clumsy clients (issue 16, items 1, 9 and 13): a client
that stalls its upload waits alone and gets 408; a chunked body past the limit is
refused whole; header names with underscores never reach the app.

Each case runs against both servers a user can start: granian (`crm-mock serve`,
through rsgi_bridge.py) and the threaded server (MockCRM, `--server threaded`).
The tests say nothing about speed; they check who is answered before whom.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM
from tests.support import HL_LOCATION, HL_VERSION, served

BODY_TIMEOUT_S = 1.0
RECORD = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
RECORDS = "/highlevel/objects/custom_objects.pet/records"
ADMIN = "s3cret"


@pytest.fixture(scope="module", params=["granian", "threaded"])
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A server of each kind with a 1 s body timeout and a locked control plane."""
    if request.param == "threaded":
        with MockCRM(Settings(body_timeout=BODY_TIMEOUT_S, admin_token=ADMIN, log_level="warning")) as crm:
            yield crm.url
        return
    with served("--body-timeout", str(BODY_TIMEOUT_S), "--admin-token", ADMIN, "--log-level", "warning") as url:
        yield url


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _head(url: str, method: str, path: str, token: str, extra: str) -> bytes:
    host, port = _address(url)
    return (
        f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Version: {HL_VERSION}\r\nContent-Type: application/json\r\n{extra}\r\n"
    ).encode()


def _exchange(url: str, data: bytes, *, then: bytes = b"", timeout_s: float = 15) -> tuple[bytes, bool]:
    """Send `data`, read the whole answer; then whether the server closed the connection."""
    connection = socket.create_connection(_address(url), timeout=timeout_s)
    try:
        connection.sendall(data)
        if then:
            connection.sendall(then)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                return received, True
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        length = next(
            (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")),
            0,
        )
        while len(body) < length:
            body += connection.recv(65536)
        connection.settimeout(2)
        try:
            closed = connection.recv(1) == b""  # a closed connection reads as end of file
        except TimeoutError:
            closed = False  # kept open for the next request
        return head + b"\r\n\r\n" + body[:length], closed
    finally:
        connection.close()


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _header(answer: bytes, name: str) -> str | None:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def _body(answer: bytes) -> bytes:
    return answer.split(b"\r\n\r\n", 1)[1]


def _get_record(url: str, token: str, timeout_s: float = 5) -> int:
    request = urllib.request.Request(url + RECORD, headers={"Authorization": f"Bearer {token}", "Version": HL_VERSION})
    with urllib.request.urlopen(request, timeout=timeout_s) as answer:
        status: int = answer.status
        return status


def _count_pets(url: str, token: str) -> int:
    request = urllib.request.Request(
        f"{url}{RECORDS}/search",
        data=json.dumps({"locationId": HL_LOCATION, "page": 1, "pageLimit": 100}).encode(),
        headers={"Authorization": f"Bearer {token}", "Version": HL_VERSION, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        total: int = json.load(answer)["total"]
        return total


def _while_stalled(url: str, stalled: bytes) -> tuple[list[str], bytes, bool]:
    """Start a client that stalls mid-body; while it waits, a second client reads a
    record. Returns who finished first, and the stalled client's answer."""
    order: list[str] = []
    outcome: dict[str, tuple[bytes, bool]] = {}

    def staller() -> None:
        outcome["stalled"] = _exchange(url, stalled)
        order.append("stalled")

    thread = threading.Thread(target=staller)
    thread.start()
    time.sleep(0.2)  # let its headers arrive first
    assert _get_record(url, "probe-token") == 200
    order.append("probe")
    thread.join(30)
    answer, closed = outcome["stalled"]
    return order, answer, closed


def test_a_stalled_upload_gets_408_and_holds_no_one_up(server_url: str) -> None:
    stalled = _head(server_url, "POST", RECORDS, "stall-1", "Content-Length: 100000\r\n") + b'{"locationId":'
    order, answer, closed = _while_stalled(server_url, stalled)
    assert order == ["probe", "stalled"]  # with no deadline the probe waited behind it, or forever
    assert _status(answer) == 408
    assert _body(answer) == b""
    assert closed


def test_a_slow_chunked_upload_gets_408_and_holds_no_one_up(server_url: str) -> None:
    stalled = _head(server_url, "POST", RECORDS, "stall-2", "Transfer-Encoding: chunked\r\n") + b'5\r\n{"loc\r\n'
    order, answer, closed = _while_stalled(server_url, stalled)
    assert order == ["probe", "stalled"]
    assert _status(answer) == 408
    assert closed


def test_a_chunked_body_past_the_limit_is_refused_whole(server_url: str) -> None:
    token = "chunked-too-large"
    before = _count_pets(server_url, token)
    body = json.dumps({"locationId": HL_LOCATION, "properties": {"name": "x" * 1_100_000}}).encode()
    pieces = [body[at : at + 65536] for at in range(0, len(body), 65536)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    answer, closed = _exchange(
        server_url, _head(server_url, "POST", RECORDS, token, "Transfer-Encoding: chunked\r\n"), then=chunked
    )
    # HighLevel's 413 (FACTS.md), as for a declared Content-Length over the limit; before,
    # the body was cut at 1 MiB and the create answered 201 with part of the data.
    assert _status(answer) == 413
    assert json.loads(_body(answer)) == {"statusCode": 413, "message": "request entity too large"}
    assert closed
    assert _count_pets(server_url, token) == before


def test_a_small_chunked_body_is_read_whole(server_url: str) -> None:
    body = json.dumps({"locationId": HL_LOCATION, "properties": {"name": "Chunky", "age": 2}}).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[at : at + 7]), body[at : at + 7]) for at in range(0, len(body), 7))
    head = _head(server_url, "POST", RECORDS, "chunked-small", "Transfer-Encoding: chunked\r\n")
    answer, _ = _exchange(server_url, head, then=chunked + b"0\r\n\r\n")
    assert _status(answer) == 201
    assert json.loads(_body(answer))["record"]["properties"] == {"name": "Chunky", "age": 2}


def _control_status(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url + "/__mock__/requests", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_an_underscored_admin_header_is_not_the_admin_header(server_url: str) -> None:
    # WSGI folds X_Admin_Token into the same key as X-Admin-Token; nginx and gunicorn
    # drop such names by default, so a proxy and the mock would disagree about them.
    assert _control_status(server_url, {"X_Admin_Token": ADMIN}) == 401
    assert _control_status(server_url, {"X-Admin-Token": ADMIN}) == 200
    assert _control_status(server_url, {"X_Admin_Token": "wrong", "X-Admin-Token": ADMIN}) == 200


def test_a_delayed_answer_holds_no_one_else_up(server_url: str) -> None:
    # With one request thread, a delay fault slept on it, and every other client waited.
    rule = {"vendor": "highlevel", "tenant": "slow-tenant", "action": {"delay": 3}}
    request = urllib.request.Request(
        server_url + "/__mock__/faults",
        data=json.dumps(rule).encode(),
        headers={"Content-Type": "application/json", "X-Admin-Token": ADMIN},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201
    order: list[str] = []

    def slow() -> None:
        assert _get_record(server_url, "slow-tenant", timeout_s=20) == 200
        order.append("slow")

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)  # the slow request is in its delay
    assert _get_record(server_url, "quick-tenant") == 200
    order.append("quick")
    thread.join(30)
    assert order == ["quick", "slow"]
