"""Logging for a server process: one line per vendor request, as text or JSON.

Request lines skip the logging module: a LogRecord, a formatter and a write to
stderr for every request cost a fifth of a GET's throughput.  The line is built
with one format call and handed to a buffer that a background thread writes out
every 0.2 s (and at exit), so the request only pays for the formatting.  Other
messages go through `logging` as usual, in the same format.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

__all__ = ["REQUEST_LOGGER", "configure_logging", "flush_request_lines", "log_exchange"]

REQUEST_LOGGER = logging.getLogger("crm_mock.requests")
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger and message (request lines, built
    in log_exchange, add the request's fields)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


class _LineBuffer:
    """Lines gathered by request threads, written by one background thread."""

    def __init__(self, stream: TextIO, every_s: float = 0.2) -> None:
        self.stream = stream
        self.lines: list[str] = []
        self.lock = threading.Lock()
        self.every_s = every_s
        threading.Thread(target=self._run, name="crm-mock-request-log", daemon=True).start()
        atexit.register(self.flush)

    def add(self, line: str) -> None:
        with self.lock:  # else a line appended to the list flush() has just taken is lost
            self.lines.append(line)

    def flush(self) -> None:
        with self.lock:
            lines, self.lines = self.lines, []
        if lines:
            try:
                self.stream.write("\n".join(lines) + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing to do
                pass

    def _run(self) -> None:
        while True:
            time.sleep(self.every_s)
            self.flush()


_buffer: _LineBuffer | None = None
_json = False


def configure_logging(level: str, log_format: str) -> None:
    """For a server process: the root logger in this format on stderr, and request lines buffered."""
    global _buffer, _json
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(_TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("crm_mock").setLevel(level.upper())
    _json = log_format == "json"
    if _buffer is None:
        _buffer = _LineBuffer(sys.stderr)


def flush_request_lines() -> None:
    if _buffer is not None:
        _buffer.flush()


def log_exchange(
    vendor: str,
    operation_id: str | None,
    method: str,
    path: str,
    status: int,
    duration_ms: float,
    violations: int,
    tenant: Callable[[], str | None],
) -> None:
    """One line for an answered request; the caller has checked that REQUEST_LOGGER
    logs INFO.  `tenant` is asked only for JSON lines (naming a tenant hashes its
    credential)."""
    shown = "dropped" if status == 0 else status
    message = (
        f"{vendor} {operation_id or '(no operation)'} {_printable(method)} {_printable(path)} -> {shown} "
        f"in {duration_ms:.1f} ms, "
        f"{violations} violation{'' if violations == 1 else 's'}"
    )
    if _buffer is None:  # an app inside someone's process (tests, MockCRM): plain logging
        REQUEST_LOGGER.info("%s", message)
        return
    now = time.time()
    if _json:
        stamp = datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")
        fields = {
            "vendor": vendor,
            "operationId": operation_id,
            "method": method,
            "path": path,
            "status": status,
            "durationMs": round(duration_ms, 3),
            "violations": violations,
            "tenant": tenant(),
        }
        base = {"time": stamp, "level": "info", "logger": REQUEST_LOGGER.name, "message": message}
        _buffer.add(json.dumps({**base, **fields}))
    else:
        _buffer.add(f"{_second(int(now))},{int(now % 1 * 1000):03d} INFO crm_mock.requests: {message}")


def _printable(text: str) -> str:
    """Decoded control characters (%0A, %00) escaped: a request can never forge or break a line."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


@functools.lru_cache(maxsize=2)
def _second(epoch_second: int) -> str:
    """The local date and time of a second, as logging's default format shows it."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch_second))
