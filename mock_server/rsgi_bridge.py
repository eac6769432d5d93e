"""granian's RSGI interface in front of the WSGI app.

granian's WSGI interface hands the app a body stream that blocks its thread until
the client sends every byte, with no deadline: one client that declares a body and
stalls freezes the server for everyone.  Here the body is read on the event loop,
with a deadline (`--body-timeout`) and a size limit, while other requests go on;
only then does the WSGI app answer, from the bytes in hand.

What the bridge decides itself, before the app sees the request:
- a body not complete within the deadline: 408 with no body, and the connection closed;
- a body over the limit (declared or, when chunked, counted while reading): not read
  further; the app is told its size and answers its own 413; the connection is closed;
- header names with an underscore are dropped, as nginx and gunicorn do by default:
  WSGI folds `X_Admin_Token` and `X-Admin-Token` into one key, so a proxy and the app
  would disagree about which header was sent.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .core.answer import Answer
from .core.faults import DEFER_DELAY_ENVIRON_KEY, DELAY_ENVIRON_KEY

__all__ = ["RsgiBridge"]

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
_TIMED_OUT_HEADERS = [("connection", "close")]
_STREAM_SLICE_S = 0.005  # a body made in parts holds the loop this long at most between pauses
_STREAM_PAUSE_S = 0.0005


def _environ_key(name: str) -> str | None:
    """The WSGI environ key of a (lower-case) header name; None for a name to drop."""
    if "_" in name:
        return None
    if name == "content-type":
        return "CONTENT_TYPE"
    if name == "content-length":
        return "CONTENT_LENGTH"
    return "HTTP_" + name.upper().replace("-", "_")


class RsgiBridge:
    def __init__(
        self,
        answer: Callable[[dict[str, Any]], Answer | None],
        app: WsgiApp,
        *,
        body_timeout_s: float,
        body_limit_for: Callable[[str], int],
        threads: int = 1,
    ) -> None:
        self.answer = answer  # the dispatcher's own answer, sent as it is (no WSGI in between)
        self.app = app  # the WSGI app for what the dispatcher leaves (the control plane, misses)
        self.body_timeout_s = body_timeout_s
        self.body_limit_for = body_limit_for
        # One thread answers inline on the loop (fastest); more run the app in a pool so
        # that slow answers overlap.
        self.executor = ThreadPoolExecutor(threads, thread_name_prefix="crm-mock") if threads > 1 else None
        self.multithread = threads > 1
        self._deadlines = _Deadlines(body_timeout_s)
        self._header_keys: dict[str, str | None] = {}
        self._servers: dict[str, tuple[str, str]] = {}

    async def __call__(self, scope: Any, protocol: Any) -> None:
        await self.__rsgi__(scope, protocol)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        environ = self._environ(scope)
        received = await self._receive(scope, protocol, environ)
        if received is None:
            protocol.response_empty(408, _TIMED_OUT_HEADERS)
            return
        body, close = received
        environ["wsgi.input"] = io.BytesIO(body)
        if self.executor is None:
            environ[DEFER_DELAY_ENVIRON_KEY] = True  # a delay fault must not hold the loop
            answer = self._call_app(environ)
        else:
            answer = await asyncio.get_running_loop().run_in_executor(self.executor, self._call_app, environ)
        delay = environ.get(DELAY_ENVIRON_KEY)
        if delay:
            await asyncio.sleep(delay)
        if close:
            answer.headers.append(("connection", "close"))
        if answer.rest is not None:
            await self._stream(protocol, answer)
        elif answer.status in (204, 304) or answer.status < 200:
            protocol.response_empty(answer.status, answer.headers)
        else:
            protocol.response_bytes(answer.status, answer.headers, answer.first)  # granian leaves out a HEAD's body

    async def _stream(self, protocol: Any, answer: _Answer) -> None:
        """A body the app yields in parts (a state snapshot, tenant by tenant): each part
        is made and sent in turn, and other requests are served between parts."""
        assert answer.rest is not None
        transport = protocol.response_stream(answer.status, answer.headers)
        loop = asyncio.get_running_loop()
        paused = loop.time()
        try:
            chunk: bytes | None = answer.first
            while chunk is not None:
                if chunk:
                    await transport.send_bytes(chunk)
                if loop.time() - paused > _STREAM_SLICE_S:
                    # A true wait, not sleep(0): granian hands the loop new requests only
                    # when it waits (measured: with sleep(0) they waited for the whole body).
                    await asyncio.sleep(_STREAM_PAUSE_S)
                    paused = loop.time()
                if self.executor is None:
                    chunk = next(answer.rest, None)
                else:
                    chunk = await loop.run_in_executor(self.executor, next, answer.rest, None)
        finally:
            answer.close()

    async def _receive(self, scope: Any, protocol: Any, environ: dict[str, Any]) -> tuple[bytes, bool] | None:
        """The body to hand the app and whether to close the connection after answering;
        None when the client did not send it in time."""
        declared = environ.get("CONTENT_LENGTH")
        if declared is None and "HTTP_TRANSFER_ENCODING" not in environ and scope.http_version != "2":
            return b"", False  # HTTP/1 without either header has no body
        limit = self.body_limit_for(environ["PATH_INFO"])
        announced = _declared_size(declared)
        if announced is not None and announced > limit:
            return b"", True  # left unread: the app answers 413 from the declared size
        reading = self._deadlines.start()
        try:
            if announced is not None and "HTTP_TRANSFER_ENCODING" not in environ:
                body = await protocol()  # a declared length within the limit: read at once
                size = len(body)
            else:
                body, size = await self._read_body(protocol, limit)
        except asyncio.CancelledError:
            if self._deadlines.expired(reading):
                return None
            raise
        finally:
            self._deadlines.stop(reading)
        environ.pop("HTTP_TRANSFER_ENCODING", None)  # the app gets the body whole, with its length
        environ["CONTENT_LENGTH"] = str(size)
        if size > limit:
            return b"", True  # past the limit: the app answers 413 from CONTENT_LENGTH
        return body, False

    @staticmethod
    async def _read_body(protocol: Any, limit: int) -> tuple[bytes, int]:
        """The body and the bytes received; past `limit`, reading stops (and the body is partial)."""
        chunks: list[bytes] = []
        size = 0
        async for chunk in protocol:
            size += len(chunk)
            if size > limit:
                break
            chunks.append(chunk)
        return b"".join(chunks), size

    def _call_app(self, environ: dict[str, Any]) -> _Answer:
        native = self.answer(environ)
        if native is not None:
            return _Answer.whole(native)
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return None

        result = self.app(environ, start_response)
        answer = _Answer(result)
        try:
            parts = iter(result)
            answer.first = next(parts, b"")
            second = next(parts, None)
            if second is not None:  # a body in parts: sent as it is made (see _stream)
                answer.first += second
                answer.rest = parts
        finally:
            if answer.rest is None:
                answer.close()
        status, headers = started
        answer.status, answer.headers = int(status[:3]), list(headers)
        return answer

    def _environ(self, scope: Any) -> dict[str, Any]:
        server = self._servers.get(scope.server)
        if server is None:
            host, _, port = scope.server.rpartition(":")
            server = self._servers[scope.server] = (host.strip("[]"), port)
        path = scope.path
        environ: dict[str, Any] = {
            "REQUEST_METHOD": scope.method,
            "SCRIPT_NAME": "",
            # PEP 3333: the decoded path's bytes, one character per byte
            "PATH_INFO": path if path.isascii() else path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": scope.query_string,
            "SERVER_NAME": server[0],
            "SERVER_PORT": server[1],
            "SERVER_PROTOCOL": "HTTP/" + scope.http_version,
            "SERVER_SOFTWARE": "crm-mock (granian)",
            "REMOTE_ADDR": scope.client.rpartition(":")[0].strip("[]"),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scope.scheme,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": self.multithread,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }
        keys = self._header_keys
        for name, value in scope.headers.items():
            key = keys.get(name, "")
            if key == "":
                key = _environ_key(name)
                if len(keys) < 256:  # the names clients really send; never grown without bound
                    keys[name] = key
            if key is None:
                continue
            if key in environ:
                environ[key] += "," + value  # repeated header: one comma-joined value, as servers do
            else:
                environ[key] = value
        return environ


class _Deadlines:
    """Body reads that must end within `timeout_s`.  One watcher task looks every
    quarter of a second (or sooner for a short timeout) and cancels the reads past
    their deadline: a timer per request (asyncio.timeout) cost a twentieth of a POST."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.tick_s = min(0.25, timeout_s / 4)
        self._reads: dict[asyncio.Task[Any], float] = {}
        self._expired: set[asyncio.Task[Any]] = set()
        self._watcher: asyncio.Task[None] | None = None

    def start(self) -> asyncio.Task[Any]:
        task = asyncio.current_task()
        assert task is not None  # granian runs each request as an asyncio task
        self._reads[task] = asyncio.get_running_loop().time() + self.timeout_s
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch())
        return task

    def stop(self, task: asyncio.Task[Any]) -> None:
        self._reads.pop(task, None)

    def expired(self, task: asyncio.Task[Any]) -> bool:
        """Whether the watcher cancelled `task` (then the cancel is taken back)."""
        if task not in self._expired:
            return False
        self._expired.discard(task)
        task.uncancel()
        return True

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while self._reads:
            await asyncio.sleep(self.tick_s)
            now = loop.time()
            for task, deadline in list(self._reads.items()):
                if deadline <= now and task not in self._expired:
                    self._expired.add(task)
                    task.cancel()


class _Answer:
    """What the WSGI app answered: status, headers, the body's first part and, for a
    body in parts, an iterator over the rest."""

    __slots__ = ("first", "headers", "rest", "result", "status")

    def __init__(self, result: Iterable[bytes]) -> None:
        self.result = result
        self.status = 500
        self.headers: list[tuple[str, str]] = []
        self.first = b""
        self.rest: Iterator[bytes] | None = None

    @classmethod
    def whole(cls, native: Answer) -> _Answer:
        """The dispatcher's own answer: all in hand, nothing to close."""
        answer = cls(())
        answer.status, answer.headers, answer.first = native.status, native.headers, native.body
        return answer

    def close(self) -> None:
        close = getattr(self.result, "close", None)
        if close is not None:
            close()


def _declared_size(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
