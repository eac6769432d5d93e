"""The standard library's threaded WSGI server, as used by MockCRM and `--server threaded`.

Slower than granian, but it lets the app abandon a request: wsgiref's handler
writes nothing when the app raises a ConnectionError, and the connection (one
request each, HTTP/1.0 style) is then closed. That is what "drop" faults need.
"""

from __future__ import annotations

import socketserver
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

__all__ = ["ThreadedServer", "make_threaded_server"]


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def make_threaded_server(host: str, port: int, app: Any) -> ThreadedServer:
    server = make_server(host, port, app, server_class=ThreadedServer, handler_class=_QuietHandler)
    assert isinstance(server, ThreadedServer)
    return server
