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

from . import __version__
from .config import Settings

__all__ = ["run"]


def run(settings: Settings) -> int:
    from .app import app_for_server
    from .runtime import StateFileError

    try:
        app = app_for_server(settings)
    except (StateFileError, ValueError) as exc:  # a state file or a vendor option it cannot take
        print(f"crm-mock: {exc}", file=sys.stderr)
        return 2
    print(f"crm-mock {__version__} serving on http://{settings.host}:{settings.port}", file=sys.stderr, flush=True)
    try:
        if settings.server == "threaded":
            _run_threaded(settings, app)
        else:
            _run_granian(settings, app)
    finally:
        _save_state(settings, app)
    return 0


def _run_threaded(settings: Settings, app: Flask) -> None:
    from .threaded_server import make_threaded_server

    server = make_threaded_server(settings.host, settings.port, app)

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever to return: call it from another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _run_granian(settings: Settings, app: Flask) -> None:
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server.mt import MTServer

    class InProcessGranian(MTServer):
        def _check_gil(self) -> None:
            # granian refuses thread workers on a GIL build because several of them
            # would share one GIL; with the single worker used here there is nothing
            # to share (measured: the same req/s as its process worker).
            pass

    InProcessGranian(
        "crm-mock",  # the app is handed over below; granian only shows this name
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=1,  # all state lives in this process
        blocking_threads=settings.threads,
        log_level=LogLevels(settings.log_level),
        log_access=settings.log_level == "debug",
    ).serve(target_loader=lambda *args, **kwargs: app, wrap_loader=False)


def _save_state(settings: Settings, app: Any) -> None:
    if settings.state_file is None:
        return
    from .app import runtime_of

    saved = runtime_of(app).save_state(settings.state_file)
    print(f"crm-mock: state saved: {saved} tenant(s) to {settings.state_file}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(run(Settings.from_env()))
