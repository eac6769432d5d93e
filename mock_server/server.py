"""The server process: the app built once, then served by granian (or the threaded
stdlib server) from this same process.

granian's default server runs the app in a second, spawned process; its embedded
server runs it on this process's event loop instead.  One process means the app is built once (broken
fixtures, state files or options fail before the port opens, with a readable
message), one copy of Python and granian in memory, and the state saved at
shutdown by a plain call.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import signal
import socket
import sys
import threading
from types import FrameType
from typing import Any

from flask import Flask

from .config import Settings
from .core.request_log import flush_request_lines

__all__ = ["PortUnavailable", "claim_port", "run"]


class PortUnavailable(Exception):
    """The address and port cannot be listened on; the one line `serve` prints."""


def claim_port(host: str, port: int) -> int:
    """The port to serve on, checked free (for 0, a free one the system picks).

    granian binds with SO_REUSEPORT on Linux and has no setting to turn it off, so a
    second server on a busy port would listen beside the first and split the state.
    This probe binds without SO_REUSEPORT, which the kernel refuses while any socket
    holds the port; it closes before the server binds, so two servers started in the
    same instant can both pass (a window of milliseconds, documented in the README)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            # a connection of the last run in TIME_WAIT is no conflict (both servers set it too)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            return int(probe.getsockname()[1])
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(f"port {port} is in use on {host}") from None
        raise PortUnavailable(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def run(settings: Settings) -> int:
    from .app import app_for_server, runtime_of
    from .runtime import StateFileError
    from .summary import startup_summary, startup_summary_json

    try:
        settings = settings.with_(port=claim_port(settings.host, settings.port))
    except PortUnavailable as exc:
        print(f"crm-mock: {exc}", file=sys.stderr)
        return 2
    try:
        app = app_for_server(settings)
    except (StateFileError, ValueError) as exc:  # a state file or a vendor option it cannot take
        print(f"crm-mock: {exc}", file=sys.stderr)
        return 2
    announce = startup_summary_json if settings.log_format == "json" else startup_summary
    summary = announce(settings, runtime_of(app))
    try:
        if settings.server == "threaded":
            _run_threaded(settings, app, summary)
        else:
            _run_granian(settings, app, summary)
    except PortUnavailable as exc:  # taken between the probe and the bind
        print(f"crm-mock: {exc}", file=sys.stderr)
        return 2
    finally:
        _save_state(settings, app)
        flush_request_lines()
    if settings.server == "granian":
        _exit_before_finalizing(0)
    return 0


def _exit_before_finalizing(code: int) -> None:
    """End the process now that the state is saved and every line written.  granian's
    Rust threads can outlive its server and call into Python while the interpreter
    finalizes: on Debian's Python 3.11 that aborted the process (a Rust panic,
    SIGABRT) in about one stop of two (scripts/check-image.sh checks the exit code)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _announce(summary: str) -> None:
    print(summary, file=sys.stderr, flush=True)


def _run_threaded(settings: Settings, app: Flask, summary: str) -> None:
    from .threaded_server import make_threaded_server

    try:
        server = make_threaded_server(
            settings.host, settings.port, app, body_timeout_s=settings.body_timeout, body_limit_for=settings.body_limit
        )
    except OSError as exc:
        raise PortUnavailable(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}") from None
    _announce(summary)

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever to return: call it from another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _run_granian(settings: Settings, app: Flask, summary: str) -> None:
    """granian's embedded server on this process's event loop, speaking RSGI to the
    bridge that reads bodies with a deadline before the WSGI app answers."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.log import logger as granian_logger
    from granian.server.embed import Server

    from .dispatch import VendorDispatch
    from .rsgi_bridge import RsgiBridge

    dispatch: VendorDispatch = app.wsgi_app  # type: ignore[assignment]
    bridge = RsgiBridge(
        dispatch.answer,
        dispatch.flask_wsgi,
        body_timeout_s=settings.body_timeout,
        body_limit_for=settings.body_limit,
        threads=settings.threads,
    )
    server = Server(
        bridge,
        address=settings.host,
        port=settings.port,
        interface=Interfaces.RSGI,
        # granian's own start-up lines only at debug: the summary says where things are
        log_level=LogLevels(settings.log_level if settings.log_level != "info" else "warning"),
        log_access=False,  # the app logs each request itself (request_log.py)
    )
    # It warns that embedding is experimental: it is the documented way to serve from
    # a process that already holds the app, which is what this server is.
    granian_logger.addFilter(lambda record: "experimental" not in record.getMessage())
    server.on_startup(lambda: _announce(summary))  # runs once the socket listens

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, server.stop)
        await server.serve()

    asyncio.run(serve())


def _save_state(settings: Settings, app: Any) -> None:
    if settings.state_file is None:
        return
    from .app import runtime_of

    saved = runtime_of(app).save_state(settings.state_file)
    print(f"crm-mock: state saved: {saved} tenant(s) to {settings.state_file}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(run(Settings.from_env()))
