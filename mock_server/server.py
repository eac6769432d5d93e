"""The server process: the app built once, then served by granian (or the threaded
stdlib server) from this same process.

granian's default server runs the app in a second, spawned process; its thread
worker runs it here instead.  One process means the app is built once (broken
fixtures, state files or options fail before the port opens, with a readable
message), one copy of Python and granian in memory, and the state saved at
shutdown by a plain call.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any

from flask import Flask

from .config import Settings
from .core.request_log import flush_request_lines

__all__ = ["run"]


def run(settings: Settings) -> int:
    from .app import app_for_server, runtime_of
    from .runtime import StateFileError
    from .summary import startup_summary, startup_summary_json

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
    finally:
        _save_state(settings, app)
        flush_request_lines()
    return 0


def _announce(summary: str) -> None:
    print(summary, file=sys.stderr, flush=True)


def _run_threaded(settings: Settings, app: Flask, summary: str) -> None:
    from .threaded_server import make_threaded_server

    server = make_threaded_server(settings.host, settings.port, app)
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
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.log import logger as granian_logger
    from granian.server.mt import MTServer

    class InProcessGranian(MTServer):
        def _check_gil(self) -> None:
            # granian refuses thread workers on a GIL build because several of them
            # would share one GIL; with the single worker used here there is nothing
            # to share (measured: the same req/s as its process worker).
            pass

    server = InProcessGranian(
        "crm-mock",  # the app is handed over below; granian only shows this name
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=1,  # all state lives in this process
        blocking_threads=settings.threads,
        # granian's own start-up lines only at debug: the summary says where things are
        log_level=LogLevels(settings.log_level if settings.log_level != "info" else "warning"),
        log_access=False,  # the app logs each request itself (request_log.py)
    )
    # It warns that free-threaded Python is experimental: not what runs here (see above).
    granian_logger.addFilter(lambda record: "free-threaded" not in record.getMessage())
    server.on_startup(lambda: _announce(summary))  # runs once the socket listens
    server.serve(target_loader=lambda *args, **kwargs: app, wrap_loader=False)


def _save_state(settings: Settings, app: Any) -> None:
    if settings.state_file is None:
        return
    from .app import runtime_of

    saved = runtime_of(app).save_state(settings.state_file)
    print(f"crm-mock: state saved: {saved} tenant(s) to {settings.state_file}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(run(Settings.from_env()))
