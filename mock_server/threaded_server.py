"""The standard library's threaded WSGI server, as used by MockCRM and `--server threaded`.

Slower than granian, but it lets the app abandon a request: wsgiref's handler
writes nothing when the app raises a ConnectionError, and the connection (one
request each, HTTP/1.0 style) is then closed. That is what "drop" faults need.

Each connection has a thread of its own, so a slow client holds up no one else;
still, the body is read here before the app runs, as rsgi_bridge.py reads it for
granian: within the body timeout (else 408 and the connection closes), chunked
bodies decoded, and a body past the size limit left unread for the app's 413.
Header names with an underscore are dropped (see rsgi_bridge.py for why).
"""

from __future__ import annotations

import contextlib
import io
import socketserver
from collections.abc import Callable
from typing import Any
from wsgiref.headers import Headers
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

__all__ = ["ThreadedServer", "make_threaded_server"]

_MAX_CHUNK_LINE = 1024


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    body_timeout_s: float = 10.0
    body_limit_for: Callable[[str], int] = staticmethod(lambda path: 1_048_576)


class _BodyTooSlow(Exception):
    pass


class _BadChunking(Exception):
    pass


class _Utf8Headers(Headers):
    """Header values on the wire as UTF-8, as granian sends them (and as PHP sends
    EspoCRM's X-Status-Reason); wsgiref's latin-1 failed on any other character and
    answered its own 500 instead."""

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


class _Utf8ServerHandler(ServerHandler):
    headers_class = _Utf8Headers


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        # WSGIRequestHandler.handle, with the handler above.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        for name in {name for name in self.headers if "_" in name}:
            del self.headers[name]
        environ = self.get_environ()
        if self.headers.get("Content-Type") is None:
            # wsgiref fills in "text/plain": the cross-site guard (control/guards.py) must see that none was sent.
            environ.pop("CONTENT_TYPE", None)
        server: ThreadedServer = self.server  # type: ignore[assignment]
        try:
            self.connection.settimeout(server.body_timeout_s)
            body = self._read_body(environ, server.body_limit_for(environ["PATH_INFO"]))
        except (_BodyTooSlow, TimeoutError):
            self._answer_empty(408)
            return
        except _BadChunking:
            self._answer_empty(400)
            return
        finally:
            self.connection.settimeout(None)
        wfile: Any = self.wfile  # typeshed says BufferedIOBase; ServerHandler writes bytes to it
        handler = _Utf8ServerHandler(io.BytesIO(body), wfile, self.get_stderr(), environ, multithread=False)
        handler.request_handler = self  # type: ignore[attr-defined]  # for logging, as wsgiref does
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def _read_body(self, environ: dict[str, Any], limit: int) -> bytes:
        """The whole body, de-chunked; past `limit`, nothing (CONTENT_LENGTH tells the app
        how much was offered, and it answers 413)."""
        if environ.pop("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            chunks: list[bytes] = []
            size = 0
            while True:
                line = self.rfile.readline(_MAX_CHUNK_LINE)
                if not line:
                    raise _BodyTooSlow
                try:
                    length = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError as exc:
                    raise _BadChunking from exc
                if length == 0:
                    self.rfile.readline(_MAX_CHUNK_LINE)  # the empty line after the last chunk
                    break
                size += length
                if size > limit:
                    environ["CONTENT_LENGTH"] = str(size)
                    self.close_connection = True
                    return b""
                chunks.append(self._read_exactly(length))
                self.rfile.readline(_MAX_CHUNK_LINE)
            environ["CONTENT_LENGTH"] = str(size)
            return b"".join(chunks)
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            self.close_connection = True
            return b""
        return self._read_exactly(declared) if declared > 0 else b""

    def _read_exactly(self, count: int) -> bytes:
        data = self.rfile.read(count)
        if len(data) < count:
            raise _BodyTooSlow  # the client closed before sending it all
        return data

    def _answer_empty(self, status: int) -> None:
        self.close_connection = True
        reason = self.responses[status][0]
        head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        with contextlib.suppress(OSError):  # the client may be gone
            self.wfile.write(head.encode())


def make_threaded_server(
    host: str,
    port: int,
    app: Any,
    *,
    body_timeout_s: float = 10.0,
    body_limit_for: Callable[[str], int] | None = None,
) -> ThreadedServer:
    server = make_server(host, port, app, server_class=ThreadedServer, handler_class=_QuietHandler)
    assert isinstance(server, ThreadedServer)
    server.body_timeout_s = body_timeout_s
    if body_limit_for is not None:
        server.body_limit_for = body_limit_for
    return server
