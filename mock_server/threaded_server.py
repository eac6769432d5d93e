"""The standard library's threaded WSGI server, as used by MockCRM and `--server threaded`.

Slower than granian, but it lets the app abandon a request: wsgiref's handler
writes nothing when the app raises a ConnectionError, and the connection (one
request each, HTTP/1.0 style) is then closed. That is what "drop" faults need.
"""

from __future__ import annotations

import socketserver
from typing import Any
from wsgiref.headers import Headers
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

__all__ = ["ThreadedServer", "make_threaded_server"]


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


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
        wfile: Any = self.wfile  # typeshed says BufferedIOBase; ServerHandler writes bytes to it
        handler = _Utf8ServerHandler(self.rfile, wfile, self.get_stderr(), self.get_environ(), multithread=False)
        handler.request_handler = self  # type: ignore[attr-defined]  # for logging, as wsgiref does
        handler.run(self.server.get_app())  # type: ignore[attr-defined]


def make_threaded_server(host: str, port: int, app: Any) -> ThreadedServer:
    server = make_server(host, port, app, server_class=ThreadedServer, handler_class=_QuietHandler)
    assert isinstance(server, ThreadedServer)
    return server
