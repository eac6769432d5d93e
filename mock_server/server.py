"""The server process: granian (or the threaded stdlib server), one process, the app
built from CRM_MOCK_*.

`crm-mock serve` checks the settings, specs and fixtures first, then replaces
itself with this module (exec), so the supervising process does not keep a
copy of the app in memory.
"""

from __future__ import annotations

import signal
import sys
import threading
import urllib.request
from types import FrameType

from . import __version__
from .config import Settings

__all__ = ["run"]


def run(settings: Settings) -> None:
    print(f"crm-mock {__version__} serving on http://{settings.host}:{settings.port}", file=sys.stderr, flush=True)
    if settings.server == "threaded":
        _run_threaded(settings)
    else:
        _run_granian(settings)


def _run_threaded(settings: Settings) -> None:
    from .app import app_from_environment, runtime_of
    from .threaded_server import make_threaded_server

    app = app_from_environment()
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
        if settings.state_file is not None:
            saved = runtime_of(app).save_state(settings.state_file)
            print(f"crm-mock: state saved: {saved} tenant(s) to {settings.state_file}", file=sys.stderr, flush=True)


def _run_granian(settings: Settings) -> None:
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    class CrmMockServer(Server):  # type: ignore[misc,valid-type]
        def shutdown(self, exit_code: int = 0) -> None:
            # The state lives in the worker: ask it to save while it still answers.
            if settings.state_file is not None:
                _save_state(settings)
            super().shutdown(exit_code)

    # One worker process: all state lives in its memory.
    CrmMockServer(
        "mock_server.app:app_from_environment",
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=settings.threads,
        factory=True,
        log_level=LogLevels(settings.log_level),
        log_access=settings.log_level == "debug",
    ).serve()


def _save_state(settings: Settings) -> None:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    url = f"http://{host}:{settings.port}/__mock__/state/save"
    try:
        headers = {"X-Admin-Token": settings.admin_token} if settings.admin_token else {}
        saving = urllib.request.Request(url, data=b"{}", method="POST", headers=headers)
        with urllib.request.urlopen(saving, timeout=30) as answer:
            print(f"crm-mock: state saved: {answer.read().decode()}", file=sys.stderr, flush=True)
    except OSError as exc:
        print(f"crm-mock: could not save state to {settings.state_file}: {exc}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    run(Settings.from_env())
