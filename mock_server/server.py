"""The production server: granian, one worker process, the app built from CRM_MOCK_*.

`crm-mock serve` checks the settings, specs and fixtures first, then replaces
itself with this module (exec), so the supervising process does not keep a
copy of the app in memory.
"""

from __future__ import annotations

import sys

from . import __version__
from .config import Settings

__all__ = ["run"]


def run(settings: Settings) -> None:
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    print(f"crm-mock {__version__} serving on http://{settings.host}:{settings.port}", file=sys.stderr, flush=True)
    # One worker process: all state lives in its memory.
    Server(
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


if __name__ == "__main__":
    run(Settings.from_env())
